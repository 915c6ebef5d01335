"""One multi-valued keyword facet (actors, places) as CSR arrays: filter and count in numpy.

Each document holds any number of values: ``offsets[d]:offsets[d + 1]`` are its
slice of ``values`` (ordinals into ``labels``). Every multi-valued facet of the
registry (:mod:`search.request.facets`) is one of these, so a new one (``places``)
is a column to read, not new counting code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from search.engine.whoosh.csr import take_rows


@dataclass(frozen=True)
class RankedCounts:
    """One facet's non-zero counts in display order; only the shown ones
    become Python objects (a common word has thousands of actors)."""

    order: np.ndarray  # ordinals with a non-zero count, in display order
    counts: np.ndarray  # count per ordinal
    labels: list[str]
    index: dict[str, int]

    @classmethod
    def ranked(
        cls, counts: np.ndarray, labels: list[str], index: dict[str, int], ranks: np.ndarray
    ) -> RankedCounts:
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


@dataclass
class MultiValues:
    """A docnum-indexed CSR of facet value ordinals, with its label table."""

    offsets: np.ndarray  # int64, len n+1
    values: np.ndarray  # int32 ordinals into labels
    labels: list[str]
    rows: np.ndarray = field(init=False)  # int32 docnum of every value
    index: dict[str, int] = field(init=False)
    order: np.ndarray = field(init=False)  # each label's rank in label order (ties)
    _docs: dict[int, np.ndarray] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        counts = np.diff(self.offsets)
        self.rows = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        self.index = {label: i for i, label in enumerate(self.labels)}
        self.order = label_ranks(self.labels)

    @classmethod
    def empty(cls, size: int) -> MultiValues:
        """No values for any of ``size`` documents (a version built before the facet)."""
        return cls(np.zeros(size + 1, dtype=np.int64), np.zeros(0, dtype=np.int32), [])

    @property
    def size(self) -> int:
        return len(self.offsets) - 1

    def docs_with(self, ordinal: int) -> np.ndarray:
        """Docnums carrying one value (computed once per value and version)."""
        docs = self._docs.get(ordinal)
        if docs is None:
            docs = np.unique(self.rows[self.values == ordinal])
            self._docs[ordinal] = docs
        return docs

    def mask(self, docs: np.ndarray, selected: list[str]) -> np.ndarray | None:
        """Which of ``docs`` carry any of ``selected`` (``None``: nothing selected)."""
        if not selected:
            return None
        has = np.zeros(self.size, dtype=bool)
        for name in selected:
            ordinal = self.index.get(name)
            if ordinal is not None:
                has[self.docs_with(ordinal)] = True
        return has[docs]

    def count(self, docs: np.ndarray) -> RankedCounts:
        """Counts over ``docs``, most frequent first."""
        if len(docs) * 8 < self.size:  # few documents: gather their rows
            values = take_rows(self.offsets, self.values, docs)[0]
        else:  # many: one pass over every value
            chosen = np.zeros(self.size, dtype=bool)
            chosen[docs] = True
            values = self.values[chosen[self.rows]]
        counts = np.bincount(values, minlength=len(self.labels))
        return RankedCounts.ranked(counts, self.labels, self.index, self.order)


def label_ranks(labels: list[str]) -> np.ndarray:
    """Each label's rank in label order, for ties between equal counts."""
    ranks = np.empty(len(labels), dtype=np.int64)
    ranks[sorted(range(len(labels)), key=labels.__getitem__)] = np.arange(len(labels))
    return ranks
