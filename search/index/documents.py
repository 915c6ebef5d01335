"""What the index stores for one article, and preparing articles in parallel."""

from __future__ import annotations

import datetime as dt
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing import get_context
from typing import Any

from search.index.stopping import start_pool_worker
from search.ingest.articles import Article, prepare_article
from search.ingest.corpus import RawRecord
from search.ingest.extract.entities import weak_values
from search.request.facets import MULTI_FACETS
from search.store.body_text import BODY_FROM_TEXT, body_to_store
from search.store.schema import VALUE_SEPARATOR, multi_column

PREPARE_CHUNK = 32
PREPARE_BATCH = 256

Prepare = Callable[[RawRecord], Article]
_prepare: Prepare = prepare_article  # a pool worker's, set when it starts


def _start_worker(parent: int, prepare: Prepare) -> None:
    global _prepare
    start_pool_worker(parent)
    _prepare = prepare


def _prepared(record: RawRecord) -> Article:
    return _prepare(record)


def article_document(article: Article) -> dict[str, Any]:
    """The Whoosh document for one article (both variants of each text field)."""
    stored, rebuilt = body_to_store(article.text, article.body, article.removed)
    found = {
        spec.name: getattr(article, spec.article_attribute or spec.name) for spec in MULTI_FACETS
    }
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "title_stem": article.title,
        "body": article.body,
        # The body is stored only where it is neither the text nor rebuilt from it.
        "_stored_body": stored,
        BODY_FROM_TEXT: rebuilt or None,
        "body_stem": article.body,
        "text": article.text,
        # tagger-only values a corpus must name twice to count (store/facet_columns.py: _csr)
        "weak_col": VALUE_SEPARATOR.join(
            weak_values([v for values in found.values() for v in values])
        ).encode("utf-8"),
        "url": article.url,
        "content_hash": article.content_hash,
        "provenance": article.provenance(),
    }
    if article.story:
        doc["story"] = article.story
    if article.source:
        doc["source"] = article.source.value
        if article.source_name:
            doc["source_name_col"] = article.source_name.encode("utf-8")
    if article.published:
        day = article.published.date
        doc["published"] = dt.datetime(day.year, day.month, day.day)
    for name, values in found.items():
        plain = [v.value for v in values]
        doc[multi_column(name)] = VALUE_SEPARATOR.join(plain).encode("utf-8")
        if plain:
            doc[name] = ",".join(v.replace(",", " ") for v in plain)
    if article.agencies:
        doc["agencies"] = ",".join(a.value.replace(",", " ") for a in article.agencies)
    return doc


def batched(items: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    """Successive lists of ``size`` items (itertools.batched arrived in 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def prepared_articles(
    records: Iterable[RawRecord], workers: int, prepare: Prepare = prepare_article
) -> Iterator[Article]:
    """Clean and extract records, in order, on ``workers`` processes (``prepare`` reaches
    the forked workers as it is, never pickled).

    Records are read here, in the calling thread, so a corpus error surfaces
    where it happened; batches go to the pool with a bounded look-ahead so
    memory stays flat however large the corpus.
    """
    if workers <= 1:
        yield from map(prepare, records)
        return
    context = get_context("fork")
    with context.Pool(workers, _start_worker, (os.getpid(), prepare)) as pool:
        pending: deque[Any] = deque()
        for batch in batched(records, PREPARE_BATCH):
            pending.append(pool.map_async(_prepared, batch, chunksize=PREPARE_CHUNK))
            if len(pending) > 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
