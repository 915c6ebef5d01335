"""Writing one field's postings in Whoosh 3's format from whole arrays.

Whoosh writes a posting list one posting at a time (a method call, type
checks and statistics per posting) and summarises each block of 128 in
Python. Here a field's postings arrive sorted, with block statistics, as
whole arrays (:mod:`search.index.writer.posting_sort`), and Python is left with what
only it can do: pickling each block (positions are encoded for a whole
chunk of postings at once, :mod:`search.store.position_codec`). The bytes
written are exactly Whoosh's own (``tests/test_posting_blocks.py`` compares
segment files byte for byte), so every reader, ours and Whoosh's, reads them.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from hashlib import md5
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.filedb.filetables import md5_hash
from whoosh.system import pack_int, pack_long, pack_ushort

from search.index.writer.compact_terms import compact_chunk
from search.index.writer.posting_sort import SortedField
from search.store.compact_codec import CompactCodec
from search.store.position_codec import encode_positions

#: Postings turned into Python lists at a time (bounds the flush's memory).
CHUNK = 1 << 17
#: Posting bytes gathered before a write.
WRITE_BYTES = 1 << 22

_TERM_STRUCT = W3TermInfo._struct


class _TermWriter:
    """Each term's posting blocks and term info, in term order.

    The arrays are turned into Python lists a chunk of terms at a time, so a
    large segment's flush does not hold every posting as a Python object.
    """

    def __init__(
        self, field: SortedField, format_: Any, compression: int, compact: bool = False
    ) -> None:
        self.field = field
        self.format = format_
        self.compact = compact
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
            if self.compact:
                chunk = compact_chunk(field, self.format, term, stop, first, last, block0, block1)
            else:
                chunk = self._chunk(term, stop, first, last, block0, block1)
            yield from chunk
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
        encoded = encode_positions(field.freqs[first:last], field.position_deltas(first, last))
        return lambda start, end: tuple(encoded[start:end])


def write_field(
    fieldwriter: Any, fieldname: str, fieldobj: Any, ranges: Iterable[SortedField], codec: Any
) -> None:
    """Write all of a field's terms and posting lists through ``fieldwriter``,
    from its sorted postings in successive term ranges."""
    postfile = fieldwriter._postfile
    prefix = None
    for field in ranges:
        if not len(field.keys):
            continue
        if prefix is None:  # a field without terms is not started, as in Whoosh
            fieldwriter.start_field(fieldname, fieldobj)
            prefix = pack_ushort(fieldwriter._fieldid)
        offset = start = postfile.tell()
        blocks: list[bytes] = []
        records: list[tuple[bytes, bytes]] = []
        compact = isinstance(codec, CompactCodec)
        writer = _TermWriter(field, fieldobj.format, codec._compression, compact)
        for key, data, info in writer.terms():
            blocks.append(data)
            records.append((prefix + key, info + pack_long(offset) + pack_int(len(data))))
            offset += len(data)
            if offset - start > WRITE_BYTES:
                _write(postfile, blocks, fieldwriter._tindex, records)
                start = offset
        _write(postfile, blocks, fieldwriter._tindex, records)
    if prefix is not None:
        fieldwriter.finish_field()


def _write(postfile: Any, blocks: list[bytes], tindex: Any, records: list[Any]) -> None:
    postfile.write(b"".join(blocks))
    add_terms(tindex, records)
    blocks.clear()
    records.clear()


def add_terms(tindex: Any, records: list[tuple[bytes, bytes]]) -> None:
    """``OrderedHashWriter.add`` for many keys at once: the same bytes and
    hash entries, written in one piece."""
    dbfile = tindex.dbfile
    buckets = tindex.buckets
    hashfn = _md5_hash if tindex.hashfn is md5_hash else tindex.hashfn
    last = tindex.lastkey
    position = dbfile.tell()
    positions = []
    parts = []
    for key, value in records:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        positions.append(position)
        parts += (_LENGTHS.pack(len(key), len(value)), key, value)
        code = hashfn(key)
        buckets[code & 255].append((code, position))
        position += _LENGTHS.size + len(key) + len(value)
        last = key
    dbfile.write(b"".join(parts))
    tindex.index.extend(positions)
    tindex.lastkey = last


def _md5_hash(key: bytes) -> int:
    """Whoosh's ``md5_hash`` (the low 32 bits of the digest), without hex."""
    return int.from_bytes(md5(key, usedforsecurity=False).digest()[12:], "big")
