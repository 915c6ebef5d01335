"""The embedded engine: Whoosh files on disk, matched, ranked and counted in numpy.

:class:`WhooshEngine` answers the seam's questions (:mod:`search.engine.base`)
for the live version of an index folder; each call takes the version the
``CURRENT`` pointer names at that moment, so a rebuild is served at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from search.engine.base import (
    EngineDocument,
    EngineHit,
    EnginePage,
    EngineResult,
    EngineStatus,
    SearchRequest,
    StoredArticle,
)
from search.engine.latin_skeletons import SkeletonBuilds, from_words
from search.engine.whoosh.cooccurrence import cooccurring
from search.engine.whoosh.cursor import page_after
from search.engine.whoosh.cursor import timeline as month_counts
from search.engine.whoosh.facet_counts import apply_filters, facet_counts
from search.engine.whoosh.lexicon import WhooshLexicon
from search.engine.whoosh.matching import highlight_terms, match_and_score, page_order
from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.engine.whoosh.stories import (
    count_stories,
    key_articles,
    month_story_facet,
    story_column,
    story_docs,
)
from search.request.facets import MULTI_FACETS
from search.request.syntax import ParsedQuery
from search.store.body_text import stored_body
from search.store.latin_skeletons import load_latin_skeletons
from search.store.layout import version_dir
from search.store.trigrams import TrigramStats
from search.text.latin.candidates import SkeletonIndex
from search.text.matching import TermSet, find_matches


def stored_article(stored: dict[str, Any]) -> StoredArticle:
    published = stored.get("published")
    return StoredArticle(
        id=stored["id"],
        title=stored.get("title") or "",
        source=stored.get("source"),
        published=published.date().isoformat() if published else None,
        facet_values={
            spec.name: tuple(stored[spec.name].split(",")) if stored.get(spec.name) else ()
            for spec in MULTI_FACETS
        },
        url=stored.get("url"),
        story=stored.get("story"),
    )


class PinnedVersion:
    """Like :class:`LiveVersion`, but always the one open version it was given (tests,
    benchmarks): a rebuild does not move it."""

    def __init__(self, handle: OpenVersion) -> None:
        self.handle = handle

    def get(self) -> OpenVersion:
        return self.handle


def _key(handle: OpenVersion) -> str:
    return f"{handle.root}/{handle.version}"


class WhooshEngine:
    """The live version of one index folder, behind the engine seam."""

    name = "whoosh"
    score_scale = 1.0

    def __init__(self, root: Path | None = None, handle: OpenVersion | None = None) -> None:
        if handle is not None:
            self._holder: LiveVersion | PinnedVersion = PinnedVersion(handle)
        elif root is not None:
            self._holder = LiveVersion(Path(root))
        else:
            raise ValueError("WhooshEngine needs an index folder or an open version")
        self._skeletons = SkeletonBuilds()
        self._seen = ""

    @classmethod
    def of(cls, handle: OpenVersion) -> WhooshEngine:
        """An engine answering from one already open version."""
        return cls(handle=handle)

    def handle(self) -> OpenVersion:
        """The version the pointer names now (opened once, shared); its Latin-name
        candidates start loading when it is first seen."""
        handle = self._holder.get()
        if handle.version != self._seen:
            self._seen = handle.version
            self._start_skeletons(handle)
        return handle

    def search(self, request: SearchRequest) -> EngineResult:
        handle = self.handle()
        params, deadline = request.params, request.deadline
        docs, scores = match_and_score(handle, request.plan, deadline)
        keep, masks = apply_filters(handle.facets, docs, params)
        hits_docs = docs[keep]
        hit_scores = scores[keep] if scores is not None else None
        searcher = handle.searcher()
        terms = highlight_terms(request.parsed, searcher.reader()) if params.snippets else None
        hits = []
        ordered = page_order(handle.facets, hits_docs, hit_scores, params)
        if request.keys_only:  # ids and stories from columns; the page reads the rest
            column = story_column(searcher.reader(), str(handle.root / handle.version))
            keys = key_articles(column, [docnum for docnum, _ in ordered])
            hits = [EngineHit(a, score) for a, (_, score) in zip(keys, ordered, strict=True)]
        for docnum, score in [] if request.keys_only else ordered:
            stored = searcher.stored_fields(docnum)
            body = stored_body(stored) if terms is not None or request.bodies else ""
            spans = tuple(find_matches(body, terms)) if terms is not None else ()
            hits.append(EngineHit(stored_article(stored), score, body, spans))
        facets = facet_counts(handle.facets, docs, masks, params) if params.facets else {}
        stories = None
        if request.count_stories or (params.facets and params.count == "stories"):
            column = story_column(searcher.reader(), str(handle.root / handle.version))
            stories = count_stories(column, hits_docs)
            if params.facets and params.count == "stories":
                facets["date"] = month_story_facet(handle.facets, column, docs, masks, params)
        return EngineResult(int(len(hits_docs)), tuple(hits), facets, deadline.partial, stories)

    def count(self, request: SearchRequest) -> int:
        return self._count(self.handle(), request)

    @staticmethod
    def _count(handle: OpenVersion, request: SearchRequest) -> int:
        docs, _ = match_and_score(handle, request.plan, request.deadline)
        keep, _ = apply_filters(handle.facets, docs, request.params)
        return int(np.count_nonzero(keep))

    def lexicon(self) -> WhooshLexicon:
        handle = self.handle()  # one version for the whole suggestion: its searchers stay open
        return WhooshLexicon(handle.searcher().reader(), lambda r: self._count(handle, r))

    def latin_skeletons(self, wait_s: float) -> SkeletonIndex | None:
        """Read from the version's side file in the background from the engine's first
        sight of the version (:meth:`handle`); a search waits at most ``wait_s``."""
        handle = self.handle()
        return self._skeletons.wait(_key(handle), wait_s)

    def _start_skeletons(self, handle: OpenVersion) -> None:
        """Load the side file written at build and update time (0.6 s on ANT); a version
        written before it existed has its lexicon listed instead."""

        def words(least: int) -> Iterable[tuple[str, int]]:  # the loading thread's searcher
            return WhooshLexicon(handle.searcher().reader(), lambda r: 0).words(least)

        def load() -> SkeletonIndex:
            saved = load_latin_skeletons(version_dir(handle.root, handle.version))
            return saved or from_words(lambda: handle.doc_count, words)()

        self._skeletons.start(_key(handle), load)

    def document(self, doc_id: str) -> EngineDocument | None:
        searcher = self.handle().searcher()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        agencies = stored.get("agencies")
        return EngineDocument(
            article=stored_article(stored),
            agencies=tuple(agencies.split(",")) if agencies else (),
            text=stored.get("text") or "",
            body=stored_body(stored),
            provenance=stored.get("provenance") or {},
        )

    def trigram_stats(self) -> TrigramStats:
        return self.handle().trigrams

    def highlight_terms(self, parsed: ParsedQuery) -> TermSet:
        return highlight_terms(parsed, self.handle().searcher().reader())

    def facet_values(self, facet: str) -> list[str]:
        return self.handle().facets.labels(facet)

    def source_names(self) -> dict[str, str]:
        return self.handle().facets.source_names

    def cooccurring(self, facet: str, value: str, limit: int) -> list[tuple[str, int]]:
        return cooccurring(self.handle().facets, facet, value, limit)

    def story_versions(self, stories: list[str]) -> dict[str, list[StoredArticle]]:
        handle = self.handle()
        searcher = handle.searcher()
        column = story_column(searcher.reader(), str(handle.root / handle.version))
        stored = searcher.stored_fields
        return {s: [stored_article(stored(int(d))) for d in story_docs(column, s)] for s in stories}

    def stored_hits(self, ids: list[str], bodies: bool) -> dict[str, EngineHit]:
        handle = self.handle()
        searcher = handle.searcher()
        column = story_column(searcher.reader(), str(handle.root / handle.version))
        found = {}
        for doc_id in ids:
            docnum = column.positions.get(doc_id)
            if docnum is not None:
                stored = searcher.stored_fields(docnum)
                body = stored_body(stored) if bodies else ""
                found[doc_id] = EngineHit(stored_article(stored), None, body)
        return found

    def story_documents(self, story: str) -> list[EngineDocument]:
        handle = self.handle()
        searcher = handle.searcher()
        column = story_column(searcher.reader(), str(handle.root / handle.version))
        found = (searcher.stored_fields(int(d))["id"] for d in story_docs(column, story))
        return [doc for doc in map(self.document, found) if doc is not None]

    def status(self) -> EngineStatus:
        handle = self.handle()
        return EngineStatus(handle.doc_count, handle.version, handle.meta.get("built_at"))

    def search_after(self, request: SearchRequest, after: str | None, size: int) -> EnginePage:
        handle = self.handle()
        walked = page_after(handle, request, after, size)
        searcher = handle.searcher()
        snippets = request.params.snippets
        terms = highlight_terms(request.parsed, searcher.reader()) if snippets else None
        hits = []
        for docnum, score in zip(walked.docnums, walked.scores, strict=True):
            stored = searcher.stored_fields(docnum)
            body = stored_body(stored) if terms is not None or request.bodies else ""
            spans = tuple(find_matches(body, terms)) if terms is not None else ()
            hits.append(EngineHit(stored_article(stored), score, body, spans))
        return EnginePage(walked.total, tuple(hits), walked.after, request.deadline.partial)

    def timeline(self, request: SearchRequest) -> dict[str, int]:
        return month_counts(self.handle(), request)
