"""Open index versions once, share them, and follow the pointer to new ones.

A build swaps ``CURRENT`` to a new version; :class:`LiveVersion` notices on
the next request (one small file read) and opens the new version. The facet
arrays are read once per version. Whoosh searchers read files with seek and
read, so each thread gets its own searcher of the version it is using.

A version's searchers are closed when the last reference to its handle goes
(requests in flight keep theirs), so a swapped-out version's files are
released without waiting for the process to end.

A handle holds a :class:`~search.store.layout.VersionLease` on its version
from before it reads a file until it is closed or collected, so a writer that
starts meanwhile leaves the folder on disk: a thread that opens its searcher
late still finds every file (issue 12). The version goes with the first
writer after the last handle on it, in any process, is gone.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.searching import Searcher

from search.engine.whoosh.facet_arrays import FacetArrays
from search.engine.whoosh.posting_cache import PostingCache, cache_budget
from search.errors import IndexMissingError
from search.store.expansions import load_expansions
from search.store.field_lengths import FieldLengths
from search.store.layout import (
    VersionLease,
    current_version_name,
    lease_version,
    read_meta,
    version_dir,
)
from search.store.schema import open_version_index
from search.store.trigrams import TrigramStats, load_trigram_stats
from search.store.version_arrays import load_arrays

#: Pointer reads when the version just read is removed under us; only a
#: writer swapping that often (or a pointer at a missing version) exhausts it.
OPEN_ATTEMPTS = 5


@dataclass
class OpenVersion:
    """One open index version: Whoosh index, facet arrays, decoded postings, metadata."""

    root: Path
    version: str
    index: Any
    facets: FacetArrays
    lengths: FieldLengths
    expansions: dict[str, list[str]]
    trigrams: TrigramStats
    meta: dict[str, Any]
    postings: PostingCache = field(default_factory=PostingCache)
    lease: VersionLease | None = field(default=None, repr=False)
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _searchers: list[Searcher] = field(default_factory=list, repr=False)
    _closing: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        weakref.finalize(self, _close_all, self._searchers, self._closing, self.lease)

    def searcher(self) -> Searcher:
        """This thread's searcher of this version (opened on first use)."""
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.index.searcher()
            self._local.searcher = searcher
            self._searchers.append(searcher)
        return searcher

    def close(self) -> None:
        """Close every searcher and give up the lease now (tests, shutdown).

        The handle must not be used afterwards: a writer may remove its files.
        """
        _close_all(self._searchers, self._closing, self.lease)
        self._local = threading.local()

    @property
    def doc_count(self) -> int:
        return len(self.facets.live)


def _close_all(
    searchers: list[Searcher], lock: threading.Lock, lease: VersionLease | None = None
) -> None:
    with lock:
        while searchers:
            searchers.pop().close()
        if lease is not None:
            lease.release()  # only after the files are closed


def open_version(root: Path, version: str) -> OpenVersion:
    """Open one version folder with its saved arrays and expansion table.

    The version is leased first, then read; this thread's searcher is opened
    at once so an unreadable version fails here, not in the first search.
    """
    lease = lease_version(root, version)
    try:
        path = version_dir(root, version)
        index = open_version_index(path)
        facets, lengths = load_arrays(path, index)
        handle = OpenVersion(
            root=root,
            version=version,
            index=index,
            facets=FacetArrays(facets),
            lengths=lengths,
            expansions=load_expansions(path, index),
            trigrams=load_trigram_stats(path, index),
            meta=read_meta(path),
            postings=PostingCache(cache_budget(path)),
            lease=lease,
        )
    except BaseException:
        lease.release()
        raise
    handle.searcher()
    return handle


def open_live(root: Path) -> OpenVersion:
    """Open the version ``CURRENT`` names, reading it again if that one was just removed."""
    for attempt in range(OPEN_ATTEMPTS):
        name = current_version_name(root)
        try:
            return open_version(root, name)
        except IndexMissingError:
            if attempt == OPEN_ATTEMPTS - 1 or current_version_name(root) == name:
                raise
    raise AssertionError("unreachable")


class LiveVersion:
    """The live version of an index folder, reopened when a rebuild swaps it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._handle: OpenVersion | None = None
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def get(self) -> OpenVersion:
        """The handle of the version ``CURRENT`` names now.

        A process forked from the one that opened it opens its own: the files it
        would inherit share their read offsets with the parent's and siblings'."""
        if self._pid != os.getpid():
            self._handle, self._lock, self._pid = None, threading.Lock(), os.getpid()
        name = current_version_name(self.root)
        handle = self._handle
        if handle is not None and handle.version == name:
            return handle
        with self._lock:
            if self._handle is None or self._handle.version != name:
                self._handle = open_live(self.root)
            return self._handle
