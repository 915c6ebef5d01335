"""Phrase matching on decoded positions, all candidates at once.

Whoosh checks a phrase one candidate document at a time through nested
matchers and span objects, so a phrase with a common word (``"في سوريا"``)
costs in proportion to every document holding all its words. Here the
candidates are the intersection of the words' posting lists, and every
candidate's positions are compared in one pass of sorted-array arithmetic:
word ``k`` of the phrase stands at ``p`` where word 0 could start at
``p - k``, so a phrase starts where the (candidate, start) keys of all its
words agree.
"""

from __future__ import annotations

import numpy as np

from search.engine.whoosh.postings import Postings

#: Added to every start so that ``p - k`` stays non-negative in the key.
_SLACK = 1 << 16


def _sorted_common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values of ascending ``a`` also in ascending ``b``, without the sort of
    ``np.intersect1d`` (a common word's list is most of the index)."""
    if not len(a) or not len(b):
        return a[:0]
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return a[b[at] == a]


def phrase_docs(lists: list[Postings]) -> np.ndarray:
    """Docnums where the words whose postings are ``lists`` stand in order."""
    if not lists or any(not len(p.docs) for p in lists):
        return np.zeros(0, dtype=np.int64)
    common = lists[0].docs
    for postings in lists[1:]:
        common = _sorted_common(common, postings.docs)
    starts: np.ndarray | None = None
    for k, postings in enumerate(lists):
        positions, owner = postings.positions_of(np.searchsorted(postings.docs, common))
        # Sorted: owners ascend, and each owner's positions ascend.
        keys = (owner.astype(np.int64) << 32) | (positions.astype(np.int64) - k + _SLACK)
        starts = keys if starts is None else _sorted_common(starts, keys)
        if not starts.size:
            break
    assert starts is not None
    return np.unique(common[starts >> 32])
