"""Phrase matching from posting blocks, without Whoosh's span machinery.

Whoosh checks a phrase one candidate document at a time through nested
matchers and span objects (about 50 µs a document): a phrase with a common
word (``"في سوريا"``) took a hundred milliseconds and more. Here the
candidates are the intersection of the words' posting lists (numpy), and
each candidate's positions are decoded straight from the stored values and
checked with set arithmetic, a few microseconds a document.
"""

from __future__ import annotations

from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh.reading import IndexReader

from search.deadline import Deadline
from search.postings import postings_with_positions

_INT_SIZE = 4  # Whoosh's Positions values start with the weight as an int
CHECK_EVERY = 512


def _positions(value: bytes) -> set[int]:
    """Decode one Positions value (a 4-byte count, then pickled gaps)."""
    if not value.endswith(b"."):
        value += b"."
    return set(accumulate(loads(value[_INT_SIZE:])))


def phrase_docs(
    reader: IndexReader, fieldname: str, words: list[str], deadline: Deadline | None = None
) -> np.ndarray:
    """Docnums where ``words`` stand one after the other in ``fieldname``."""
    lists = [postings_with_positions(reader, fieldname, w) for w in words]
    if any(not len(docs) for docs, _ in lists):
        return np.zeros(0, dtype=np.int64)
    common = lists[0][0]
    for docs, _ in lists[1:]:
        common = np.intersect1d(common, docs, assume_unique=True)
    rows = [np.searchsorted(docs, common) for docs, _ in lists]
    found: list[int] = []
    for i, docnum in enumerate(common.tolist()):
        if i % CHECK_EVERY == 0 and i and deadline is not None and deadline.expired():
            break
        starts = _positions(lists[0][1][rows[0][i]])
        for k in range(1, len(lists)):
            following = _positions(lists[k][1][rows[k][i]])
            starts = {p - k for p in following} & starts
            if not starts:
                break
        if starts:
            found.append(docnum)
    return np.array(found, dtype=np.int64)
