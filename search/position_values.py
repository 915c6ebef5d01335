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
"""

from __future__ import annotations

from pickle import dumps

import numpy as np
from whoosh.system import pack_uint

#: Pickle writes lists in batches of this many items.
PICKLE_BATCH = 1000

_HEADER = b"\x80\x02]q\x00"
_MARK, _APPEND, _APPENDS, _STOP = 0x28, 0x61, 0x65, 0x2E
_BININT1, _BININT2, _BININT = 0x4B, 0x4D, 0x4A


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
