"""Writing one field's postings in Whoosh 3's format from whole arrays.

Whoosh writes a posting list one posting at a time (a method call, type
checks and statistics per posting) and summarises each block of 128 in
Python. Here the postings of a field are sorted once with numpy (by term
bytes, then document), block statistics come from ``reduceat`` over the
block boundaries, and Python is left with what only it can do: pickling
each block and, for positional fields, each posting's positions. The bytes
written are exactly Whoosh's own (``tests/test_posting_blocks.py`` compares
segment files byte for byte), so every reader, ours and Whoosh's, reads them.
"""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable, Iterator
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import _length_byte_cache

from search.posting_buffer import FieldPostings

#: Postings turned into Python lists at a time (bounds the flush's memory).
CHUNK = 1 << 17

_LENGTH_BYTES = np.frombuffer(_length_byte_cache, dtype=np.int32).astype(np.int64)
_TERM_STRUCT = W3TermInfo._struct


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's ``length_to_byte`` over an array: a field length's 0-255 code."""
    codes = np.searchsorted(_LENGTH_BYTES, lengths, side="left")
    return np.where(lengths >= 106374, 255, codes)


class SortedField:
    """A field's postings sorted by term bytes then document, with block stats.

    Arrays are as narrow as their values allow and the buffer's own arrays
    are released as soon as they are sorted: the flush of a large segment
    must not need several times the memory the buffer took.
    """

    def __init__(self, postings: FieldPostings, blocklimit: int) -> None:
        keys = [t.encode("utf-8") if isinstance(t, str) else t for t in postings.terms]
        postings.terms = {}
        by_bytes = sorted(range(len(keys)), key=keys.__getitem__)
        self.keys = [keys[t] for t in by_bytes]
        del keys
        rank = np.empty(len(by_bytes), dtype=np.int32)
        rank[by_bytes] = np.arange(len(by_bytes), dtype=np.int32)
        del by_bytes
        ranks = rank[np.frombuffer(postings.tids, dtype=np.uint32)]
        postings.tids = array("I")
        order = np.argsort(ranks, kind="stable")  # stable: documents stay ascending
        self.counts = np.bincount(ranks, minlength=len(rank))
        del ranks, rank
        per_doc = np.diff(np.frombuffer(postings.doc_ends, dtype=np.uint32), prepend=0)
        docs = np.frombuffer(postings.doc_nums, dtype=np.uint32).astype(np.int32)
        self.docs = np.repeat(docs, per_doc)[order]
        lengths = np.frombuffer(postings.doc_lengths, dtype=np.uint32).astype(np.int64)
        self.length_codes = np.repeat(length_bytes(lengths).astype(np.int16), per_doc)[order]
        del docs, lengths, per_doc
        freqs = np.frombuffer(postings.freqs, dtype=np.uint32)
        self.freqs = freqs[order]
        self.boost = postings.fieldobj.format.field_boost
        self.weights: np.ndarray | None = None  # None: the frequencies times the boost
        if postings.weights is not None:
            self.weights = np.frombuffer(postings.weights, dtype=np.float64)[order]
        self.values = None if postings.values is None else [postings.values[i] for i in order]
        self.positions: np.ndarray | None = None
        if postings.positions:
            if len(postings.positions) >= 1 << 32:
                raise ValueError("too many positions for one segment")
            # Where each posting's positions start in the buffer, in sorted order.
            offsets = np.cumsum(freqs, dtype=np.uint32) - freqs
            self.position_offsets = offsets[order]
            self.positions = np.frombuffer(postings.positions, dtype=np.uint32)
            del offsets
        del order, freqs
        postings.freqs = array("I")
        self._block_stats(blocklimit)

    def singles(self, first: int, last: int) -> np.ndarray:
        """Weights of postings ``first:last`` as blocks store them (float32)."""
        if self.weights is None:
            return (self.freqs[first:last] * self.boost).astype(np.float32)
        return self.weights[first:last].astype(np.float32)

    def _block_stats(self, blocklimit: int) -> None:
        counts = self.counts
        self.term_ends = np.cumsum(counts)
        term_starts = self.term_ends - counts
        # Blocks of ``blocklimit`` postings; each term starts a new block.
        self.term_blocks = (counts + blocklimit - 1) // blocklimit
        block_term = np.repeat(np.arange(len(counts)), self.term_blocks)
        first_block = np.cumsum(self.term_blocks) - self.term_blocks
        in_term = np.arange(len(block_term)) - first_block[block_term]
        starts = term_starts[block_term] + in_term * blocklimit
        self.starts = starts
        self.ends = np.append(starts[1:], len(self.docs)).astype(np.int64)
        # Ids are stored as deltas, restarting from zero in every block.
        docs = self.docs
        self.first_ids = docs[starts]
        self.last_ids = docs[self.ends - 1]
        deltas = np.diff(docs, prepend=0)
        deltas[starts] = self.first_ids
        self.deltas = deltas
        del self.docs, docs
        singles = self.singles(0, len(deltas))
        self.min_single = np.minimum.reduceat(singles, starts)
        self.max_single = np.maximum.reduceat(singles, starts)
        self.sum_single = np.add.reduceat(singles, starts, dtype=np.float64)
        del singles
        if self.weights is None:
            self.max_weight = np.maximum.reduceat(self.freqs, starts) * self.boost
        else:
            self.max_weight = np.maximum.reduceat(self.weights, starts)
        codes = self.length_codes
        self.min_code = np.minimum.reduceat(np.where(codes == 0, 256, codes), starts) % 256
        self.max_code = np.maximum.reduceat(codes, starts)
        del self.length_codes, codes

    def position_deltas(self, first: int, last: int) -> tuple[list[int], list[int]]:
        """Postings ``first:last``'s positions as deltas (first absolute), and
        where each posting's run starts in that list."""
        assert self.positions is not None
        freqs = self.freqs[first:last].astype(np.int64)
        starts = np.cumsum(freqs) - freqs
        gather = np.repeat(self.position_offsets[first:last].astype(np.int64) - starts, freqs)
        positions = self.positions[gather + np.arange(len(gather))].astype(np.int64)
        deltas = np.diff(positions, prepend=0)
        deltas[starts] = positions[starts]
        return deltas.tolist(), starts.tolist()


