"""Reading Whoosh posting lists block by block into numpy arrays.

Whoosh's matchers hand out one posting per Python call (and decode each
block's document numbers with a Python generator); search needs whole lists,
so blocks are read directly and decoded with numpy. Deleted documents are
included: callers mask them with the version's ``alive`` array.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from search.csr import take_rows
from search.position_values import decode_positions


def block_ids(matcher: Any) -> np.ndarray:
    """The current block's docnums, delta-decoded with numpy.

    Whoosh decodes them with a Python generator, one call per posting: most of
    the cost of reading a long posting list.
    """
    if matcher._data is None:
        matcher._read_data()
    raw = matcher._data[0]
    if matcher._byteids:
        return np.frombuffer(bytes(raw), dtype=np.uint8).astype(np.int64)
    return np.cumsum(np.asarray(raw, dtype=np.int64))


def _blocks(reader: IndexReader, fieldname: str, text: str) -> Iterator[tuple[Any, np.ndarray]]:
    """Each posting block of a term, across segments, with its global docnums."""
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        btext = leaf._text_to_bytes(fieldname, text)
        matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
        while matcher.is_active():
            yield matcher, block_ids(matcher) + offset
            matcher._next_block()


@dataclass
class Postings:
    """One term's postings in one field, ascending docnums, deleted ones included.

    Positional fields keep their encoded positions (``data``, ``sizes`` bytes
    per posting) and decode them on the first phrase that needs them: most
    queries only score, and decoding a common word costs as much as reading it.
    """

    docs: np.ndarray
    tf: np.ndarray
    data: bytes | None = None
    sizes: np.ndarray | None = None
    _csr: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def nbytes(self) -> int:
        total = self.docs.nbytes + self.tf.nbytes
        if self.data is not None and self.sizes is not None:
            total += len(self.data) + self.sizes.nbytes
        if self._csr is not None:
            total += self._csr[0].nbytes + self._csr[1].nbytes
        return total

    def positions_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the postings at ``rows``, and for each which of ``rows`` it is."""
        if self._csr is None:
            if self.data is None or self.sizes is None:
                raise ValueError("this field has no positions")
            self._csr = decode_positions(self.data, self.sizes)
        return take_rows(*self._csr, rows)


def read_term(reader: IndexReader, fieldname: str, text: str) -> Postings:
    """Read one term's postings (positions kept encoded where the field has them)."""
    positional = reader.schema[fieldname].format.supports("positions")
    docs: list[np.ndarray] = []
    freqs: list[np.ndarray] = []
    values: list[bytes] = []
    for matcher, ids in _blocks(reader, fieldname, text):
        matcher._read_weights()
        docs.append(ids)
        freqs.append(np.asarray(matcher._weights, dtype=np.float32))
        if positional:
            matcher._read_values()
            values.extend(matcher._values)
    if not docs:
        return Postings(np.zeros(0, np.int64), np.zeros(0, np.float32))
    postings = Postings(np.concatenate(docs), np.concatenate(freqs))
    if positional:
        postings.data = b"".join(values)
        postings.sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    return postings
