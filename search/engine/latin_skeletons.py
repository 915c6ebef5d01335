"""The Latin-name candidates of an engine version, never built inside a search.

A Whoosh version written by this release carries them in a side file
(:mod:`search.store.latin_skeletons`). A SolrCloud collection, or a Whoosh
version written before the file existed, has them built here from the engine's
lexicon in a background thread started when the engine first sees the version;
until the thread is done :meth:`SkeletonBuilds.get` answers None and a Latin word
is searched as written (the query says so), so no search waits the 13–32 s a
listing of ANT's lexicon takes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from search.text.latin.candidates import SkeletonIndex, least_articles

#: Versions kept (the live one and the one before it, with room for a second engine).
KEPT = 4
Words = Callable[[int], Iterable[tuple[str, int]]]


def from_words(documents: Callable[[], int], words: Words) -> Callable[[], SkeletonIndex]:
    """A build from an engine's lexicon: its words in enough articles, keyed."""
    return lambda: SkeletonIndex(words(least_articles(documents())))


class SkeletonBuilds:
    """Candidate indexes by version: built once each, in the background."""

    def __init__(self) -> None:
        self._done: OrderedDict[str, SkeletonIndex] = OrderedDict()
        self._running: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def start(self, version: str, build: Callable[[], SkeletonIndex | None]) -> None:
        """Begin building ``version``'s index with ``build`` (once; a failed build is
        tried again at the next call)."""
        with self._lock:
            if version in self._done or version in self._running:
                return
            thread = threading.Thread(
                target=self._build, args=(version, build), daemon=True, name=f"latin-{version}"
            )
            self._running[version] = thread
        thread.start()

    def _build(self, version: str, build: Callable[[], SkeletonIndex | None]) -> None:
        try:
            built = build()
        except Exception:  # noqa: BLE001 - the engine is down: Latin words stay as written
            built = None
        with self._lock:
            del self._running[version]
        if built is not None:
            self.put(version, built)

    def put(self, version: str, built: SkeletonIndex) -> None:
        with self._lock:
            self._done[version] = built
            while len(self._done) > KEPT:
                self._done.popitem(last=False)

    def get(self, version: str) -> SkeletonIndex | None:
        """The built index, or None while it is being built."""
        with self._lock:
            return self._done.get(version)

    def wait(self, version: str, seconds: float) -> SkeletonIndex | None:
        """:meth:`get` after at most ``seconds`` of waiting for a running build."""
        with self._lock:
            thread = self._running.get(version)
        if thread is not None:
            thread.join(seconds)
        return self.get(version)
