"""Whoosh's W3 codec with compact posting blocks (:mod:`search.store.posting_blocks`).

Whoosh's W3 blocks pickle a tuple of document gaps, weights and values, and a
positional value is itself a pickled list of position gaps: ANT's posting
files were 79% of its index. This codec keeps everything else of W3 (term
files, stored fields, columns, length bytes) and replaces only the posting
blocks, through Whoosh's own extension points: its postings writer (used by
Whoosh's writer and merges) and its leaf matcher (used by Whoosh's searcher),
so both read and write the compact blocks. Our numpy read path decodes whole
terms without the matcher (:mod:`search.engine.whoosh.postings`).

Segments remember their codec (the table of contents pickles it), so an index
written with W3's blocks keeps opening and reading as before, segment by
segment, even beside compact segments in one version.

Values are not stored where they follow from the weight: a ``Frequency``
value is the frequency, which is the weight without boosts; ``Positions``
values are rebuilt from the position run in Whoosh's encoding when Whoosh's
matcher asks for them. Other formats are refused when written.
"""

from __future__ import annotations

from array import array
from pickle import loads
from typing import Any

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.system import _INT_SIZE, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.store.bit_packing import PADDING
from search.store.position_codec import encode_positions
from search.store.posting_blocks import (
    COMPACT_MAGIC,
    HEADER,
    Blocks,
    body_length,
    decode,
    decode_positions,
    encode,
    header_table,
    position_gaps,
)

NO_VALUES, FREQUENCY_VALUES, POSITION_VALUES = "none", "frequency", "positions"


def value_kind(format_: Any) -> str:
    """How a field's posting values are kept by the compact blocks."""
    kind = type(format_)
    if kind is formats.Positions:
        return POSITION_VALUES
    if kind is formats.Frequency:
        return FREQUENCY_VALUES
    if format_.fixed_value_size() == 0:
        return NO_VALUES
    raise ValueError(f"the compact codec does not store {kind.__name__} postings")


class CompactCodec(W3Codec):
    """W3 with compact posting blocks; zlib is never applied to them."""

    def __init__(self, blocklimit: int = 128, compression: int = 0, inlinelimit: int = 1) -> None:
        if not 0 < blocklimit < 1 << 16:
            raise ValueError("a block holds 1 to 65,535 postings")
        super().__init__(blocklimit=blocklimit, compression=0, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        if byteids:
            raise ValueError("the compact codec does not write term vectors")
        return CompactPostingsWriter(dbfile, self._blocklimit, inlinelimit=self._inlinelimit)

    def postings_reader(
        self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None, scorer: Any = None
    ) -> Any:
        if terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
        offset, length = terminfo.extent()
        return CompactLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class CompactPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer (block statistics, term info), writing compact blocks."""

    def __init__(self, postfile: Any, blocklimit: int, inlinelimit: int = 1) -> None:
        super().__init__(postfile, blocklimit, compression=0, inlinelimit=inlinelimit)
        self._prev_last = -1

    def start_postings(self, format_: Any, terminfo: Any) -> None:
        self._kind = value_kind(format_)
        self._prev_last = -1
        super().start_postings(format_, terminfo)

    def _write_block(self, last: bool = False) -> None:
        self._terminfo.add_block(self)
        ids = np.asarray(self._ids, dtype=np.int64)
        weights = np.asarray(self._weights, dtype=np.float32)
        positions = None
        if self._kind == POSITION_VALUES:
            runs = [loads(_with_stop(v[_INT_SIZE:])) for v in self._values]
            if [len(r) for r in runs] != weights.astype(np.int64).tolist():
                raise ValueError("positional postings need weight = number of positions")
            positions = np.fromiter((p for r in runs for p in r), np.int64)
        one = np.ones(1, dtype=np.int64)
        blocks = Blocks(
            docs=ids,
            weights=weights,
            counts=one * len(ids),
            prev_last=one * self._prev_last,
            min_len=one * length_to_byte(self._minlength),
            max_len=one * length_to_byte(self._maxlength),
            first_of_term=np.array([not self._blockcount]),
            last_of_term=np.array([last]),
            positions=positions,
        )
        out, _ = encode(blocks)
        self._postfile.write(out[: len(out) - PADDING].tobytes())
        self._prev_last = int(ids[-1])
        self._blockcount += 1
        self._new_block()


def _with_stop(pickled: bytes) -> bytes:
    """A pickled position list with its final STOP (Whoosh may leave it out)."""
    return pickled if pickled.endswith(b".") else pickled + b"."


class CompactLeafMatcher(W3LeafMatcher):
    """Whoosh's leaf matcher over compact blocks: the same walk from block to
    block, a different header and block decoder."""

    def _read_header(self) -> None:
        if self._postfile.get(self._startoffset, len(COMPACT_MAGIC)) != COMPACT_MAGIC:
            raise ValueError("not a compact posting list (block tag missing): rebuild the index")
        self._baseoffset = self._startoffset + len(COMPACT_MAGIC)
        self._kind = value_kind(self.format)

    def reset(self) -> None:
        self._maxid = None
        super().reset()

    def _goto(self, position: int) -> None:
        self._prev_last = -1 if self._maxid is None else self._maxid
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        header = HEADER.unpack(self._postfile.get(position, HEADER.size))
        length = header[0]
        self._lastblock = length < 0
        self._dataoffset = position + HEADER.size
        self._nextoffset = self._dataoffset + body_length(length)
        self._header = header
        self._blocklength, self._maxid, self._maxweight = header[1], header[2], header[3]
        self._compression = 0
        self._minlength, self._maxlength = byte_to_length(header[4]), byte_to_length(header[5])

    def _read_data(self) -> None:
        size = self._nextoffset - self._dataoffset
        raw = self._postfile.get(self._dataoffset, size) + bytes(PADDING)
        buf = np.frombuffer(raw, dtype=np.uint8)
        decoded = decode(buf, header_table(self._header, 0), self._prev_last)
        self._data = (buf, decoded)

    def _read_ids(self) -> None:
        if self._data is None:
            self._read_data()
        self._ids = self._data[1].docs.tolist()

    def _read_weights(self) -> None:
        if self._data is None:
            self._read_data()
        self._weights = array("f", self._data[1].weights.tolist())

    def _read_values(self) -> None:
        if self._data is None:
            self._read_data()
        buf, decoded = self._data
        if self._kind == NO_VALUES:
            self._values = (None,) * self._blocklength
        elif self._kind == FREQUENCY_VALUES:
            self._values = tuple(pack_uint(int(w)) for w in decoded.weights.tolist())
        else:
            offsets, positions = decode_positions(buf, decoded)
            counts = np.diff(offsets)
            self._values = tuple(encode_positions(counts, position_gaps(counts, positions)))
