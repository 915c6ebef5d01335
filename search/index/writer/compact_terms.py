"""A chunk of terms' compact posting lists and term infos, from sorted arrays at once.

The build writer hands a field's postings over already sorted and cut into
blocks (:class:`search.index.writer.posting_sort.SortedField`); here every
block of a chunk of terms is encoded in one pass
(:func:`search.store.posting_blocks.encode`) and each term's statistics are
reduced over its blocks with numpy, so the only Python work left per term is
slicing its bytes and packing its term info. Whoosh's own postings writer
writes the same bytes one block at a time
(:class:`search.store.compact_codec.CompactPostingsWriter`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pickle import loads
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import _INT_SIZE

from search.index.writer.posting_sort import SortedField
from search.store.bit_packing import PADDING
from search.store.compact_codec import POSITION_VALUES, value_kind
from search.store.posting_blocks import Blocks, encode

_TERM_STRUCT = W3TermInfo._struct


def _position_gaps(field: SortedField, first: int, last: int) -> np.ndarray:
    """Postings ``first:last``'s position runs (first position, then gaps)."""
    if field.positions is not None:
        return field.position_deltas(first, last)
    assert field.values is not None
    runs = [loads(v[_INT_SIZE:] + (b"" if v.endswith(b".") else b".")) for v in field.values]
    return np.fromiter((p for run in runs[first:last] for p in run), dtype=np.int64)


def compact_chunk(
    field: SortedField, format_: Any, term: int, stop: int, first: int, last: int, b0: int, b1: int
) -> Iterator[tuple[bytes, bytes, bytes]]:
    """``(term bytes, posting bytes, term info bytes)`` of terms ``term:stop``,
    whose postings are ``first:last`` and blocks ``b0:b1``."""
    per_term = field.term_blocks[term:stop].astype(np.int64)
    starts = field.starts[b0:b1].astype(np.int64) - first
    counts = field.ends[b0:b1].astype(np.int64) - first - starts
    deltas = field.deltas[first:last].astype(np.int64)  # each block restarts from 0
    running = np.cumsum(deltas)
    docs = running - np.repeat(running[starts] - deltas[starts], counts)
    opening = np.cumsum(per_term) - per_term
    closing = opening + per_term - 1
    first_of = np.zeros(len(counts), dtype=bool)
    first_of[opening] = True
    last_of = np.zeros(len(counts), dtype=bool)
    last_of[closing] = True
    last_ids = field.last_ids[b0:b1].astype(np.int64)
    prev_last = np.concatenate(([-1], last_ids[:-1]))
    prev_last[first_of] = -1
    min_code, max_code = field.min_code[b0:b1], field.max_code[b0:b1]
    positional = value_kind(format_) == POSITION_VALUES
    blocks = Blocks(
        docs=docs,
        weights=field.singles(first, last),
        counts=counts,
        prev_last=prev_last,
        min_len=min_code,
        max_len=max_code,
        first_of_term=first_of,
        last_of_term=last_of,
        positions=_position_gaps(field, first, last) if positional else None,
    )
    out, block_at = encode(blocks)
    data = out[: len(out) - PADDING].tobytes()
    bounds = np.append(block_at[opening], len(data)).tolist()
    weight = np.add.reduceat(field.sum_single[b0:b1].astype(np.float64), opening).tolist()
    heaviest = np.maximum(field.max_weight[b0:b1].astype(np.float64), 0)
    top = np.maximum.reduceat(heaviest, opening).tolist()
    low = (np.minimum.reduceat(np.where(min_code == 0, 256, min_code), opening) % 256).tolist()
    high = np.maximum.reduceat(max_code, opening).tolist()
    postings = field.counts[term:stop].tolist()
    min_ids = field.first_ids[b0:b1][opening].tolist()
    max_ids = last_ids[closing].tolist()
    for t in range(stop - term):
        info = _TERM_STRUCT.pack(
            False, weight[t], postings[t], low[t], high[t], top[t], min_ids[t], max_ids[t]
        )
        yield field.keys[term + t], data[bounds[t] : bounds[t + 1]], info