class _TermWriter:
    """Each term's posting blocks and term info, in term order.

    The arrays are turned into Python lists a chunk of terms at a time, so a
    large segment's flush does not hold every posting as a Python object.
    """

    def __init__(self, field: SortedField, format_: Any, compression: int) -> None:
        self.field = field
        self.compression = compression
        fixed = format_.fixed_value_size()
        self.fixed = fixed
        self.fixed_value = fixed is not None and fixed > 0
        self.packed = self.fixed_value and field.values is None  # frequencies as values
        self.no_values = fixed == 0

    def terms(self) -> Iterator[tuple[bytes, bytes, bytes]]:
        """Yield ``(term bytes, posting bytes, term info bytes)`` per term."""
        field = self.field
        nterms = len(field.counts)
        term_ends = field.term_ends
        block_ends = np.cumsum(field.term_blocks)
        term = 0
        while term < nterms:
            first = int(term_ends[term - 1]) if term else 0
            stop = int(np.searchsorted(term_ends, first + CHUNK, side="right"))
            stop = max(stop, term + 1)
            last = int(term_ends[stop - 1])
            block0 = int(block_ends[term - 1]) if term else 0
            block1 = int(block_ends[stop - 1])
            yield from self._chunk(term, stop, first, last, block0, block1)
            term = stop

    def _chunk(
        self, term: int, stop: int, first: int, last: int, b0: int, b1: int
    ) -> Iterator[tuple[bytes, bytes, bytes]]:
        field = self.field
        deltas = field.deltas[first:last].tolist()
        singles = field.singles(first, last).tolist()
        starts = (field.starts[b0:b1] - first).tolist()
        ends = (field.ends[b0:b1] - first).tolist()
        first_ids = field.first_ids[b0:b1].tolist()
        last_ids = field.last_ids[b0:b1].tolist()
        min_single = field.min_single[b0:b1].tolist()
        max_single = field.max_single[b0:b1].tolist()
        sum_single = field.sum_single[b0:b1].tolist()
        max_weight = field.max_weight[b0:b1].tolist()
        min_code = field.min_code[b0:b1].tolist()
        max_code = field.max_code[b0:b1].tolist()
        values = self._values(first, last)
        counts = field.term_blocks[term:stop].tolist()
        comp = self.compression
        block = 0
        for index, nblocks in enumerate(counts):
            parts = [WHOOSH3_HEADER_MAGIC]
            weight: float = 0
            top: float = 0
            low = high = 0
            for _ in range(nblocks):
                start, end = starts[block], ends[block]
                if min_single[block] == max_single[block]:
                    weights = None if min_single[block] == 1.0 else min_single[block]
                else:
                    weights = tuple(singles[start:end])
                data = dumps((tuple(deltas[start:end]), weights, values(start, end)), 2)
                if comp:
                    data = zlib.compress(data, comp)
                heaviest = max_weight[block] if max_weight[block] > 0 else 0
                code = min_code[block]
                info = (end - start, last_ids[block], heaviest, comp, code, max_code[block])
                infobytes = dumps(info, 2)
                size = len(infobytes) + len(data)
                parts += [pack_int(-size if _ == nblocks - 1 else size), infobytes, data]
                weight += sum_single[block]
                top = max(top, heaviest)
                low = code if not low else (min(low, code) if code else low)
                high = max(high, max_code[block])
                block += 1
            startblock = block - nblocks
            termbytes = _TERM_STRUCT.pack(
                False,
                weight,
                ends[block - 1] - starts[startblock],
                low,
                high,
                top,
                first_ids[startblock],
                last_ids[block - 1],
            )
            yield self.field.keys[term + index], b"".join(parts), termbytes

    def _values(self, first: int, last: int) -> Callable[[int, int], Any]:
        """A function giving a block's encoded values, for this chunk."""
        field = self.field
        if self.no_values:
            return lambda start, end: None
        if self.packed:
            packed = field.freqs[first:last].astype(">u4").tobytes()
            return lambda start, end: packed[4 * start : 4 * end]
        if field.values is not None:
            chunk = field.values[first:last]
            if self.fixed_value:
                return lambda start, end: b"".join(chunk[start:end])
            return lambda start, end: tuple(chunk[start:end])
        freqs = field.freqs[first:last].tolist()
        deltas, offsets = field.position_deltas(first, last)

        def positions(start: int, end: int) -> tuple[bytes, ...]:
            return tuple(
                pack_uint(freqs[i]) + dumps(deltas[offsets[i] : offsets[i] + freqs[i]], 2)
                for i in range(start, end)
            )

        return positions


def write_field(fieldwriter: Any, fieldname: str, postings: FieldPostings, codec: Any) -> None:
    """Write all of a field's terms and posting lists through ``fieldwriter``."""
    fieldwriter.start_field(fieldname, postings.fieldobj)
    field = SortedField(postings, codec._blocklimit)
    writer = _TermWriter(field, postings.fieldobj.format, codec._compression)
    prefix = pack_ushort(fieldwriter._fieldid)
    postfile = fieldwriter._postfile
    tindex = fieldwriter._tindex
    offset = postfile.tell()
    for key, data, info in writer.terms():
        postfile.write(data)
        tindex.add(prefix + key, info + pack_long(offset) + pack_int(len(data)))
        offset += len(data)
    fieldwriter.finish_field()
