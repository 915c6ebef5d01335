"""Filters and disjunctive facet counts over a query's matching documents.

Counts are disjunctive, as a faceted search page expects: each facet is
counted over the matches with every *other* facet's filter applied, so
ticking one source still shows how many hits the other sources have.
Everything is an array operation over the per-document ordinals of
:class:`search.engine.whoosh.facet_arrays.FacetArrays`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from search.engine.whoosh.facet_arrays import FacetArrays, FacetCount
from search.query.params import SearchParams

FACET_LIMITS = {"source": 30, "actors": 20, "date": 240}


def apply_filters(
    facets: FacetArrays, docs: np.ndarray, params: SearchParams
) -> tuple[np.ndarray, dict[str, np.ndarray | None]]:
    """Masks (over ``docs``) of each facet's filter, and their conjunction."""
    masks = {
        "source": facets.source_mask(docs, list(params.sources)),
        "actors": facets.actor_mask(docs, list(params.actors)),
        "date": facets.date_mask(docs, params.date_from, params.date_to),
    }
    keep = np.ones(len(docs), dtype=bool)
    for mask in masks.values():
        if mask is not None:
            keep &= mask
    return keep, masks


def _disjunctive(docs: np.ndarray, masks: dict[str, np.ndarray | None], own: str) -> np.ndarray:
    keep = np.ones(len(docs), dtype=bool)
    for name, mask in masks.items():
        if name != own and mask is not None:
            keep &= mask
    return docs[keep]


def _facet(counted: FacetCount, selected: tuple[str, ...], limit: int) -> dict[str, Any]:
    shown = counted.top(limit)
    listed = {value for value, _ in shown}
    # A selected value always shows, even with a zero count, so it can be unticked.
    extra = [(v, counted.count_of(v)) for v in dict.fromkeys(selected) if v not in listed]
    # Counted ones in rank order, then the zero ones as selected.
    shown += sorted(extra, key=lambda vc: (-vc[1], vc[0] if vc[1] else ""))
    chosen = set(selected)
    return {
        "results": [
            {"value": v, "label": v, "count": c, "selected": v in chosen} for v, c in shown
        ],
        "truncated": len(counted) > limit,
    }


def _month_selection(params: SearchParams) -> tuple[str, ...]:
    """Months fully covered by the from/to filter, shown as selected."""
    if not params.date_from or not params.date_to:
        return ()
    start, end = params.date_from, params.date_to
    if start.day == 1 and start.strftime("%Y-%m") == end.strftime("%Y-%m"):
        return (start.strftime("%Y-%m"),)
    return ()


def facet_counts(
    facets: FacetArrays, docs: np.ndarray, masks: dict[str, np.ndarray | None], params: SearchParams
) -> dict[str, Any]:
    """Disjunctive counts of the three facets."""
    return {
        "source": _facet(
            facets.count_sources(_disjunctive(docs, masks, "source")),
            params.sources,
            FACET_LIMITS["source"],
        ),
        "actors": _facet(
            facets.count_actors(_disjunctive(docs, masks, "actors")),
            params.actors,
            FACET_LIMITS["actors"],
        ),
        "date": _facet(
            facets.count_months(_disjunctive(docs, masks, "date")),
            _month_selection(params),
            FACET_LIMITS["date"],
        ),
    }
