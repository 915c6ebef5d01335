"""Decoded posting lists of one index version, shared by all its queries.

Reading a posting list means decoding every block of it (W3's pickled blocks
cost about 60 µs each; the compact codec's a fraction of that). A word found in
most articles (في, قال, حتى) has a block per 128 articles, so each query that
names it paid tens of milliseconds at 30,000 articles and a few hundred at
126,000, over and over for the same few words. An index version never
changes, so its lists are read once and kept (:class:`search.engine.whoosh.postings.Postings`:
numpy document numbers and term frequencies, and for positional fields the
encoded positions, decoded once a phrase needs them) in a least-recently-used
cache bounded by bytes; it goes with the version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from whoosh.reading import IndexReader

from search.engine.whoosh.postings import Postings, read_term

#: Bytes of decoded postings a version keeps: an eighth of its posting files,
#: within these bounds. Frequent words (Zipf) are most of what queries read;
#: ANT's query mix keeps 18 MB at x1 and 91 MB at x4, and a fixed budget just
#: under a mix's needs makes least-recently-used drop every list before its
#: next use (bench/README.md).
CACHE_SHARE = 8
CACHE_MIN_BYTES = 64 * 2**20
CACHE_MAX_BYTES = 512 * 2**20


def cache_budget(version_dir: Path) -> int:
    """The cache size for the version in ``version_dir`` (Whoosh ``.pst`` files)."""
    posting_bytes = sum(f.stat().st_size for f in version_dir.glob("*.pst"))
    return min(max(posting_bytes // CACHE_SHARE, CACHE_MIN_BYTES), CACHE_MAX_BYTES)


class PostingCache:
    """A version's decoded posting lists, least recently used dropped first.

    Words not in the index are not kept (there is nothing to read); every
    kept list is counted with :data:`search.engine.whoosh.postings.ENTRY_OVERHEAD` on top
    of its arrays, so many rare words cannot exceed the budget unseen.
    Short lists are kept too: they are cheap to hold and most of a query mix's
    words are rare, so leaving them out saves little memory and costs reads.
    Two threads missing the same list at once both read it; one copy is kept.
    """

    def __init__(self, budget: int = CACHE_MIN_BYTES) -> None:
        self.budget = budget
        self.used = 0
        # Sizes as last counted: a list changes size when its positions are decoded.
        self._entries: OrderedDict[tuple[str, str], tuple[Postings, int]] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, reader: IndexReader, fieldname: str, text: str, positions: bool = False
    ) -> Postings:
        """The term's postings (with ``positions`` decoded when asked for), read
        through ``reader`` unless kept."""
        key = (fieldname, text)
        with self._lock:
            found = self._entries.get(key)
        postings = found[0] if found is not None else read_term(reader, fieldname, text)
        if positions:
            postings.csr()
        if not len(postings.docs):  # a word not in the index: nothing to keep
            return postings
        with self._lock:
            kept = self._entries.get(key)  # this list, or another thread's copy
            self._keep(key, postings if kept is None else kept[0])
        return postings

    def _keep(self, key: tuple[str, str], postings: Postings) -> None:
        """(Re)count ``postings`` as most recently used, then drop the oldest."""
        size = postings.nbytes
        counted = self._entries.pop(key, (postings, 0))[1]
        self.used -= counted
        if size <= self.budget:
            self._entries[key] = (postings, size)
            self.used += size
        while self.used > self.budget:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.used -= dropped
