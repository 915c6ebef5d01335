"""A version's facet data read from its Whoosh columns, once, into numpy arrays.

Whoosh's own facets loop in Python per document (and ``DateRangeFacet`` is
much slower than reading the sortable date column), so each version is read
once: a source ordinal, a day number and a month ordinal per document, and
every multi-valued facet of the registry (:data:`search.request.facets.MULTI_FACETS`)
as CSR arrays (offsets + value ordinals) from its ``<name>_col`` column.
:mod:`search.store.version_arrays` saves and loads the result beside the
version; the engine counts and filters over it
(:class:`search.engine.whoosh.facet_arrays.FacetArrays`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from search.request.facets import MULTI_FACETS
from search.store.schema import VALUE_SEPARATOR, multi_column

MISSING_DAY = np.iinfo(np.int32).min
_MICROS_PER_DAY = 86_400 * 1_000_000
_MISSING_LONG = 2**64 - 1


@dataclass
class MultiColumn:
    """One multi-valued facet: ``offsets[d]:offsets[d + 1]`` are document ``d``'s slice
    of ``values`` (ordinals into ``labels``)."""

    offsets: np.ndarray  # int64, len n+1
    values: np.ndarray  # int32
    labels: list[str]

    @classmethod
    def empty(cls, size: int) -> MultiColumn:
        """No values for any of ``size`` documents (a version built before the facet)."""
        return cls(np.zeros(size + 1, dtype=np.int64), np.zeros(0, dtype=np.int32), [])


@dataclass
class FacetColumns:
    """Per-document facet data of one index version (docnum-indexed)."""

    live: np.ndarray  # int64 docnums that are not deleted
    source: np.ndarray  # int32 ordinal into source_labels, -1 when unknown
    source_labels: list[str]
    day: np.ndarray  # int32 proleptic ordinal day, MISSING_DAY when unknown
    month: np.ndarray  # int32 ordinal into month_labels, -1 when unknown
    month_labels: list[str]
    #: The multi-valued facets by registry name.
    multi: dict[str, MultiColumn] = field(default_factory=dict)
    #: source value → the name its records or manifest declare (most articles' choice)
    source_names: dict[str, str] = field(default_factory=dict)


def read_facet_columns(reader: IndexReader) -> FacetColumns:
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
    multi = {spec.name: _csr(reader, multi_column(spec.name), size, weak) for spec in MULTI_FACETS}
    names = _column(reader, "source_name_col", size, b"")
    return FacetColumns(
        live=live,
        source=source,
        source_labels=source_labels,
        day=day,
        month=month,
        month_labels=month_labels,
        multi=multi,
        source_names=_declared_names(live, source, source_labels, names),
    )


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


def _csr(reader: IndexReader, column: str, size: int, weak: set[str]) -> MultiColumn:
    """A multi-valued column without the ``weak`` values (tagger-only, not confident)
    that one article only names in the corpus."""
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
    return MultiColumn(np.array(offsets, dtype=np.int64), ordinals, labels)
