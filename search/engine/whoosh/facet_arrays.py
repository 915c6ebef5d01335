"""Facet counts and filters from per-document ordinal arrays.

Each index version's facet data is read once into numpy arrays
(:class:`search.store.facet_columns.FacetColumns`: a source ordinal, a day
number, a month ordinal, and every multi-valued facet of the registry as CSR
offsets + values), and every query counts with ``numpy.bincount`` over its
matching document numbers.

Counts are *disjunctive*: a facet's counts apply every filter except that
facet's own, so ticking one source keeps the other sources visible.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader

from search.engine.whoosh.multi_values import MultiValues, RankedCounts, label_ranks
from search.store.facet_columns import MISSING_DAY, FacetColumns, read_facet_columns

__all__ = ["MISSING_DAY", "FacetArrays", "RankedCounts", "MultiValues"]


@dataclass
class FacetArrays:
    """Filters and counts over one version's :class:`FacetColumns` (docnum-indexed)."""

    columns: FacetColumns
    alive: np.ndarray = field(init=False)  # bool per docnum: not deleted
    #: The multi-valued facets by registry name.
    multi: dict[str, MultiValues] = field(init=False)

    def __post_init__(self) -> None:
        columns = self.columns
        self.live, self.source, self.day, self.month = (
            columns.live, columns.source, columns.day, columns.month
        )  # fmt: skip
        self.source_labels, self.month_labels = columns.source_labels, columns.month_labels
        self.source_names = columns.source_names
        self.alive = np.zeros(len(self.source), dtype=bool)
        self.alive[self.live] = True
        self.source_index = {label: i for i, label in enumerate(self.source_labels)}
        self.month_index = {label: i for i, label in enumerate(self.month_labels)}
        self.source_order = label_ranks(self.source_labels)
        self.multi = {
            name: MultiValues(column.offsets, column.values, column.labels)
            for name, column in columns.multi.items()
        }

    @property
    def size(self) -> int:
        return len(self.source)

    @classmethod
    def from_reader(cls, reader: IndexReader) -> FacetArrays:
        """Read the columns of a (multi-segment) reader into arrays, once."""
        return cls(read_facet_columns(reader))

    # --- by facet name (the registry's rows: search/request/facets.py) ----------

    def keyword_mask(self, name: str, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        """The filter of a keyword facet over ``docs`` (``None``: nothing selected)."""
        if name in self.multi:
            return self.multi[name].mask(docs, selected)
        return {"source": self.source_mask}[name](docs, selected)

    def count(self, name: str, docs: np.ndarray) -> RankedCounts:
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

    def count_sources(self, docs: np.ndarray) -> RankedCounts:
        values = self.source[docs]
        counts = np.bincount(values[values >= 0], minlength=len(self.source_labels))
        return RankedCounts.ranked(counts, self.source_labels, self.source_index, self.source_order)

    def count_months(self, docs: np.ndarray) -> RankedCounts:
        """Months in calendar order (their labels sort that way)."""
        values = self.month[docs]
        counts = np.bincount(values[values >= 0], minlength=len(self.month_labels))
        return RankedCounts(np.flatnonzero(counts), counts, self.month_labels, self.month_index)
