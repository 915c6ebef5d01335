"""Reading Whoosh posting lists into numpy arrays, a whole term at a time.

Whoosh's matchers hand out one posting per Python call; search needs whole
lists. A segment in the compact codec (:mod:`search.store.compact_codec`) is
read term by term: its bytes at once, every block decoded in one numpy pass. A
segment in Whoosh's W3 blocks (an index built before the compact codec) is read
block by block, its document numbers decoded with numpy. Deleted documents are
included: callers mask them with the version's ``alive`` array.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import InitVar, dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from search.engine.whoosh.csr import take_rows
from search.store.bit_packing import unpack
from search.store.compact_codec import CompactCodec
from search.store.compact_reading import read_compact
from search.store.position_codec import decode_positions
from search.store.posting_blocks import positions_from_gaps


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


def _blocks(leaf: Any, fieldname: str, btext: bytes) -> Iterator[tuple[Any, np.ndarray]]:
    """Each W3 posting block of a term in one segment, with its docnums."""
    matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
    while matcher.is_active():
        yield matcher, block_ids(matcher)
        matcher._next_block()


#: Rough bytes of Python objects per kept list (the object, its arrays' headers).
ENTRY_OVERHEAD = 1024


@dataclass
class PickledPositions:
    """W3 values of a run of postings: Whoosh's pickled position gaps, back to back."""

    data: bytes
    sizes: np.ndarray

    @property
    def nbytes(self) -> int:
        return len(self.data) + self.sizes.nbytes

    def decode(self, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return decode_positions(self.data, self.sizes)


@dataclass
class PackedPositions:
    """Compact blocks of a run of postings: their bytes and where each block's
    position run lies (the postings' frequencies say how many each has)."""

    buf: np.ndarray
    at: np.ndarray
    counts: np.ndarray
    widths: np.ndarray

    @property
    def nbytes(self) -> int:
        return self.buf.nbytes + self.at.nbytes + self.counts.nbytes + self.widths.nbytes

    def decode(self, tf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        gaps = unpack(self.buf, self.at, self.counts, self.widths)
        return positions_from_gaps(tf.astype(np.int64), gaps)


@dataclass
class Postings:
    """One term's postings in one field, ascending docnums, deleted ones included.

    Positional fields keep their encoded positions (``parts``: one per segment,
    each with as many postings as that segment has) until the first phrase needs
    them (:meth:`csr`): most queries only score, and decoding a common word costs
    as much as reading it. Decoding replaces the encoded form, so a list never
    holds both. ``data``/``sizes`` build a list of W3 values directly.
    """

    docs: np.ndarray
    tf: np.ndarray
    data: InitVar[bytes | None] = None
    sizes: InitVar[np.ndarray | None] = None
    parts: list[tuple[int, PickledPositions | PackedPositions]] | None = None
    _csr: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def __post_init__(self, data: bytes | None, sizes: np.ndarray | None) -> None:
        if data is not None and sizes is not None:
            self.parts = [(len(sizes), PickledPositions(data, sizes))]

    @property
    def nbytes(self) -> int:
        total = ENTRY_OVERHEAD + self.docs.nbytes + self.tf.nbytes
        csr, parts = self._csr, self.parts
        if csr is not None:
            return total + csr[0].nbytes + csr[1].nbytes
        return total + sum(part.nbytes for _, part in parts or ())

    def csr(self) -> tuple[np.ndarray, np.ndarray]:
        """Offsets and positions, decoded on first use (safe from several threads:
        the decoded form is published before the encoded one is dropped)."""
        csr = self._csr
        if csr is None:
            parts = self.parts
            csr = self._csr
            if csr is None:
                if parts is None:
                    if len(self.docs):
                        raise ValueError("this field has no positions")
                    parts = []  # a word not indexed
                csr = _joined(parts, self.tf)
                self._csr = csr
                self.parts = None
        return csr

    def positions_of(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the postings at ``rows``, and for each which of ``rows`` it is."""
        return take_rows(*self.csr(), rows)


def _joined(
    parts: list[tuple[int, PickledPositions | PackedPositions]], tf: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One CSR of positions from the parts of successive segments."""
    if len(parts) == 1:
        return parts[0][1].decode(tf)
    offsets, positions, first, base = [np.zeros(1, np.int64)], [], 0, 0
    for count, part in parts:
        o, p = part.decode(tf[first : first + count])
        offsets.append(o[1:].astype(np.int64) + base)
        positions.append(p)
        first, base = first + count, base + len(p)
    joined = np.concatenate(positions) if positions else np.zeros(0, np.int32)
    return np.concatenate(offsets), joined


def read_term(reader: IndexReader, fieldname: str, text: str) -> Postings:
    """Read one term's postings (positions kept encoded where the field has them)."""
    positional = reader.schema[fieldname].format.supports("positions")
    docs: list[np.ndarray] = []
    freqs: list[np.ndarray] = []
    parts: list[tuple[int, PickledPositions | PackedPositions]] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        btext = leaf._text_to_bytes(fieldname, text)
        if isinstance(leaf._terms._codec, CompactCodec):
            found = read_compact(leaf._terms, fieldname, btext)
            docs.append(found.docs + offset)
            freqs.append(found.weights)
            if positional:
                packed = PackedPositions(found.buf, found.pos_at, found.pos_counts, found.pos_width)
                parts.append((len(found.docs), packed))
            continue
        n = sum(map(len, docs))
        values: list[bytes] = []
        for matcher, ids in _blocks(leaf, fieldname, btext):
            matcher._read_weights()
            docs.append(ids + offset)
            freqs.append(np.asarray(matcher._weights, dtype=np.float32))
            if positional:
                matcher._read_values()
                values.extend(matcher._values)
        if positional:
            sizes = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
            parts.append((sum(map(len, docs)) - n, PickledPositions(b"".join(values), sizes)))
    if not docs:
        return Postings(np.zeros(0, np.int64), np.zeros(0, np.float32))
    return Postings(
        np.concatenate(docs), np.concatenate(freqs), parts=parts if positional else None
    )
