"""Facet counts and filters from per-document ordinal arrays.

Whoosh's own facets loop in Python per document (and ``DateRangeFacet`` is
~25× slower than reading the sortable date column). Here each index version
is read once into numpy arrays — a source ordinal, a day number, a month
ordinal and the actors and places as CSR (offsets + values) — and every query counts
with ``numpy.bincount`` over its matching document numbers.

Counts are *disjunctive*: a facet's counts apply every filter except that
facet's own, so ticking one source keeps the other sources visible.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from search.engine.whoosh.multi_values import FacetCount, MultiValues, label_ranks
from search.store.schema import VALUE_SEPARATOR

__all__ = ["FacetArrays", "FacetCount", "MultiValues"]
_label_ranks = label_ranks  # the name tests and older callers use

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
    #: Places as actors; None for a version built before the places facet (read as empty).
    place_offsets: np.ndarray | None = None
    place_values: np.ndarray | None = None
    place_labels: list[str] = field(default_factory=list)
    #: source value → the name its records or manifest declare (most articles' choice)
    source_names: dict[str, str] = field(default_factory=dict)
    alive: np.ndarray = field(init=False)  # bool per docnum: not deleted
    #: The multi-valued facets by registry name.
    multi: dict[str, MultiValues] = field(init=False)

    def __post_init__(self) -> None:
        self.alive = np.zeros(len(self.source), dtype=bool)
        self.alive[self.live] = True
        self.source_index = {label: i for i, label in enumerate(self.source_labels)}
        self.month_index = {label: i for i, label in enumerate(self.month_labels)}
        self.source_order = label_ranks(self.source_labels)
        actors = MultiValues(self.actor_offsets, self.actor_values, self.actor_labels)
        if self.place_offsets is None or self.place_values is None:
            places = MultiValues.empty(len(self.source))
            self.place_offsets, self.place_values = places.offsets, places.values
        else:
            places = MultiValues(self.place_offsets, self.place_values, self.place_labels)
        self.multi = {"actors": actors, "places": places}

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
        weak = {v for cell in _column(reader, "weak_col", size, b"") for v in _split(cell)}
        actor_offsets, actor_values, actor_labels = _csr(reader, "actors_col", size, weak)
        place_offsets, place_values, place_labels = _csr(reader, "places_col", size, weak)
        names = _column(reader, "source_name_col", size, b"")
        return cls(
            live=live,
            source=source,
            source_labels=source_labels,
            day=day,
            month=month,
            month_labels=month_labels,
            actor_offsets=actor_offsets,
            actor_values=actor_values,
            actor_labels=actor_labels,
            place_offsets=place_offsets,
            place_values=place_values,
            place_labels=place_labels,
            source_names=_declared_names(live, source, source_labels, names),
        )

    def docs_with_actor(self, ordinal: int) -> np.ndarray:
        """Docnums carrying one actor (computed once per actor and version)."""
        return self.multi["actors"].docs_with(ordinal)

    # --- by facet name (the registry's rows: search/request/facets.py) ----------

    def keyword_mask(self, name: str, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        """The filter of a keyword facet over ``docs`` (``None``: nothing selected)."""
        if name in self.multi:
            return self.multi[name].mask(docs, selected)
        return {"source": self.source_mask}[name](docs, selected)

    def count(self, name: str, docs: np.ndarray) -> FacetCount:
        """A facet's counts over ``docs``."""
        if name in self.multi:
            return self.multi[name].count(docs)
        counters = {"source": self.count_sources, "date": self.count_months}
        return counters[name](docs)

    def labels(self, name: str) -> list[str]:
        """Every value a keyword facet holds in this version."""
        if name in self.multi:
            return self.multi[name].labels
        return {"source": self.source_labels}[name]

    # --- filters -------------------------------------------------------------

    def source_mask(self, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        if not selected:
            return None
        wanted = [self.source_index[s] for s in selected if s in self.source_index]
        return np.isin(self.source[docs], np.array(wanted, dtype=np.int32))

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

    def count_months(self, docs: np.ndarray) -> FacetCount:
        """Months in calendar order (their labels sort that way)."""
        values = self.month[docs]
        counts = np.bincount(values[values >= 0], minlength=len(self.month_labels))
        return FacetCount(np.flatnonzero(counts), counts, self.month_labels, self.month_index)


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


def _declared_names(
    live: np.ndarray, source: np.ndarray, labels: list[str], names: list[bytes]
) -> dict[str, str]:
    """Each source's declared name: the one most of its live articles give (first on a tie)."""
    votes: dict[str, Counter[str]] = {}
    for doc in live.tolist():
        name, ordinal = names[doc], int(source[doc])
        if name and ordinal >= 0:
            votes.setdefault(labels[ordinal], Counter())[name.decode("utf-8")] += 1
    return {value: counter.most_common(1)[0][0] for value, counter in votes.items()}


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


def _split(cell: bytes) -> list[str]:
    return cell.decode("utf-8").split(VALUE_SEPARATOR) if cell else []


def _csr(
    reader: IndexReader, column: str, size: int, weak: set[str]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """A multi-valued column as ``(offsets, ordinals, labels)``, without the ``weak``
    values (tagger-only, not confident) that one article only names in the corpus."""
    cells = [_split(cell) for cell in _column(reader, column, size, b"")]
    if weak:
        seen = Counter(v for values in cells for v in values if v in weak)
        once = {v for v, n in seen.items() if n == 1}
        if once:
            cells = [[v for v in values if v not in once] for values in cells]
    offsets = [0]
    values: list[str] = []
    for row in cells:
        values.extend(row)
        offsets.append(len(values))
    ordinals, labels = _ordinals(values)
    return np.array(offsets, dtype=np.int64), ordinals, labels
