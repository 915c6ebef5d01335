"""Values of a multi-valued facet found beside one of its values (an actor's page), with
one request: the value as a filter (a ``{!term}`` parameter, never parsed as syntax)
and a ``terms`` facet on the same field, which that filter does not lift."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Select = Callable[[dict[str, Any]], dict[str, Any]]


def cooccurring(select: Select, field: str, value: str, limit: int) -> list[tuple[str, int]]:
    """The ``limit`` values of ``field`` most often in the articles holding ``value``."""
    facet = {"v": {"type": "terms", "field": field, "limit": limit + 1, "mincount": 1}}
    answer = select(
        {
            "q": "*:*",
            "rows": 0,
            "fq": f"{{!term f={field} v=$cooccurring}}",
            "cooccurring": value,
            "json.facet": json.dumps(facet),
        }
    )
    buckets = ((answer.get("facets") or {}).get("v") or {}).get("buckets") or []
    found = [(str(b["val"]), int(b["count"])) for b in buckets]
    return [(v, c) for v, c in found if v != value][:limit]
