"""Values of a multi-valued facet found beside one of its values (an actor's page), from
the facet arrays: the live documents holding the value, their values counted in one
``bincount`` (no search, no stored fields), so the cost is bounded by the arrays."""

from __future__ import annotations

import numpy as np

from search.engine.whoosh.facet_arrays import FacetArrays


def cooccurring(facets: FacetArrays, facet: str, value: str, limit: int) -> list[tuple[str, int]]:
    """The ``limit`` values of ``facet`` most often in the documents holding ``value``."""
    docs = np.asarray(facets.live)
    mask = facets.keyword_mask(facet, docs, [value])
    if mask is None:
        return []
    counted = facets.count(facet, docs[mask])
    return [(v, c) for v, c in counted.top(limit + 1) if v != value and c > 0][:limit]
