"""Tagger-only names that one article alone gives: left out of the facets, as on Whoosh.

A name only the tagger vouches for, below its confident threshold
(:func:`search.ingest.extract.entities.weak_values`), counts in the ``actors``
and ``places`` facets only if another article of the corpus names it too. The
Whoosh engine applies this when it reads a version's facet arrays. A Solr
build cannot know it per document (the rest of the corpus is still to come),
so each document keeps its weak values in a ``weak`` field, and the engine
works out, once per collection, which weak values a single article names
(:func:`hidden_values`); counts skip them and a filter on one matches nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from search.engine.solr.syntax import TERMS_SEPARATOR, quoted, terms_list
from search.engine.solr.translate import MATCH_NOTHING
from search.request.facets import MULTI_FACETS

#: The facets the rule applies to: every multi-valued one (as the Whoosh columns).
WEAK_FACETS = tuple(spec.name for spec in MULTI_FACETS)
WEAK_FIELD = "weak"

Hidden = dict[str, frozenset[str]]
Select = Callable[[dict[str, Any]], dict[str, Any]]


def _buckets(answer: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return ((answer.get("facets") or {}).get(name) or {}).get("buckets") or []


def hidden_values(select: Select) -> Hidden:
    """Per facet, the weak values exactly one article names (two requests per collection:
    the weak values, then the counts of every value over the articles naming one)."""
    listing = {"w": {"type": "terms", "field": WEAK_FIELD, "limit": -1}}
    found = select({"q": f"{WEAK_FIELD}:*", "rows": 0, "json.facet": json.dumps(listing)})
    weak = sorted({str(b["val"]) for b in _buckets(found, "w")})
    if not weak:
        return {name: frozenset() for name in WEAK_FACETS}
    # Every article naming a weak value: its counts there are the collection's. (In
    # parentheses: local parameters leading a query string would apply to all of it.)
    naming = (
        "(" + " OR ".join(f"{{!terms f={n} separator=$sep v=$weak}}" for n in WEAK_FACETS) + ")"
    )
    counts = {name: {"type": "terms", "field": name, "limit": -1} for name in WEAK_FACETS}
    answer = select(
        {
            "q": "*:*",
            "fq": naming,
            "rows": 0,
            "sep": TERMS_SEPARATOR,
            "weak": terms_list(weak),
            "json.facet": json.dumps(counts),
        }
    )
    known = set(weak)
    return {
        name: frozenset(
            str(b["val"])
            for b in _buckets(answer, name)
            if int(b["count"]) == 1 and str(b["val"]) in known
        )
        for name in WEAK_FACETS
    }


def selected_filter(field: str, values: list[str], hidden: frozenset[str]) -> str:
    """``field:(a OR b)`` over the selected values a facet lists (a hidden one is in no
    article's facet, as on Whoosh)."""
    shown = [v for v in values if v not in hidden]
    if not shown:
        return MATCH_NOTHING
    return f"{field}:(" + " OR ".join(quoted(v) for v in shown) + ")"
