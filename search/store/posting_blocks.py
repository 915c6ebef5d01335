"""The compact codec's posting blocks: layout, and encoding/decoding whole arrays of them.

A term's postings are a 4-byte tag (:data:`COMPACT_MAGIC`) and blocks of up to
128 postings. Each block is a fixed 19-byte header and three bit-packed runs
(:mod:`search.store.bit_packing`)::

    header  <i H I f B B B B B>  length of the rest (-1 - length on the last block),
                                 postings, last docnum, largest weight,
                                 shortest and longest field-length byte,
                                 bits of the doc gaps, of the weights, of the positions
    doc gaps    docnum - previous docnum - 1 (the previous block's last, or -1)
    weights     weight - 1 when every weight of the block is a whole number
                (frequencies), else float32 (weight width RAW_WEIGHTS)
    positions   positional fields only: per posting, its first position then
                the gaps between positions; a posting has ``weight`` of them

The header is the skip data: a reader jumps block to block by ``length`` and
knows each block's last docnum and best weight without decoding it. The runs
of many blocks (a whole term, a whole chunk of terms) are packed or unpacked
at once.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

from search.store.bit_packing import PADDING, bit_widths, pack_into, run_bytes, unpack

COMPACT_MAGIC = b"Bh1P"
HEADER = struct.Struct("<iHIfBBBBB")
RAW_WEIGHTS = 255
_HEADER_DTYPE = np.dtype(
    [
        ("length", "<i4"),
        ("count", "<u2"),
        ("last", "<u4"),
        ("top", "<f4"),
        ("min_len", "u1"),
        ("max_len", "u1"),
        ("id_width", "u1"),
        ("weight_width", "u1"),
        ("pos_width", "u1"),
    ]
)


def body_length(length: int) -> int:
    """The bytes after a header, from its length field (negative on a term's last block)."""
    return -1 - length if length < 0 else length


def _starts(counts: np.ndarray) -> np.ndarray:
    return np.cumsum(counts) - counts


@dataclass
class Blocks:
    """Postings cut into blocks, as the encoder takes them.

    ``docs``/``weights`` hold every posting; ``counts`` the postings of each
    block; ``prev_last`` the docnum before each block's first (-1 at a term's
    start); ``first_of_term``/``last_of_term`` mark blocks opening and closing
    a term; ``positions`` the position gaps of a positional field.
    """

    docs: np.ndarray
    weights: np.ndarray
    counts: np.ndarray
    prev_last: np.ndarray
    min_len: np.ndarray
    max_len: np.ndarray
    first_of_term: np.ndarray
    last_of_term: np.ndarray
    positions: np.ndarray | None = None


def encode(blocks: Blocks) -> tuple[np.ndarray, np.ndarray]:
    """The bytes of all ``blocks`` (uint8, PADDING spare at the end) and where
    each block starts (its term's tag included)."""
    counts = blocks.counts.astype(np.int64)
    starts = _starts(counts)
    docs = blocks.docs.astype(np.int64)
    previous = np.empty_like(docs)
    previous[1:] = docs[:-1]
    previous[starts] = blocks.prev_last
    gaps = docs - previous - 1
    weights = blocks.weights.astype(np.float32)
    fractional = (weights != np.floor(weights)) | (weights < 1)
    raw = np.add.reduceat(fractional, starts) > 0 if len(counts) else np.zeros(0, bool)
    id_width = bit_widths(gaps, counts)
    whole = (weights - 1).astype(np.int64)
    kept = whole[~np.repeat(raw, counts)]  # the runs of raw blocks are float32, below
    weight_width = np.where(raw, RAW_WEIGHTS, bit_widths(kept, np.where(raw, 0, counts)))
    id_bytes = run_bytes(counts, id_width)
    weight_bytes = np.where(raw, 4 * counts, run_bytes(counts, weight_width % RAW_WEIGHTS))
    if blocks.positions is not None:
        if raw.any():
            raise ValueError("positional postings need whole-number weights (no boosts)")
        pos_counts = np.add.reduceat(whole + 1, starts) if len(counts) else counts
        pos_width = bit_widths(blocks.positions, pos_counts)
        pos_bytes = run_bytes(pos_counts, pos_width)
    else:
        pos_counts = pos_width = pos_bytes = np.zeros(len(counts), dtype=np.int64)
    lead = np.where(blocks.first_of_term, len(COMPACT_MAGIC), 0)
    body = id_bytes + weight_bytes + pos_bytes
    size = lead + HEADER.size + body
    block_at = _starts(size)
    out = np.zeros(int(size.sum()) + PADDING, dtype=np.uint8)
    tagged = block_at[blocks.first_of_term.astype(bool)]
    out[tagged[:, None] + np.arange(len(COMPACT_MAGIC))] = np.frombuffer(COMPACT_MAGIC, np.uint8)
    header = np.zeros(len(counts), dtype=_HEADER_DTYPE)
    header["length"] = np.where(blocks.last_of_term, -1 - body, body)
    header["count"] = counts
    header["last"] = docs[starts + counts - 1] if len(counts) else 0
    header["top"] = np.maximum.reduceat(weights, starts) if len(counts) else 0
    header["min_len"], header["max_len"] = blocks.min_len, blocks.max_len
    header["id_width"], header["weight_width"] = id_width, weight_width
    header["pos_width"] = pos_width
    head_at = block_at + lead
    out[head_at[:, None] + np.arange(HEADER.size)] = header.view(np.uint8).reshape(-1, HEADER.size)
    data_at = head_at + HEADER.size
    pack_into(out, gaps, data_at, counts, id_width)
    pack_into(out, kept, data_at + id_bytes, np.where(raw, 0, counts), weight_width % RAW_WEIGHTS)
    if raw.any():
        posting_block = np.repeat(np.arange(len(counts)), counts)
        within = np.arange(len(docs)) - starts[posting_block]
        chosen = raw[posting_block]
        at = (data_at + id_bytes)[posting_block[chosen]] + 4 * within[chosen]
        floats = weights[chosen].astype("<f4").view(np.uint8).reshape(-1, 4)
        out[at[:, None] + np.arange(4)] = floats
    if blocks.positions is not None:
        pack_into(out, blocks.positions, data_at + id_bytes + weight_bytes, pos_counts, pos_width)
    return out, block_at


@dataclass
class BlockTable:
    """The headers of a term's blocks (or of one block), as arrays."""

    data_at: np.ndarray
    counts: np.ndarray
    last: np.ndarray
    id_width: np.ndarray
    weight_width: np.ndarray
    pos_width: np.ndarray


def read_headers(raw: bytes | memoryview, start: int = 0) -> BlockTable:
    """Walk a term's blocks from its tag at ``start``, by the lengths in their headers."""
    if bytes(raw[start : start + len(COMPACT_MAGIC)]) != COMPACT_MAGIC:
        raise ValueError("not a compact posting list (block tag missing): rebuild the index")
    rows = []
    at = start + len(COMPACT_MAGIC)
    while True:
        row = HEADER.unpack_from(raw, at)
        rows.append((at + HEADER.size, *row[1:3], *row[6:9]))
        at += HEADER.size + body_length(row[0])
        if row[0] < 0:
            break
    cols = np.array(rows, dtype=np.int64).T
    return BlockTable(cols[0], cols[1], cols[2], cols[3], cols[4], cols[5])


def header_table(header: tuple, data_at: int) -> BlockTable:
    """The table of one block, from its unpacked header."""
    col = lambda i: np.array([header[i]], dtype=np.int64)  # noqa: E731
    return BlockTable(np.array([data_at], np.int64), col(1), col(2), col(6), col(7), col(8))


@dataclass
class Decoded:
    """Postings decoded from blocks: docnums, weights, and where the positions lie."""

    docs: np.ndarray
    weights: np.ndarray
    pos_at: np.ndarray
    pos_counts: np.ndarray
    pos_width: np.ndarray


def decode(buf: np.ndarray, table: BlockTable, first_prev: int = -1) -> Decoded:
    """Docnums and weights of the blocks in ``table`` (``buf``: uint8 with
    PADDING spare; ``first_prev``: the docnum before the first block)."""
    counts, raw = table.counts, table.weight_width == RAW_WEIGHTS
    gaps = unpack(buf, table.data_at, counts, table.id_width)
    docs = np.cumsum(gaps + 1) + first_prev
    id_bytes = run_bytes(counts, table.id_width)
    weight_at = table.data_at + id_bytes
    weights = unpack(buf, weight_at, np.where(raw, 0, counts), table.weight_width % 255) + 1
    weights = weights.astype(np.float32)
    if raw.any():
        starts = _starts(counts)
        whole = np.repeat(~raw, counts)
        floats = [
            np.frombuffer(buf[a : a + 4 * c].tobytes(), "<f4")
            for a, c in zip(weight_at[raw].tolist(), counts[raw].tolist(), strict=True)
        ]
        out = np.empty(int(counts.sum()), dtype=np.float32)
        out[whole] = weights
        for s, f in zip(starts[raw].tolist(), floats, strict=True):
            out[s : s + len(f)] = f
        weights = out
    weight_bytes = np.where(raw, 4 * counts, run_bytes(counts, table.weight_width % 255))
    pos_counts = np.zeros(len(counts), np.int64)
    if len(counts) and not raw.any():
        pos_counts = np.add.reduceat(weights.astype(np.int64), _starts(counts))
    return Decoded(docs, weights, weight_at + weight_bytes, pos_counts, table.pos_width)


def decode_positions(buf: np.ndarray, decoded: Decoded) -> tuple[np.ndarray, np.ndarray]:
    """CSR positions (``offsets``, absolute positions) of decoded postings."""
    gaps = unpack(buf, decoded.pos_at, decoded.pos_counts, decoded.pos_width)
    return positions_from_gaps(decoded.weights.astype(np.int64), gaps)


def positions_from_gaps(counts: np.ndarray, gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR positions (``offsets``, absolute positions) from per-posting runs of
    a first position and gaps, ``counts[i]`` values for posting ``i``."""
    offsets = np.concatenate(([0], np.cumsum(counts)))
    total = np.concatenate(([0], np.cumsum(gaps)))
    positions = total[1:] - np.repeat(total[offsets[:-1]], counts)
    return offsets, positions.astype(np.int32 if positions.max(initial=0) < 2**31 else np.int64)


def position_gaps(counts: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Per posting, its first position then the gaps, from absolute positions."""
    firsts = _starts(counts.astype(np.int64))[counts > 0]
    gaps = np.diff(positions.astype(np.int64), prepend=0)
    gaps[firsts] = positions[firsts]
    return gaps
