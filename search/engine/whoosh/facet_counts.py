"""Filters and disjunctive facet counts over a query's matching documents.

Counts are disjunctive, as a faceted search page expects: each facet is
counted over the matches with every *other* facet's filter applied, so
ticking one source still shows how many hits the other sources have.
Everything is an array operation over the per-document ordinals of
:class:`search.engine.whoosh.facet_arrays.FacetArrays`.
"""

from __future__ import annotations

import numpy as np

from search.engine.base import FacetCounts
from search.engine.whoosh.facet_arrays import FacetArrays, RankedCounts
from search.request.facets import FACETS
from search.request.params import SearchParams


def apply_filters(
    facets: FacetArrays, docs: np.ndarray, params: SearchParams
) -> tuple[np.ndarray, dict[str, np.ndarray | None]]:
    """Masks (over ``docs``) of each facet's filter, and their conjunction."""
    masks: dict[str, np.ndarray | None] = {}
    for spec in FACETS:
        if spec.is_keyword:
            selected = list(params.selected(spec.name))
            masks[spec.name] = facets.keyword_mask(spec.name, docs, selected)
        else:
            masks[spec.name] = facets.date_mask(docs, params.date_from, params.date_to)
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


def _facet(counted: RankedCounts, selected: tuple[str, ...], limit: int) -> FacetCounts:
    shown = counted.top(limit)
    listed = {value for value, _ in shown}
    # A selected value always shows, even with a zero count, so it can be unticked.
    extra = [(v, counted.count_of(v)) for v in dict.fromkeys(selected) if v not in listed]
    # Counted ones in rank order, then the zero ones as selected.
    shown += sorted(extra, key=lambda vc: (-vc[1], vc[0] if vc[1] else ""))
    chosen = set(selected)
    return FacetCounts(tuple((v, c, v in chosen) for v, c in shown), len(counted) > limit)


def facet_counts(
    facets: FacetArrays, docs: np.ndarray, masks: dict[str, np.ndarray | None], params: SearchParams
) -> dict[str, FacetCounts]:
    """Disjunctive counts of every registered facet."""
    out = {}
    for spec in FACETS:
        if not params.counts(spec.name):
            continue
        selected = params.selected(spec.name)
        counted = facets.count(spec.name, _disjunctive(docs, masks, spec.name))
        out[spec.name] = _facet(counted, selected, spec.limit)
    return out
