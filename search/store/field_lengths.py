"""Per-document field lengths of a version, for BM25's length normalisation.

Whoosh keeps each document's field length as one byte in a per-segment
column; they are read here once per version into float arrays (saved beside
the version by :mod:`search.store.version_arrays`), so scoring a query never
asks Whoosh for a length document by document.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length

TEXT_FIELDS = ("title", "title_stem", "body", "body_stem")
_BYTE_TO_LENGTH = np.array([byte_to_length(i) for i in range(256)], dtype=np.float32)


@dataclass
class FieldLengths:
    """Per-document field lengths and their averages, read once per version."""

    lengths: dict[str, np.ndarray]
    averages: dict[str, float]

    @classmethod
    def from_reader(cls, reader: IndexReader, size: int) -> FieldLengths:
        lengths: dict[str, np.ndarray] = {}
        for name in TEXT_FIELDS:
            column = np.zeros(size, dtype=np.float32)
            for leaf, offset in reader.leaf_readers():
                lengths_reader = leaf._perdoc._cached_reader(_lenfield(name), LENGTHS_COLUMN)
                if lengths_reader is None:
                    continue
                raw = np.frombuffer(bytes(bytearray(lengths_reader)), dtype=np.uint8)
                column[offset : offset + len(raw)] = _BYTE_TO_LENGTH[raw]
            lengths[name] = column
        averages = {
            name: float(reader.field_length(name)) / max(reader.doc_count(), 1) or 1.0
            for name in TEXT_FIELDS
        }
        return cls(lengths, averages)
