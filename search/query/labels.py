"""What a reader sees for a facet value: a name, where the value is a code.

Facet values stay the identifiers the data uses (``skynews``), so URLs and the
API are stable; the page shows a label (``سكاي نيوز عربية``). Labels come from
the names the corpus itself declares (a record's or manifest's ``source_name``,
kept per index version: :meth:`Engine.source_names`), then the shipped table
(``search/data/source_labels.json``) and, for outlets the outlets table knows
by a Latin name (``KUNA``), that table. A newsroom's own declaration wins: it
knows its codes better than a table shipped with Bahth.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

from search.request.facets import FacetSpec


@lru_cache(maxsize=1)
def _source_labels() -> dict[str, str]:
    data = resources.files("search.data")
    labels: dict[str, str] = {}
    outlets = json.loads(data.joinpath("outlets.json").read_text("utf-8"))
    for entry in outlets["entries"]:
        if entry.get("latin"):
            labels[entry["latin"].casefold()] = entry["canonical"]
    table = json.loads(data.joinpath("source_labels.json").read_text("utf-8"))
    labels.update({code.casefold(): name for code, name in table["labels"].items()})
    return labels


def display_label(spec: FacetSpec, value: str, declared: Mapping[str, str] | None = None) -> str:
    """The label of one value of a facet (the value itself when it is already a name)."""
    if spec.name == "source":
        return source_label(value, declared)
    return value


def source_label(value: str | None, declared: Mapping[str, str] | None = None) -> str:
    """The name a reader sees for a source value (empty for none)."""
    if not value:
        return ""
    if declared and value in declared:
        return declared[value]
    return _source_labels().get(value.casefold(), value)
