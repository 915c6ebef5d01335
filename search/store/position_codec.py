"""Whoosh's encoded positions for many postings at once, built with numpy.

A positional posting's value is ``pack_uint(count)`` followed by the pickle
(protocol 2) of its list of position deltas. Pickling each list is a call
per posting, the largest single cost left in writing a segment. The pickle
of a list of small non-negative integers is a fixed layout::

    \\x80\\x02 ] q\\x00 ( item item ... e .      (two or more items)
    \\x80\\x02 ] q\\x00 item a .                 (one item)

where an item is ``K`` and one byte (below 256), ``M`` and two bytes (below
65536) or ``J`` and four bytes, little-endian. So all values of a chunk of
postings are laid out in one byte array and cut into ``bytes``; lists longer
than pickle's batch of 1,000 items (split into several ``( ... e`` groups)
are left to pickle itself. ``tests/test_segment_writer.py`` checks the
output against Whoosh's own encoder.

:func:`decode_positions` reads the same layout back for a whole posting
list at once (phrase matching) instead of a ``pickle.loads`` per posting:
lists whose items are all ``K`` (gaps below 256, most of them) in one
gather, the others one numpy step per item rank; a value in any other
layout is unpickled.
"""

from __future__ import annotations

from pickle import dumps, loads

import numpy as np
from whoosh.system import _INT_SIZE, pack_uint

#: Pickle writes lists in batches of this many items.
PICKLE_BATCH = 1000

_HEADER = b"\x80\x02]q\x00"
_MARK, _APPEND, _APPENDS, _STOP = 0x28, 0x61, 0x65, 0x2E
_BININT1, _BININT2, _BININT = 0x4B, 0x4D, 0x4A
_SHORTEST = 4 + len(_HEADER) + 2 + 2  # count, header, one K item, APPEND, STOP
_PADDING = 16


def encode_positions(counts: np.ndarray, deltas: np.ndarray) -> list[bytes]:
    """Each posting's value, for postings with ``counts`` positions whose
    deltas (first position absolute) follow each other in ``deltas``."""
    n = counts.astype(np.int64)
    if not len(n):
        return []
    d = deltas.astype(np.int64)
    item_size = np.where(d < 256, 2, np.where(d < 65536, 3, 5))
    first_item = np.cumsum(n) - n
    item_end = np.concatenate(([0], np.cumsum(item_size)))
    multi = n >= 2
    head = 4 + len(_HEADER) + multi  # count, header, MARK when two or more
    size = head + (item_end[first_item + n] - item_end[first_item]) + 2
    offsets = np.cumsum(size) - size
    ends = offsets + size
    buf = np.zeros(int(ends[-1]), dtype=np.uint8)
    for k in range(4):
        buf[offsets + k] = (n >> (8 * (3 - k))) & 0xFF
    for k, byte in enumerate(_HEADER):
        buf[offsets + 4 + k] = byte
    buf[offsets[multi] + 4 + len(_HEADER)] = _MARK
    posting = np.repeat(np.arange(len(n)), n)
    at = offsets[posting] + head[posting] + item_end[:-1] - item_end[first_item][posting]
    buf[at] = np.where(d < 256, _BININT1, np.where(d < 65536, _BININT2, _BININT))
    buf[at + 1] = d & 0xFF
    wide = d >= 256
    buf[at[wide] + 2] = (d[wide] >> 8) & 0xFF
    wide = d >= 65536
    buf[at[wide] + 3] = (d[wide] >> 16) & 0xFF
    buf[at[wide] + 4] = (d[wide] >> 24) & 0xFF
    buf[ends - 2] = np.where(multi, _APPENDS, _APPEND)
    buf[ends - 1] = _STOP
    data = buf.tobytes()
    values = [data[a:b] for a, b in zip(offsets.tolist(), ends.tolist(), strict=True)]
    for i in np.flatnonzero(n > PICKLE_BATCH).tolist():
        run = d[first_item[i] : first_item[i] + n[i]].tolist()
        values[i] = pack_uint(len(run)) + dumps(run, 2)
    return values


