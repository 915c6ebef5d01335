"""A whole term of a compact segment, read without Whoosh's matcher.

Whoosh's matcher decodes one block at a time and hands out one posting per
call; search wants the whole list. Here the term's bytes are read at once
(one slice of the posting file), the block headers walked, and every block's
runs decoded in one numpy pass (:func:`search.store.posting_blocks.decode`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from search.store.bit_packing import PADDING
from search.store.posting_blocks import Decoded, decode, read_headers


class CompactTerm(Decoded):
    """A term's decoded postings and the bytes its positions stay packed in."""

    buf: np.ndarray


def read_compact(terms: Any, fieldname: str, btext: bytes) -> CompactTerm:
    """Docnums (within the segment) and weights of one term of a compact segment
    (``terms``: the segment's W3 terms reader), positions left packed."""
    terminfo = terms.term_info(fieldname, btext)
    if terminfo.is_inlined():  # never written by our codec (inline limit 1)
        ids, weights, _ = terminfo.inlined_postings()
        empty = np.zeros(0, np.int64)
        docs, weights = np.asarray(ids, np.int64), np.asarray(weights, np.float32)
        out = CompactTerm(docs, weights, empty, empty, empty)
        out.buf = np.zeros(PADDING, np.uint8)
        return out
    offset, length = terminfo.extent()
    if isinstance(length, tuple):  # W3TermInfo.from_bytes leaves the length unpacked
        length = length[0]
    raw = terms._postfile.get(offset, length)
    buf = np.frombuffer(raw + bytes(PADDING), dtype=np.uint8)
    decoded = decode(buf, read_headers(raw))
    out = CompactTerm(
        decoded.docs, decoded.weights, decoded.pos_at, decoded.pos_counts, decoded.pos_width
    )
    out.buf = buf
    return out
