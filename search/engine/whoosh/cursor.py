"""Search-after and month counts on one Whoosh version: every match, in pages, in a total order.

Exports and cursor pages walk all matches without deep offsets. Each page matches
and scores the query again (:func:`search.engine.whoosh.matching.match_and_score`:
arrays of one number per document, the same size whatever the page) and keeps the
``size`` matches that come after the previous page's last one, so memory does not
grow with the walk. The order never ties: relevance is (score desc, id asc), the
date orders (undated last, day, id asc), ids compared as strings, as Solr's
``id asc`` compares them, so both engines walk in the same order. The position
handed back is ``[primary key, id]`` in JSON: it holds no document number, so it
still means "after this article" in a newer version.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass

import numpy as np

from search.engine.base import SearchRequest
from search.engine.whoosh.facet_counts import apply_filters
from search.engine.whoosh.matching import match_and_score
from search.engine.whoosh.reader import OpenVersion
from search.errors import QueryError

_UNDATED = np.iinfo(np.int64).max


@dataclass(frozen=True)
class IdOrder:
    """The ids of one version in string order: ``unique`` sorted, ``rank`` per docnum."""

    unique: np.ndarray  # object array of str, ascending
    rank: np.ndarray  # int64 per docnum: index into ``unique``


_ORDERS: dict[int, tuple[weakref.ref[OpenVersion], IdOrder]] = {}
_ORDERS_LOCK = threading.Lock()


def id_order(handle: OpenVersion) -> IdOrder:
    """The version's id order, read from its ``id`` column once and kept while it is open."""
    with _ORDERS_LOCK:
        kept = _ORDERS.get(id(handle))
        if kept is not None and kept[0]() is handle:
            return kept[1]
    reader = handle.searcher().reader()
    ids: list[str] = []
    for leaf, _offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        if count and leaf.has_column("id"):
            ids.extend(v.decode("utf-8") if isinstance(v, bytes) else str(v)
                       for v in leaf.column_reader("id", translate=False))  # fmt: skip
        else:
            ids.extend([""] * count)
    unique, rank = np.unique(np.array(ids, dtype=object), return_inverse=True)
    order = IdOrder(unique, rank.astype(np.int64))
    key = id(handle)
    with _ORDERS_LOCK:
        _ORDERS[key] = (weakref.ref(handle, lambda _r: _ORDERS.pop(key, None)), order)
    return order


def sort_key(
    handle: OpenVersion, docs: np.ndarray, scores: np.ndarray | None, sort: str
) -> np.ndarray:
    """Ascending primary key of each match: ``-score`` for relevance, else the day."""
    if sort == "relevance" and scores is not None:
        return -scores.astype(np.float64)
    days = handle.facets.day[docs].astype(np.int64)
    undated = days == np.iinfo(np.int32).min
    return np.where(undated, _UNDATED, days if sort == "oldest" else -days)


def effective_sort(sort: str, scored: bool) -> str:
    """Browsing (no words) has no scores: relevance is then newest, as on the page."""
    return "newest" if sort == "relevance" and not scored else sort


def decode_after(after: str, floating: bool) -> tuple[float | int, str]:
    """``[primary, id]`` as written by :func:`encode_after`; anything else is a clear error."""
    try:
        primary, last_id = json.loads(after)
        if not isinstance(last_id, str) or isinstance(primary, bool):
            raise ValueError
        if not isinstance(primary, float if floating else int):
            raise ValueError
    except (ValueError, TypeError):
        raise QueryError("cursor", "is not a position of this search") from None
    return primary, last_id


def encode_after(primary: float | int, doc_id: str) -> str:
    return json.dumps([primary, doc_id], ensure_ascii=False)


def _following(key: np.ndarray, rank: np.ndarray, order: IdOrder, after: str | None) -> np.ndarray:
    """Indices of the matches after ``after`` in (key, id) order."""
    if after is None:
        return np.arange(len(key))
    primary, last_id = decode_after(after, key.dtype.kind == "f")
    boundary = int(np.searchsorted(order.unique, last_id, side="right"))
    later = (key > primary) | ((key == primary) & (rank >= boundary))
    return np.flatnonzero(later)


def _first(key: np.ndarray, rank: np.ndarray, chosen: np.ndarray, size: int) -> np.ndarray:
    """The ``size`` first of ``chosen`` in (key, rank) order; only the top is sorted."""
    if len(chosen) > size:
        cut = np.partition(key[chosen], size - 1)[size - 1]
        chosen = chosen[key[chosen] <= cut]  # every tie at the cut, then sorted by id
    top = chosen[np.lexsort((rank[chosen], key[chosen]))]
    return top[:size]


@dataclass(frozen=True)
class Walked:
    """One page of the walk: its docnums and scores, the total, the position after it."""

    docnums: list[int]
    scores: list[float | None]
    total: int
    after: str | None


def page_after(handle: OpenVersion, request: SearchRequest, after: str | None, size: int) -> Walked:
    """One page of the walk (:meth:`search.engine.base.Engine.search_after`)."""
    docs, scores = match_and_score(handle, request.plan, request.deadline)
    keep, _ = apply_filters(handle.facets, docs, request.params)
    docs = docs[keep]
    scores = scores[keep] if scores is not None else None
    key = sort_key(handle, docs, scores, effective_sort(request.params.sort, scores is not None))
    order = id_order(handle)
    rank = order.rank[docs]
    following = _following(key, rank, order, after)
    page = _first(key, rank, following, size).tolist()
    next_after = None
    if len(following) > len(page) and page:
        last = page[-1]
        primary = float(key[last]) if key.dtype.kind == "f" else int(key[last])
        next_after = encode_after(primary, str(order.unique[rank[last]]))
    return Walked(
        [int(docs[i]) for i in page],
        [float(scores[i]) if scores is not None else None for i in page],
        int(len(docs)),
        next_after,
    )


def timeline(handle: OpenVersion, request: SearchRequest) -> dict[str, int]:
    """Matches per month, every filter applied (:meth:`Engine.timeline`)."""
    facets = handle.facets
    docs, _ = match_and_score(handle, request.plan, request.deadline)
    keep, _ = apply_filters(facets, docs, request.params)
    months = facets.month[docs[keep]]
    counts = np.bincount(months[months >= 0], minlength=len(facets.month_labels))
    return {facets.month_labels[i]: int(counts[i]) for i in np.flatnonzero(counts)}