def _unpickled(value: bytes) -> list[int]:
    """One value's deltas, by pickle (a value may lack the final STOP)."""
    if not value.endswith(b"."):
        value += b"."
    return loads(value[_INT_SIZE:])


def _read_items(
    buf: np.ndarray, at: np.ndarray, counts: np.ndarray, out: np.ndarray, first: np.ndarray
) -> bool:
    """Decode ``counts[i]`` items from ``at[i]`` into ``out[first[i]:]``, one
    item rank at a time. Returns False on a byte that is no item opcode."""
    live = np.flatnonzero(counts)
    rank = 0
    while live.size:
        p = at[live]
        op = buf[p]
        value = buf[p + 1].astype(np.int64)
        two, four = op == _BININT2, op == _BININT
        if not ((op == _BININT1) | two | four).all():
            return False
        wide = p[two | four]
        value[two | four] |= buf[wide + 2].astype(np.int64) << 8
        widest = p[four]
        value[four] |= (buf[widest + 3].astype(np.int64) << 16) | (
            buf[widest + 4].astype(np.int64) << 24
        )
        value[four] -= (value[four] >= 1 << 31) * (1 << 32)  # BININT is signed
        out[first[live] + rank] = value
        at[live] = p + np.where(four, 5, np.where(two, 3, 2))
        rank += 1
        live = live[counts[live] > rank]
    return True


def decode_positions(data: bytes, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CSR positions of many postings whose values, ``sizes`` bytes each, follow
    each other in ``data``: ``offsets`` (one more than postings) and the
    absolute positions, posting after posting, each posting's ascending."""
    n = len(sizes)
    starts = np.cumsum(sizes) - sizes
    # Zero padding: the fixed-place checks below may look past a short value.
    buf = np.frombuffer(data + bytes(_PADDING), dtype=np.uint8)
    counts = np.zeros(n, dtype=np.int64)
    for k in range(4):
        counts = (counts << 8) | buf[starts + k]
    header = np.all([buf[starts + 4 + k] == byte for k, byte in enumerate(_HEADER)], axis=0)
    multi = counts >= 2
    plain = header & (sizes >= _SHORTEST) & (counts <= PICKLE_BATCH)
    plain &= ~multi | (buf[starts + 4 + len(_HEADER)] == _MARK)
    plain_counts = np.where(plain, counts, 0)
    out = np.zeros(int(plain_counts.sum()), dtype=np.int64)
    at = starts + 4 + len(_HEADER) + multi
    # Lists of gaps all below 256 (most) are a K and a byte per item: read at once.
    ends_right = buf[np.maximum(starts + sizes - 1, 0)] == _STOP
    short = plain & ends_right & (sizes - (at - starts) - 2 == 2 * counts)
    owner = np.repeat(np.flatnonzero(short), counts[short])
    first = np.cumsum(plain_counts) - plain_counts
    within = np.arange(len(owner)) - np.repeat(
        np.cumsum(counts[short]) - counts[short], counts[short]
    )
    out[first[owner] + within] = buf[at[owner] + 2 * within + 1]
    if not _read_items(buf, at, np.where(short, 0, plain_counts), out, first):
        plain[:] = False
        plain_counts[:] = 0
        out = out[:0]
    counts = plain_counts
    odd = np.flatnonzero(~plain).tolist()
    if odd:  # rare: a very long list, or another layout
        pieces = np.split(out, np.cumsum(plain_counts)[:-1])
        for i in odd:
            value = data[int(starts[i]) : int(starts[i] + sizes[i])]
            pieces[i] = np.asarray(_unpickled(value), dtype=np.int64)
        counts = np.fromiter(map(len, pieces), dtype=np.int64, count=n)
        out = np.concatenate(pieces)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    total = np.concatenate(([0], np.cumsum(out)))  # total[k]: sum of the first k gaps
    positions = total[1:] - np.repeat(total[offsets[:-1]], counts)
    if not len(positions) or positions.max() < 2**31:  # always, short of a 2-billion-word text
        positions = positions.astype(np.int32)
    return offsets, positions
