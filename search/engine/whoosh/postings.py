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

from search.engine.whoosh.csr import take_rows
from search.store.position_codec import decode_positions


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


#: Rough bytes of Python objects per kept list (the object, its arrays' headers).
ENTRY_OVERHEAD = 1024


@dataclass
class Postings:
    """One term's postings in one field, ascending docnums, deleted ones included.

    Positional fields keep their encoded positions (``data``, ``sizes`` bytes
    per posting) until the first phrase needs them (:meth:`csr`): most
    queries only score, and decoding a common word costs as much as reading
    it. Decoding replaces the encoded form, so a list never holds both.
    """

    docs: np.ndarray
    tf: np.ndarray
    data: bytes | None = None
    sizes: np.ndarray | None = None
    _csr: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def nbytes(self) -> int:
        total = ENTRY_OVERHEAD + self.docs.nbytes + self.tf.nbytes
        csr, data, sizes = self._csr, self.data, self.sizes
        if csr is not None:
            return total + csr[0].nbytes + csr[1].nbytes
        if data is not None and sizes is not None:
            total += len(data) + sizes.nbytes
        return total

    def csr(self) -> tuple[np.ndarray, np.ndarray]:
        """Offsets and positions, decoded on first use (safe from several threads:
        the decoded form is published before the encoded one is dropped)."""
        csr = self._csr
        if csr is None:
            data, sizes = self.data, self.sizes
            csr = self._csr
            if csr is None:
                if data is None or sizes is None:
                    if len(self.docs):
                        raise ValueError("this field has no positions")
                    data, sizes = b"", np.zeros(0, dtype=np.int64)  # a word not indexed
                csr = decode_positions(data, sizes)
                self._csr = csr
                self.data = self.sizes = None
        return csr

    def positions_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the postings at ``rows``, and for each which of ``rows`` it is."""
        return take_rows(*self.csr(), rows)


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
