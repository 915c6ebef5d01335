"""Stories on the embedded engine: a story ordinal per document, counted in numpy.

The ``story`` column (search/store/schema.py) is read once per open version into
an ordinal array, so the distinct stories of a search are ``numpy.unique`` over
its matches (exact, whatever the corpus size), and a month's stories the
distinct (month, story) pairs. A document written before stories existed has no
story: it counts as a story of its own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from search.engine.base import FacetCounts, StoredArticle
from search.engine.whoosh.facet_arrays import FacetArrays, RankedCounts
from search.engine.whoosh.facet_counts import _disjunctive, _facet
from search.request.facets import BY_NAME
from search.request.params import SearchParams


@dataclass(frozen=True)
class StoryColumn:
    """Per document, its story's ordinal; and each story's documents."""

    ordinals: np.ndarray  # int64 per document number
    index: dict[str, int]  # story id → ordinal
    #: Per document number, its story ("": none) and its id (a keys-only search's hits).
    names: list[str]
    ids: list[str]
    sizes: np.ndarray  # documents per ordinal
    positions: dict[str, int]  # live document's id → document number


def _positions(reader: Any, ids: list[str]) -> dict[str, int]:
    deleted = reader.is_deleted if reader.has_deletions() else None
    return {i: d for d, i in enumerate(ids) if i and not (deleted and deleted(d))}


_COLUMNS: dict[int, StoryColumn] = {}
_LOCK = threading.Lock()


def story_column(reader: Any, key: str) -> StoryColumn:
    """The version's story column (``key``: the open version's identity), read once."""
    with _LOCK:
        found = _COLUMNS.get(key)
    if found is not None:
        return found
    size = reader.doc_count_all()
    values = reader.column_reader("story") if "story" in reader.schema else None
    names = [_text(values[d]) if values is not None else "" for d in range(size)]
    index: dict[str, int] = {}
    ordinals = np.empty(size, np.int64)
    for doc, name in enumerate(names):
        ordinals[doc] = index.setdefault(name or f"\x00{doc}", len(index))
    stories = {k: v for k, v in index.items() if not k.startswith("\x00")}
    ids = _ids(reader, size)
    sizes = np.bincount(ordinals, minlength=len(index))
    column = StoryColumn(ordinals, stories, names, ids, sizes, _positions(reader, ids))
    with _LOCK:
        while len(_COLUMNS) >= 4:  # a few versions at most are open at once
            _COLUMNS.pop(next(iter(_COLUMNS)))
        _COLUMNS[key] = column
    return column


def _ids(reader: Any, size: int) -> list[str]:
    """Each document number's id, from the sortable ``id`` column (read whole once: one
    column reader per search would read its offsets table each time)."""
    if reader.has_column("id"):
        values = reader.column_reader("id")
        return [_text(values[d]) for d in range(size)]
    stored = reader.stored_fields
    return [str(stored(d).get("id") or "") if not reader.is_deleted(d) else "" for d in range(size)]


def key_articles(column: StoryColumn, docnums: list[int]) -> list[StoredArticle]:
    """Each document's id and story from the story column, the other fields left empty:
    a document's stored fields are one record with its whole text, too dear to read for
    every candidate a collapsed page is cut from. A story of one article is given as
    none (it collapses alike, and its page needs no look-up of other versions)."""
    shared = column.sizes[column.ordinals[docnums]] > 1 if docnums else []
    return [
        StoredArticle(
            id=column.ids[d], title="", source=None, published=None, facet_values={}, url=None,
            story=column.names[d] if many else None,
        )
        for d, many in zip(docnums, shared, strict=True)
    ]  # fmt: skip


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value or "")


def month_story_facet(
    facets: FacetArrays, column: StoryColumn, docs: np.ndarray, masks: Any, params: SearchParams
) -> FacetCounts:
    """The month facet counting stories (``count=stories``), disjunctive as the others."""
    spec = BY_NAME["date"]
    counted = count_month_stories(facets, column, _disjunctive(docs, masks, "date"))
    return _facet(counted, params.selected("date"), spec.limit)


def count_stories(column: StoryColumn, docs: np.ndarray) -> int:
    """Distinct stories among ``docs``."""
    return int(np.unique(column.ordinals[docs]).size) if len(docs) else 0


def count_month_stories(facets: FacetArrays, column: StoryColumn, docs: np.ndarray) -> RankedCounts:
    """Per month, the distinct stories among ``docs`` (a story across two months counts in
    each)."""
    months = facets.month[docs]
    dated = months >= 0
    pairs = np.unique(
        months[dated].astype(np.int64) * (len(column.ordinals) + 1) + column.ordinals[docs][dated]
    )
    per_month = pairs // (len(column.ordinals) + 1)
    counts = np.bincount(per_month, minlength=len(facets.month_labels))
    return RankedCounts(np.flatnonzero(counts), counts, facets.month_labels, facets.month_index)


def story_docs(column: StoryColumn, story: str) -> np.ndarray:
    """The document numbers of one story (none when the version has no such story)."""
    ordinal = column.index.get(story)
    if ordinal is None:
        return np.zeros(0, np.int64)
    return np.flatnonzero(column.ordinals == ordinal)
