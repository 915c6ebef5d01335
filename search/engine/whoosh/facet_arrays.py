"""Facet counts and filters from per-document ordinal arrays.

Whoosh's own facets loop in Python per document (and ``DateRangeFacet`` is
~25× slower than reading the sortable date column). Here each index version
is read once into numpy arrays — a source ordinal, a day number, a month
ordinal and the actors as CSR (offsets + values) — and every query counts
with ``numpy.bincount`` over its matching document numbers.

Counts are *disjunctive*: a facet's counts apply every filter except that
facet's own, so ticking one source keeps the other sources visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from search.engine.whoosh.csr import take_rows
from search.index.schema import VALUE_SEPARATOR

MISSING_DAY = np.iinfo(np.int32).min
_MICROS_PER_DAY = 86_400 * 1_000_000
_MISSING_LONG = 2**64 - 1


@dataclass
class FacetArrays:
    """Per-document facet data of one index version (docnum-indexed)."""

    live: np.ndarray  # int64 docnums that are not deleted
    source: np.ndarray  # int32 ordinal into source_labels, -1 when unknown
    source_labels: list[str]
    day: np.ndarray  # int32 proleptic ordinal day, MISSING_DAY when unknown
    month: np.ndarray  # int32 ordinal into month_labels, -1 when unknown
    month_labels: list[str]
    actor_offsets: np.ndarray  # int64, len n+1
    actor_values: np.ndarray  # int32 ordinals into actor_labels
    actor_labels: list[str]
    actor_rows: np.ndarray = field(init=False)  # int32 docnum of every actor value
    alive: np.ndarray = field(init=False)  # bool per docnum: not deleted
    _actor_docs: dict[int, np.ndarray] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        counts = np.diff(self.actor_offsets)
        self.actor_rows = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        self.alive = np.zeros(len(self.source), dtype=bool)
        self.alive[self.live] = True
        self.source_index = {label: i for i, label in enumerate(self.source_labels)}
        self.actor_index = {label: i for i, label in enumerate(self.actor_labels)}
        self.month_index = {label: i for i, label in enumerate(self.month_labels)}
        self.source_order = _label_ranks(self.source_labels)
        self.actor_order = _label_ranks(self.actor_labels)

    @property
    def size(self) -> int:
        return len(self.source)

    @classmethod
    def from_reader(cls, reader: IndexReader) -> FacetArrays:
        """Read the columns of a (multi-segment) reader into arrays, once."""
        size = reader.doc_count_all()
        live = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
        source, source_labels = _ordinals(_column(reader, "source", size, b""))
        longs = _column(reader, "published", size, _MISSING_LONG)
        raw = np.array(longs, dtype=np.uint64) if size else np.zeros(0, np.uint64)
        missing = raw == np.uint64(_MISSING_LONG)
        day = np.where(missing, MISSING_DAY, (raw // _MICROS_PER_DAY).astype(np.int64) + 1)
        day = day.astype(np.int32)
        month_keys = [
            "" if d == MISSING_DAY else dt.date.fromordinal(int(d)).strftime("%Y-%m") for d in day
        ]
        month, month_labels = _ordinals(month_keys, sort=True)
        offsets = [0]
        values: list[str] = []
        for cell in _column(reader, "actors_col", size, b""):
            if cell:
                values.extend(cell.decode("utf-8").split(VALUE_SEPARATOR))
            offsets.append(len(values))
        actor_values, actor_labels = _ordinals(values)
        return cls(
            live=live,
            source=source,
            source_labels=source_labels,
            day=day,
            month=month,
            month_labels=month_labels,
            actor_offsets=np.array(offsets, dtype=np.int64),
            actor_values=actor_values,
            actor_labels=actor_labels,
        )

    def docs_with_actor(self, ordinal: int) -> np.ndarray:
        """Docnums carrying one actor (computed once per actor and version)."""
        docs = self._actor_docs.get(ordinal)
        if docs is None:
            docs = np.unique(self.actor_rows[self.actor_values == ordinal])
            self._actor_docs[ordinal] = docs
        return docs

    # --- by facet name (the registry's rows: search/query/facets.py) ----------

    def keyword_mask(self, name: str, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        """The filter of a keyword facet over ``docs`` (``None``: nothing selected)."""
        return {"source": self.source_mask, "actors": self.actor_mask}[name](docs, selected)

    def count(self, name: str, docs: np.ndarray) -> FacetCount:
        """A facet's counts over ``docs``."""
        counters = {
            "source": self.count_sources,
            "actors": self.count_actors,
            "date": self.count_months,
        }
        return counters[name](docs)

    def labels(self, name: str) -> list[str]:
        """Every value a keyword facet holds in this version."""
        return {"source": self.source_labels, "actors": self.actor_labels}[name]

    # --- filters -------------------------------------------------------------

    def source_mask(self, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        if not selected:
            return None
        wanted = [self.source_index[s] for s in selected if s in self.source_index]
        return np.isin(self.source[docs], np.array(wanted, dtype=np.int32))

    def actor_mask(self, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        if not selected:
            return None
        has = np.zeros(self.size, dtype=bool)
        for name in selected:
            ordinal = self.actor_index.get(name)
            if ordinal is not None:
                has[self.docs_with_actor(ordinal)] = True
        return has[docs]

    def date_mask(
        self, docs: np.ndarray, start: dt.date | None, end: dt.date | None
    ) -> np.ndarray | None:
        if start is None and end is None:
            return None
        days = self.day[docs]
        mask = days != MISSING_DAY
        if start is not None:
            mask &= days >= start.toordinal()
        if end is not None:
            mask &= days <= end.toordinal()
        return mask

    # --- counts --------------------------------------------------------------

    def count_sources(self, docs: np.ndarray) -> FacetCount:
        values = self.source[docs]
        counts = np.bincount(values[values >= 0], minlength=len(self.source_labels))
        return FacetCount.ranked(counts, self.source_labels, self.source_index, self.source_order)

    def count_actors(self, docs: np.ndarray) -> FacetCount:
        if len(docs) * 8 < self.size:  # few documents: gather their rows
            values = take_rows(self.actor_offsets, self.actor_values, docs)[0]
        else:  # many: one pass over every actor value
            chosen = np.zeros(self.size, dtype=bool)
            chosen[docs] = True
            values = self.actor_values[chosen[self.actor_rows]]
        counts = np.bincount(values, minlength=len(self.actor_labels))
        return FacetCount.ranked(counts, self.actor_labels, self.actor_index, self.actor_order)

    def count_months(self, docs: np.ndarray) -> FacetCount:
        """Months in calendar order (their labels sort that way)."""
        values = self.month[docs]
        counts = np.bincount(values[values >= 0], minlength=len(self.month_labels))
        return FacetCount(np.flatnonzero(counts), counts, self.month_labels, self.month_index)


@dataclass(frozen=True)
class FacetCount:
    """One facet's non-zero counts in display order; only the shown ones
    become Python objects (a common word has thousands of actors)."""

    order: np.ndarray  # ordinals with a non-zero count, in display order
    counts: np.ndarray  # count per ordinal
    labels: list[str]
    index: dict[str, int]

    @classmethod
    def ranked(
        cls, counts: np.ndarray, labels: list[str], index: dict[str, int], ranks: np.ndarray
    ) -> FacetCount:
        """Most frequent first, ties in label order."""
        nonzero = np.flatnonzero(counts)
        order = nonzero[np.lexsort((ranks[nonzero], -counts[nonzero]))]
        return cls(order, counts, labels, index)

    def __len__(self) -> int:
        return len(self.order)

    def top(self, n: int) -> list[tuple[str, int]]:
        shown = self.order[:n]
        labels = [self.labels[i] for i in shown.tolist()]
        return list(zip(labels, self.counts[shown].tolist(), strict=True))

    def count_of(self, label: str) -> int:
        ordinal = self.index.get(label)
        return 0 if ordinal is None else int(self.counts[ordinal])


def _column(reader: IndexReader, name: str, size: int, default: Any) -> list[Any]:
    """One value per docnum, segment by segment.

    A segment whose documents never had the field has no column at all (an
    update that adds one undated article writes such a segment), and Whoosh's
    multi-segment column reader then silently skips it, shifting every later
    value: each segment is read on its own and a missing column padded.
    """
    values: list[Any] = []
    for leaf, _offset in reader.leaf_readers():
        count = leaf.doc_count_all()
        if count and leaf.has_column(name):
            values.extend(leaf.column_reader(name, translate=False))
        else:
            values.extend([default] * count)
    if len(values) != size:
        raise ValueError(f"column {name}: {len(values)} values for {size} documents")
    return values


def _ordinals(values: list[Any], sort: bool = False) -> tuple[np.ndarray, list[str]]:
    """Map values to ordinals; empty values become -1."""
    labels: dict[str, int] = {}
    decoded = [v.decode("utf-8") if isinstance(v, bytes) else v for v in values]
    if sort:
        for value in sorted({v for v in decoded if v}):
            labels[value] = len(labels)
    out = np.empty(len(decoded), dtype=np.int32)
    for i, value in enumerate(decoded):
        if not value:
            out[i] = -1
            continue
        ordinal = labels.get(value)
        if ordinal is None:
            ordinal = labels[value] = len(labels)
        out[i] = ordinal
    return out, list(labels)


def _label_ranks(labels: list[str]) -> np.ndarray:
    """Each label's rank in label order, for ties between equal counts."""
    ranks = np.empty(len(labels), dtype=np.int64)
    ranks[sorted(range(len(labels)), key=labels.__getitem__)] = np.arange(len(labels))
    return ranks
