"""Runs of small integers bit-packed at a per-run width, packed and unpacked with numpy.

The compact posting codec (:mod:`search.store.posting_blocks`) stores each
block's document gaps, frequencies and position gaps as runs: every value of a
run takes the bits its largest value needs (a block of 128 gaps below 32 takes
80 bytes, against about 300 for Whoosh's pickled tuple). Many runs, of many
blocks and terms, are packed or unpacked in one pass over whole arrays, so
neither the writer nor the reader spends a Python call per posting.

Each run starts on a byte boundary; values are little-endian bit by bit (the
first value in the lowest bits of the run's first byte). Widths are 0 to 32:
a run whose values are all 0 needs no bytes at all.
"""

from __future__ import annotations

import numpy as np

#: Widest value a run may hold.
MAX_WIDTH = 32
#: Zero bytes after a buffer so an 8-byte read at any value stays inside it.
PADDING = 8


def bit_widths(values: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Bits each run needs: those of its largest value (0 for an empty or all-0 run)."""
    widths = np.zeros(len(counts), dtype=np.int64)
    filled = np.flatnonzero(counts)
    if not len(filled) or not len(values):
        return widths
    starts = (np.cumsum(counts) - counts)[filled]
    largest = np.maximum.reduceat(values.astype(np.int64), starts)
    if largest.min(initial=0) < 0 or largest.max(initial=0) >= 1 << MAX_WIDTH:
        raise ValueError(f"packed values must lie in [0, 2**{MAX_WIDTH})")
    widths[filled] = np.frexp(largest.astype(np.float64))[1]  # bit_length, exact below 2**53
    return widths


def run_bytes(counts: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """Bytes each run takes."""
    return (counts.astype(np.int64) * widths + 7) // 8


def _bit_starts(byte_starts: np.ndarray, counts: np.ndarray, widths: np.ndarray) -> np.ndarray:
    """The first bit of every value of every run, run after run."""
    counts = counts.astype(np.int64)
    run = np.repeat(np.arange(len(counts)), counts)
    within = np.arange(len(run)) - np.repeat(np.cumsum(counts) - counts, counts)
    return byte_starts[run] * 8 + within * widths[run], widths[run]


def pack_into(
    out: np.ndarray,
    values: np.ndarray,
    byte_starts: np.ndarray,
    counts: np.ndarray,
    widths: np.ndarray,
) -> None:
    """Write runs of ``values`` (``counts[i]`` values at ``widths[i]`` bits from
    byte ``byte_starts[i]`` of ``out``, a zeroed uint8 buffer with PADDING spare)."""
    if not len(values):
        return
    bits, value_widths = _bit_starts(byte_starts.astype(np.int64), counts, widths)
    keep = value_widths > 0
    bits, v = bits[keep], values[keep].astype(np.uint64)
    shifted = v << (bits & 7).astype(np.uint64)
    first = bits >> 3
    spans = (int(widths.max(initial=0)) + 7 + 7) // 8
    for k in range(spans):
        part = (shifted >> np.uint64(8 * k)) & np.uint64(0xFF)
        # Bits of different values never share a bit, so their sum is their union.
        out += np.bincount(first + k, weights=part, minlength=len(out))[: len(out)].astype(np.uint8)


def unpack(
    buf: np.ndarray, byte_starts: np.ndarray, counts: np.ndarray, widths: np.ndarray
) -> np.ndarray:
    """The values of runs packed by :func:`pack_into` (``buf``: uint8, PADDING spare)."""
    bits, value_widths = _bit_starts(byte_starts.astype(np.int64), counts, widths)
    if not len(bits):
        return np.zeros(0, dtype=np.int64)
    words = np.ndarray(
        shape=(len(buf) - PADDING + 1,), dtype="<u8", buffer=buf, strides=(1,)
    )  # an unaligned 8-byte read at every byte
    raw = words[bits >> 3] >> (bits & 7).astype(np.uint64)
    masks = (np.uint64(1) << value_widths.astype(np.uint64)) - np.uint64(1)
    return (raw & masks).astype(np.int64)
