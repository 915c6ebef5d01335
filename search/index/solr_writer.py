"""The SolrCloud write side: extracted articles sent in batches to a new collection,
published by moving an alias.

As the Whoosh path writes a version beside the live one and swaps a pointer, a
build here creates ``<alias>_v<timestamp>``, fills and commits it, checks that
Solr holds every article sent, and only then points the alias at it
(``CREATEALIAS`` is atomic in ZooKeeper). Any failure (the cluster going away
mid-build included) deletes the new collection where it can and leaves the
alias, and so every search, on the previous one. Extraction runs here in
Python (``ingest/``), never in Solr.

An update works on the live collection in place (add, replace and delete by id
and content hash, then one commit): SolrCloud has no cheap copy of a collection,
and documents replaced by id are atomic one by one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from search.engine.base import BuildOptions
from search.engine.solr.client import SolrClient, SolrRequestError, SolrUnavailableError
from search.errors import BahthError
from search.index.build import BuildReport, _finish
from search.index.documents import batched, prepared_articles
from search.ingest.articles import Article
from search.ingest.corpus import CorpusReport, iter_raw_records
from search.ingest.limits import within_limit
from search.query.facets import KEYWORD_FACETS
from search.text.analyzers import exact_analyzer, stemmed_analyzer

BATCH = 250
CONFIGSET = os.environ.get("BAHTH_SOLR_CONFIGSET", "bahth")
SHARDS = int(os.environ.get("BAHTH_SOLR_SHARDS", "2"))
REPLICAS = int(os.environ.get("BAHTH_SOLR_REPLICAS", "2"))
#: A batch Solr refused for being unreachable is sent again this many times.
BATCH_RETRIES = 3

_EXACT = exact_analyzer()
_STEMMED = stemmed_analyzer()


def _terms(analyzer: Any, text: str) -> str:
    return " ".join(t.text for t in analyzer(text))


def _facet_values(article: Article, attribute: str) -> list[str]:
    value = getattr(article, attribute, None)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v.value for v in values if getattr(v, "value", None)]


def solr_document(article: Article) -> dict[str, Any]:
    """One article as Solr stores it: display fields, both analyses, facet fields."""
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "text": article.text,
        "url": article.url,
        "content_hash": article.content_hash,
        "provenance": json.dumps(article.provenance(), ensure_ascii=False),
        "agencies": [a.value for a in article.agencies],
        "title_x_pre": _terms(_EXACT, article.title),
        "body_x_pre": _terms(_EXACT, article.body),
        "title_s_pre": _terms(_STEMMED, article.title),
        "body_s_pre": _terms(_STEMMED, article.body),
    }
    for spec in KEYWORD_FACETS:
        values = _facet_values(article, spec.article_attribute or spec.name)
        if values:
            doc[spec.name] = values if spec.kind != "keyword" else values[0]
    if article.published:
        day = article.published.date
        doc["published"] = f"{day.isoformat()}T00:00:00Z"
    if article.source_name:
        doc["source_name"] = article.source_name
    return {k: v for k, v in doc.items() if v not in (None, [], "")}


class SolrWriter:
    """Builds publish a new collection behind ``alias``; updates change the live one."""

    def __init__(self, urls: list[str], alias: str) -> None:
        self.client = SolrClient(urls)
        self.alias = alias

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
        self, corpus: Path, options: BuildOptions, report: CorpusReport
    ) -> Iterator[Article]:
        records = iter_raw_records(
            corpus, options.field_map, options.manifest, options.skip_invalid, report
        )
        records = within_limit(records, options.skip_invalid, report)
        return prepared_articles(records, options.workers or min(2, os.cpu_count() or 1))

    def build(self, corpus: Path, options: BuildOptions, progress: Any = None) -> BuildReport:
        started = time.perf_counter()
        aliases = self.client.aliases()  # the cluster is reachable, before any work
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
        report = BuildReport(version=name, documents=0)
        corpus_report = CorpusReport()
        try:
            for batch in batched(self._articles(corpus, options, corpus_report), BATCH):
                self._send(name, [solr_document(a) for a in batch])
                report.documents += len(batch)
                if progress:
                    progress(len(batch))
            if report.documents == 0:
                raise BahthError(f"{corpus}: no articles found")
            self._commit(name)
            held = self._count(name)
            if held != report.documents:
                raise BahthError(f"Solr holds {held} of the {report.documents} articles sent")
            self.client.collections("CREATEALIAS", name=self.alias, collections=name)
        except BaseException:
            # If the cluster is gone the unpublished collection stays, never served.
            with contextlib.suppress(BahthError):
                self.client.collections("DELETE", name=name)
            raise
        report.added = report.documents
        previous = aliases.get(self.alias)
        for old in existing:
            if old.startswith(f"{self.alias}_v") and old not in (name, previous):
                # An old version left behind costs disk, not correctness.
                with contextlib.suppress(BahthError):
                    self.client.collections("DELETE", name=old)
        _finish(report, corpus_report, started)
        return report

    def _known_hashes(self, collection: str) -> dict[str, str]:
        known: dict[str, str] = {}
        cursor = "*"
        while True:
            answer = self.client.get(
                f"/{collection}/select",
                q="*:*",
                fl="id,content_hash",
                rows=5000,
                sort="id asc",
                cursorMark=cursor,
            )
            for doc in answer["response"]["docs"]:
                known[doc["id"]] = doc.get("content_hash") or ""
            if answer.get("nextCursorMark") in (None, cursor):
                return known
            cursor = answer["nextCursorMark"]

    def update(self, corpus: Path, options: BuildOptions, progress: Any = None) -> BuildReport:
        started = time.perf_counter()
        live = self.client.aliases().get(self.alias)
        if live is None:
            if self.alias not in self.client.collection_names():
                return self.build(corpus, options, progress)
            live = self.alias
        known = self._known_hashes(live)
        report = BuildReport(version=live, documents=0)
        corpus_report = CorpusReport()
        seen: set[str] = set()
        pending: list[dict[str, Any]] = []
        for article in self._articles(corpus, options, corpus_report):
            seen.add(article.id)
            old = known.get(article.id)
            if old == article.content_hash:
                report.unchanged += 1
            else:
                pending.append(solr_document(article))
                report.added += old is None
                report.replaced += old is not None
            if len(pending) >= BATCH:
                self._send(live, pending)
                pending = []
            if progress:
                progress(1)
        if pending:
            self._send(live, pending)
        gone = sorted(known.keys() - seen) if options.delete_missing else []
        for chunk in batched(gone, BATCH):
            self._send_delete(live, chunk)
        report.deleted = len(gone)
        self._commit(live)
        report.documents = self._count(live)
        _finish(report, corpus_report, started)
        return report

    def _send_delete(self, collection: str, ids: list[str]) -> None:
        try:
            self.client.request(
                "POST", f"/{collection}/update", {"wt": "json"}, {"delete": list(ids)}
            )
        except SolrRequestError as error:
            raise BahthError(f"deleting from {collection}: {error}") from None
