"""The SolrCloud write side: extracted articles sent in batches to a new collection,
published by moving an alias.

As the Whoosh path writes a version beside the live one and swaps a pointer, a
build here creates ``<alias>_v<timestamp>``, fills and commits it, checks that
Solr holds every article sent, and only then points the alias at it
(``CREATEALIAS`` is atomic in ZooKeeper). Any failure (the cluster going away
mid-build included) deletes the new collection where it can and leaves the
alias, and so every search, on the previous one. Extraction runs here in
Python (``ingest/``), never in Solr.

An update is published the same way: the changed and new articles go to a new
collection, the live collection's other documents are copied into it (stored
fields paged with ``cursorMark``; see :mod:`search.index.solr_documents`), and
the alias moves once Solr holds exactly the articles expected. Writing in place
would show a half-done update (soft commits make each batch visible) and leave
it there when the update fails; SolrCloud has no cheaper copy of a collection
(backup/restore needs a shared repository every node can reach).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from search.config import DEFAULT_INDEX, EXTRACTION_CACHE_MB
from search.errors import BahthError
from search.index.build import INDEXING, UPDATING
from search.index.corpus_pass import extraction_source, preparer
from search.index.documents import batched, prepared_articles
from search.index.passes import (
    UNCHANGED,
    BuildReport,
    Changes,
    cache_folder,
    finish_report,
    second_pass,
)
from search.index.progress import Progress
from search.index.solr_documents import copied_document, solr_document
from search.index.solr_fields import declare_facet_fields
from search.index.stories import table_of
from search.index.story_pass import placed
from search.index.story_source import StorySource
from search.index.writer_seam import BuildOptions
from search.ingest.articles import Article
from search.ingest.corpus import CorpusReport
from search.ingest.story_keys import SIGNATURE_SIZE
from search.request.facets import MULTI_FACETS
from search.store.solr_client import SolrClient, SolrUnavailableError
from search.store.story_signatures import StoryTable, key_text, table_from_texts

BATCH = 250
CONFIGSET = os.environ.get("BAHTH_SOLR_CONFIGSET", "bahth")
SHARDS = int(os.environ.get("BAHTH_SOLR_SHARDS", "2"))
REPLICAS = int(os.environ.get("BAHTH_SOLR_REPLICAS", "2"))
#: A batch Solr refused for being unreachable is sent again this many times.
BATCH_RETRIES = 3
#: Documents read from the live collection per request when an update copies it.
COPY_PAGE = 500

__all__ = ["SolrWriter", "solr_document"]


class SolrWriter:
    """Builds and updates each publish a new collection behind ``alias``."""

    def __init__(self, urls: list[str], alias: str) -> None:
        self.client = SolrClient(urls)
        self.alias = alias
        #: Closes the build's extraction cache (:meth:`_articles` opens it).
        self._stack = ExitStack()
        #: The build's extraction source, with its placed stories (:meth:`_articles`).
        self._source: StorySource | None = None

    def _send(self, collection: str, docs: list[dict[str, Any]]) -> None:
        for attempt in range(BATCH_RETRIES + 1):
            try:
                self.client.request("POST", f"/{collection}/update", {"wt": "json"}, docs)
                return
            except SolrUnavailableError:
                if attempt == BATCH_RETRIES:
                    raise
                time.sleep(1 + attempt)

    def _commit(self, collection: str) -> None:
        self.client.request(
            "GET", f"/{collection}/update", {"commit": "true", "wt": "json"}, timeout=300
        )

    def _count(self, collection: str) -> int:
        answer = self.client.get(f"/{collection}/select", q="*:*", rows=0)
        return int(answer["response"]["numFound"])

    def _articles(
        self,
        corpus: Path,
        options: BuildOptions,
        report: CorpusReport,
        progress: Progress | None,
        pass_name: str,
        kept: StoryTable | None = None,
    ) -> Iterator[Article]:
        """The corpus's articles, through the same two passes as a Whoosh build
        (:mod:`search.index.corpus_pass`): extracted once into the cache beside the
        default index folder, then labelled with the names the corpus confirms."""
        workers = options.workers or min(2, os.cpu_count() or 1)
        folder = cache_folder(options.extraction_cache, DEFAULT_INDEX)
        mb = options.extraction_cache_mb or EXTRACTION_CACHE_MB
        source = self._stack.enter_context(extraction_source(folder, mb))
        records = second_pass(corpus, options, source, report, progress, pass_name, workers)
        placed(source, kept if kept is not None else table_of([]), options.delete_missing)
        self._source = source
        return prepared_articles(records, workers, preparer(source))

    def _start(self) -> tuple[str | None, list[str], str]:
        """The live collection, the collections there are, and a new empty one to fill."""
        live = self.client.aliases().get(self.alias)  # the cluster answers, before any work
        existing = self.client.collection_names()
        if self.alias in existing:
            raise BahthError(
                f"{self.alias!r} is a collection, not an alias: give --collection another name"
            )
        name = f"{self.alias}_v{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}"
        self.client.collections(
            "CREATE",
            name=name,
            numShards=SHARDS,
            replicationFactor=REPLICAS,
            **{"collection.configName": CONFIGSET},
        )
        try:
            declare_facet_fields(self.client, name)  # the registry's rows, before any document
        except BaseException:
            self._drop(name)
            raise
        return live, existing, name

    def _drop(self, name: str) -> None:
        """Delete an unpublished collection; if the cluster is gone it stays, never served."""
        with contextlib.suppress(BahthError):
            self.client.collections("DELETE", name=name)

    def _publish(self, name: str, expected: int, live: str | None, existing: list[str]) -> None:
        """Commit, check Solr holds ``expected`` articles, move the alias, drop old versions.

        The previous collection stays (a search that read the alias just before the
        move still finds it); the ones before it are deleted."""
        self._commit(name)
        held = self._count(name)
        if held != expected:
            raise BahthError(f"Solr holds {held} of the {expected} articles expected")
        self.client.collections("CREATEALIAS", name=self.alias, collections=name)
        for old in existing:
            if old.startswith(f"{self.alias}_v") and old not in (name, live):
                self._drop(old)  # an old version left behind costs disk, not correctness

    def build(
        self, corpus: Path, options: BuildOptions, progress: Progress | None = None
    ) -> BuildReport:
        with self._stack:
            return self._build(corpus, options, progress)

    def _build(
        self, corpus: Path, options: BuildOptions, progress: Progress | None = None
    ) -> BuildReport:
        started = time.perf_counter()
        live, existing, name = self._start()
        report = BuildReport(version=name, documents=0)
        corpus_report = CorpusReport()
        try:
            articles = self._articles(corpus, options, corpus_report, progress, INDEXING)
            for batch in batched(articles, BATCH):
                self._send(name, [self._document(a) for a in batch])
                report.documents += len(batch)
            if report.documents == 0:
                raise BahthError(f"{corpus}: no articles found")
            self._publish(name, report.documents, live, existing)
        except BaseException:
            self._drop(name)
            raise
        report.added = report.documents
        finish_report(report, corpus_report, started)
        return report

    def _document(self, article: Article) -> dict[str, Any]:
        """The Solr document of ``article`` with its story key (for the next update)."""
        doc = solr_document(article)
        row = self._source.story_rows.get(article.id) if self._source else None
        if row is not None and self._source is not None and self._source.story_table:
            doc["story_key"] = key_text(self._source.story_table, row)
        return doc

    def _stored(self, collection: str, fl: str) -> Iterator[dict[str, Any]]:
        """Every document of ``collection`` (fields ``fl``), in id order, page by page:
        ``cursorMark`` reads a consistent order without the cost of deep ``start``."""
        cursor = "*"
        while True:
            answer = self.client.get(
                f"/{collection}/select",
                q="*:*",
                fl=fl,
                rows=COPY_PAGE,
                sort="id asc",
                cursorMark=cursor,
            )
            yield from answer["response"]["docs"]
            if answer.get("nextCursorMark") in (None, cursor):
                return
            cursor = answer["nextCursorMark"]

    def _known_hashes(self, collection: str) -> dict[str, tuple[Any, ...]]:
        """id → content hash and facet values: an unchanged text whose corpus-confirmed
        names changed is sent again."""
        names = [spec.name for spec in MULTI_FACETS]
        stored = self._stored(collection, ",".join(["id", "content_hash", *names]))
        return {
            d["id"]: (d.get("content_hash") or "", *(d.get(name) or [] for name in names))
            for d in stored
        }

    def _copy(self, live: str, name: str, skip: set[str]) -> int:
        """Copy the live collection's documents but ``skip`` into ``name``; how many."""
        copied = 0
        pending: list[dict[str, Any]] = []
        for stored in self._stored(live, "*"):
            if stored["id"] in skip:
                continue
            pending.append(copied_document(stored))
            if len(pending) >= BATCH:
                self._send(name, pending)
                copied, pending = copied + len(pending), []
        if pending:
            self._send(name, pending)
        return copied + len(pending)

    def update(
        self, corpus: Path, options: BuildOptions, progress: Progress | None = None
    ) -> BuildReport:
        """Add, replace and delete by id and content hash, in a new collection: the
        changes first (a bad record fails before the long copy), then the live
        collection's other documents; the alias moves only when all are held."""
        if self.client.aliases().get(self.alias) is None:
            return self.build(corpus, options, progress)
        with self._stack:
            return self._update(corpus, options, progress)

    def _update(
        self, corpus: Path, options: BuildOptions, progress: Progress | None = None
    ) -> BuildReport:
        started = time.perf_counter()
        live, existing, name = self._start()
        assert live is not None
        report = BuildReport(version=name, documents=0)
        corpus_report = CorpusReport()
        try:
            changes = Changes(self._known_hashes(live), report, started)
            kept = table_from_texts(
                ((d["id"], d.get("story") or "", d.get("story_key") or "")
                 for d in self._stored(live, "id,story,story_key")),
                SIGNATURE_SIZE,
            )  # fmt: skip
            articles = self._articles(corpus, options, corpus_report, progress, UPDATING, kept)
            for batch in batched(articles, BATCH):
                docs = [
                    self._document(article)
                    for article in batch
                    if changes.sort(article.id, _article_state(article)) != UNCHANGED
                ]
                if docs:
                    self._send(name, docs)
            gone = changes.gone(options.delete_missing)
            if changes.nothing:  # nothing to publish: the live collection stays
                self._drop(name)
                return changes.live_kept(live, corpus_report)
            self._copy(live, name, changes.changed | gone)
            report.documents = len(changes.known) - len(gone) + report.added
            self._publish(name, report.documents, live, existing)
        except BaseException:
            self._drop(name)
            raise
        finish_report(report, corpus_report, started)
        return report


def _article_state(article: Article) -> tuple[Any, ...]:
    """What an update compares with the stored document: content hash, then each
    multi-valued facet's values (the registry's rows, as :meth:`_known_hashes` reads)."""
    values = [
        [v.value for v in getattr(article, spec.article_attribute or spec.name)]
        for spec in MULTI_FACETS
    ]
    return (article.content_hash, *values)
