"""Filters and disjunctive facet counts in Solr's JSON Facet API, from the facet registry.

Every facet of :data:`search.query.facets.FACETS` filters with a tagged filter
query (``{!tag=f_source}``) and is counted in a domain that drops its own tag
(``excludeTags``), so ticking one source still shows the other sources' counts,
as the Whoosh engine counts. Keyword facets are ``terms`` facets on the field
named like the facet (``source``, ``actors``, ``places``); months are a
``range`` facet on ``published`` with ``gap: +1MONTH``. Counts are refined
(``refine: true``): without it a shard's top values are summed as if they were
everyone's, and a count can come out low.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from search.engine.base import FacetCounts
from search.engine.solr.translate import quoted
from search.query.facets import FACETS, FacetSpec, month_selection
from search.query.params import SearchParams

DATE_FIELD = "published"


def tag(spec: FacetSpec) -> str:
    return f"f_{spec.name}"


def _day(day: dt.date, end: bool = False) -> str:
    return f"{day.isoformat()}T{'23:59:59.999' if end else '00:00:00'}Z"


def filter_queries(params: SearchParams) -> list[str]:
    """One tagged filter per facet the parameters select."""
    out = []
    for spec in FACETS:
        if spec.is_keyword:
            selected = list(dict.fromkeys(getattr(params, spec.attribute or "")))
            if selected:
                values = " OR ".join(quoted(v) for v in selected)
                out.append(f"{{!tag={tag(spec)}}}{spec.name}:({values})")
        elif params.date_from or params.date_to:
            start = _day(params.date_from) if params.date_from else "*"
            end = _day(params.date_to, end=True) if params.date_to else "*"
            out.append(f"{{!tag={tag(spec)}}}{DATE_FIELD}:[{start} TO {end}]")
    return out


def _selected(spec: FacetSpec, params: SearchParams) -> tuple[str, ...]:
    return getattr(params, spec.attribute) if spec.attribute else month_selection(params)


def json_facets(
    params: SearchParams, months: tuple[str, str] | None, refine: bool = True
) -> dict[str, Any]:
    """The ``json.facet`` body; ``months`` is the first and last month the collection holds.

    ``refine=False`` is for a cluster missing a shard: Solr 9.10's refinement then fails
    with a NullPointerException, and the counts are partial anyway.
    """
    body: dict[str, Any] = {}
    for spec in FACETS:
        domain = {"excludeTags": tag(spec)}
        if spec.is_keyword:
            body[spec.name] = {
                "type": "terms",
                "field": spec.name,
                "limit": spec.limit + 1,  # one more says whether the list is cut
                "overrequest": 4 * spec.limit + 20,
                "refine": refine,
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
            body[spec.name] = {
                "type": "range",
                "field": DATE_FIELD,
                "start": f"{months[0]}-01T00:00:00Z",
                "end": f"{months[1]}-01T00:00:00Z+1MONTH",
                "gap": "+1MONTH",
                "mincount": 1,
                "domain": domain,
            }
    return body


def _counts(spec: FacetSpec, answer: dict[str, Any]) -> list[tuple[str, int]]:
    buckets = (answer.get(spec.name) or {}).get("buckets") or []
    if spec.is_keyword:
        pairs = [(str(b["val"]), int(b["count"])) for b in buckets]
        return sorted(pairs, key=lambda vc: (-vc[1], vc[0]))  # ties in label order, as Whoosh
    return [(str(b["val"])[:7], int(b["count"])) for b in buckets if b.get("count")]


def facet_counts(answer: dict[str, Any], params: SearchParams) -> dict[str, FacetCounts]:
    """The ``facets`` of Solr's response as the seam's counts, selected values always shown."""
    out = {}
    for spec in FACETS:
        counted = _counts(spec, answer)
        shown = counted[: spec.limit]
        listed = {value for value, _ in shown}
        selected = tuple(dict.fromkeys(_selected(spec, params)))
        missing = []
        for i, value in enumerate(selected):
            if value in listed:
                continue
            hit = answer.get(f"{spec.name}__sel{i}") or {}
            missing.append((value, int(hit.get("count") or 0)))
        missing.sort(key=lambda vc: (-vc[1], vc[0] if vc[1] else ""))
        chosen = set(selected)
        values = tuple((v, c, v in chosen) for v, c in shown + missing)
        out[spec.name] = FacetCounts(values, len(counted) > spec.limit)
    return out
