"""A build's first pass: extract every article once (into the extraction cache) and
confirm the names the corpus repeats; the second pass (the engine's own writer) reads
the cached extractions back, labelled with those names.

Both engines' writers call this, so a name confirmed by the corpus reaches the
same articles on Whoosh and on SolrCloud. The work stays linear: pass one is
the extraction a build always did (spread over worker processes, as pass two's
is), pass two a cache read and a set intersection per article; a build of a
corpus the cache has seen extracts nothing at all.
"""

from __future__ import annotations

import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from search.config import EXTRACTION_CACHE_MB
from search.index.documents import batched
from search.index.stopping import raise_if_stopped, start_pool_worker
from search.index.story_source import StorySource
from search.ingest.articles import Article, prepare_article
from search.ingest.corpus import RawRecord
from search.ingest.corpus_names import CorpusNames, NameCounts
from search.ingest.extraction_cache import ExtractionCache
from search.ingest.story_keys import ShingleSet

#: Records per task of pass one.
COUNT_BATCH = 128

_source: StorySource | None = None  # a pass-one worker's, set when it starts


def _start_worker(parent: int, source: StorySource) -> None:
    global _source
    start_pool_worker(parent)
    _source = source


def _count(batch: list[RawRecord]) -> tuple[NameCounts, list[ShingleSet]]:
    assert _source is not None
    return _source.count_with_keys(batch)


def confirm_names(
    records: Iterable[RawRecord], source: StorySource, workers: int
) -> CorpusNames:
    """Pass one: every record extracted through ``source``'s cache; the confirmed names.

    Tallies come back per batch and are merged here, with a bounded look-ahead
    (memory stays flat whatever the corpus size). Each article's story key comes
    back with them, into ``source.story_keys`` (a fixed-size signature per article)."""
    counts = NameCounts()
    source.story_keys, source.stories = [], {}

    def merge(found: tuple[NameCounts, list[ShingleSet]]) -> None:
        counts.merge(found[0])
        source.story_keys.extend(found[1])

    if workers <= 1:
        for batch in batched(records, COUNT_BATCH):
            merge(source.count_with_keys(batch))
        return counts.confirmed()
    context = get_context("fork")  # the source and its cache reach workers unpickled
    with context.Pool(workers, _start_worker, (os.getpid(), source)) as pool:
        pending: deque[Any] = deque()
        for batch in batched(records, COUNT_BATCH):
            pending.append(pool.apply_async(_count, (batch,)))
            while len(pending) > 2 * workers:
                merge(pending.popleft().get())
            raise_if_stopped()
        while pending:
            merge(pending.popleft().get())
    return counts.confirmed()


def preparer(source: StorySource) -> Callable[[RawRecord], Article]:
    """Pass two's ``prepare_article``: the cached extraction, labelled with the names,
    and the story placed between the passes (``source.stories``)."""
    return partial(_prepare_with_story, source)


def _prepare_with_story(source: StorySource, record: RawRecord) -> Article:
    article = prepare_article(record, extract=source.extraction)
    article.story = source.stories.get(article.id)
    return article


@contextmanager
def extraction_source(
    folder: Path | None, max_mb: float = EXTRACTION_CACHE_MB
) -> Iterator[StorySource]:
    """A source over the cache in ``folder``; ``None``: a cache for this build only (the
    second pass still reads the first's extractions back), removed at the end."""
    if folder is not None:
        cache = ExtractionCache(folder, max_mb)
        try:
            yield StorySource(cache)
        finally:
            cache.close()
        return
    with tempfile.TemporaryDirectory(prefix="bahth-extraction-") as scratch:
        cache = ExtractionCache(Path(scratch), max_mb)
        try:
            yield StorySource(cache)
        finally:
            cache.close()
