"""Filters and disjunctive facet counts in Solr's JSON Facet API, from the facet registry.

Every facet of :data:`search.request.facets.FACETS` filters with a tagged filter
query (``{!tag=f_source}``) and is counted in a domain that drops its own tag
(``excludeTags``), so ticking one source still shows the other sources' counts,
as the Whoosh engine counts. Keyword facets are ``terms`` facets on the field
named like the facet (``source``, ``actors``, ``places``); months are a
``range`` facet on ``published`` with ``gap: +1MONTH``. Counts are refined
(``refine: true``): without it a shard's top values are summed as if they were
everyone's, and a count can come out low. Weak names one article alone gives
are *hidden* (:mod:`search.engine.solr.weak`): not counted, not filtered on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from search.engine.base import FacetCounts
from search.engine.solr.syntax import quoted
from search.engine.solr.weak import Hidden, selected_filter
from search.request.facets import FACETS, FacetSpec
from search.request.params import SearchParams

DATE_FIELD = "published"


def tag(spec: FacetSpec) -> str:
    return f"f_{spec.name}"


def _day(day: dt.date, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59.999' if end else '00:00:00'}Z"


def filter_queries(params: SearchParams, hidden: Hidden | None = None) -> list[str]:
    """One tagged filter per facet the parameters select."""
    out = []
    for spec in FACETS:
        if spec.is_keyword:
            selected = list(dict.fromkeys(params.selected(spec.name)))
            if selected:
                kept = selected_filter(spec.name, selected, _hidden(spec, hidden))
                out.append(f"{{!tag={tag(spec)}}}{kept}")
        elif params.date_from or params.date_to:
            start = _day(params.date_from) if params.date_from else "*"
            end = _day(params.date_to, end=True) if params.date_to else "*"
            out.append(f"{{!tag={tag(spec)}}}{DATE_FIELD}:[{start} TO {end}]")
    return out


def _hidden(spec: FacetSpec, hidden: Hidden | None) -> frozenset[str]:
    return (hidden or {}).get(spec.name, frozenset())


def _selected(spec: FacetSpec, params: SearchParams) -> tuple[str, ...]:
    return params.selected(spec.name)


def json_facets(
    params: SearchParams,
    months: tuple[str, str] | None,
    refine: bool = True,
    limits: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The ``json.facet`` body; ``months`` is the first and last month the collection holds.

    ``refine=False`` is for a cluster missing a shard: Solr 9.10's refinement then fails
    with a NullPointerException, and the counts are partial anyway. ``limits`` asks some
    keyword facets for more values (:func:`short_facets`).
    """
    body: dict[str, Any] = {}
    for spec in FACETS:
        if not params.counts(spec.name):
            continue
        domain = {"excludeTags": tag(spec)}
        if spec.is_keyword:
            body[spec.name] = {
                "type": "terms",
                "field": spec.name,
                # one more says whether the list is cut
                "limit": (limits or {}).get(spec.name, spec.limit + 1),
                "overrequest": 4 * spec.limit + 20,
                "refine": refine,
                # Values whose first, partial sum ranks just below the list are refined too:
                # a shard that cut its list among many small tied counts leaves a value's
                # sum low until refined (ANT: a name of 11 articles read as 9, listed after 10).
                "overrefine": 4 * spec.limit + 20,
                "mincount": 1,
                "sort": "count desc",
                "domain": domain,
            }
            for i, value in enumerate(dict.fromkeys(_selected(spec, params))):
                body[f"{spec.name}__sel{i}"] = {
                    "type": "query",
                    "q": f"{spec.name}:{quoted(value)}",
                    "domain": domain,
                }
        elif months is not None:
            body[spec.name] = {**month_range(months), "domain": domain}
    return body


def month_range(months: tuple[str, str]) -> dict[str, Any]:
    """A ``json.facet`` range counting matches per month from ``months[0]`` through
    ``months[1]`` (the facets' histogram and :meth:`Engine.timeline` alike)."""
    return {
        "type": "range",
        "field": DATE_FIELD,
        "start": f"{months[0]}-01T00:00:00Z",
        "end": f"{months[1]}-01T00:00:00Z+1MONTH",
        "gap": "+1MONTH",
        "mincount": 1,
    }


def _counts(
    spec: FacetSpec, answer: dict[str, Any], hidden: frozenset[str] = frozenset()
) -> list[tuple[str, int]]:
    buckets = (answer.get(spec.name) or {}).get("buckets") or []
    if spec.is_keyword:
        pairs = [(str(b["val"]), int(b["count"])) for b in buckets if str(b["val"]) not in hidden]
        return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))  # ties in label order, as Whoosh
    return [(str(b["val"])[:7], int(b["count"])) for b in buckets if b.get("count")]


def short_facets(answer: dict[str, Any], hidden: Hidden) -> dict[str, int]:
    """Keyword facets whose list Solr cut and hiding values shortened: facet → the limit
    to ask again with (enough for every hidden value to have been in the way)."""
    short = {}
    for spec in FACETS:
        gone = _hidden(spec, hidden)
        buckets = (answer.get(spec.name) or {}).get("buckets") or []
        if not gone or len(buckets) < spec.limit + 1:
            continue
        if any(str(b["val"]) in gone for b in buckets):
            short[spec.name] = spec.limit + 1 + len(gone)
    return short


def facet_counts(
    answer: dict[str, Any], params: SearchParams, hidden: Hidden | None = None
) -> dict[str, FacetCounts]:
    """The ``facets`` of Solr's response as the seam's counts, selected values always shown."""
    out = {}
    for spec in FACETS:
        if not params.counts(spec.name):
            continue
        gone = _hidden(spec, hidden)
        counted = _counts(spec, answer, gone)
        shown = counted[: spec.limit]
        listed = {value for value, _ in shown}
        selected = tuple(dict.fromkeys(_selected(spec, params)))
        missing = []
        for i, value in enumerate(selected):
            if value in listed:
                continue
            hit = answer.get(f"{spec.name}__sel{i}") or {}
            missing.append((value, 0 if value in gone else int(hit.get("count") or 0)))
        missing.sort(key=lambda vc: (-vc[1], vc[0] if vc[1] else ""))
        chosen = set(selected)
        values = tuple((v, c, v in chosen) for v, c in shown + missing)
        out[spec.name] = FacetCounts(values, len(counted) > spec.limit)
    return out


Select = Callable[[dict[str, Any]], dict[str, Any]]


def all_values(select: Select, field: str) -> list[str]:
    """Every value a keyword field holds in the collection, most articles first."""
    body = {"v": {"type": "terms", "field": field, "limit": -1}}
    answer = select({"q": "*:*", "rows": 0, "json.facet": json.dumps(body)})
    return [
        str(b["val"]) for b in ((answer.get("facets") or {}).get("v") or {}).get("buckets") or []
    ]


def declared_names(select: Select) -> dict[str, str]:
    """source → the name most of its articles declare (``source_name``)."""
    most = {"type": "terms", "field": "source_name", "limit": 1}
    body = {"s": {"type": "terms", "field": "source", "limit": -1, "facet": {"n": most}}}
    answer = select({"q": "source_name:*", "rows": 0, "json.facet": json.dumps(body)})
    buckets = ((answer.get("facets") or {}).get("s") or {}).get("buckets")
    return {
        str(b["val"]): str(b["n"]["buckets"][0]["val"])
        for b in buckets or []
        if (b.get("n") or {}).get("buckets")
    }
