"""The embedded engine: Whoosh files on disk, matched, ranked and counted in numpy.

:class:`WhooshEngine` answers the seam's questions (:mod:`search.engine.base`)
for the live version of an index folder; each call takes the version the
``CURRENT`` pointer names at that moment, so a rebuild is served at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from search.engine.base import (
    EngineDocument,
    EngineHit,
    EngineResult,
    EngineStatus,
    SearchRequest,
    StoredArticle,
)
from search.engine.deadline import Deadline
from search.engine.suggest import SUGGEST_TIME_LIMIT_MS, respelled_totals, suggest_query
from search.engine.whoosh.facet_counts import apply_filters, facet_counts
from search.engine.whoosh.matching import highlight_terms, match_and_score, page_order
from search.engine.whoosh.reader import IndexHandle, IndexHolder
from search.engine.whoosh.rerank import rerank
from search.engine.whoosh.suggest import WhooshLexicon
from search.query.syntax import ParsedQuery
from search.text.matching import TermSet, find_matches


def stored_body(stored: dict[str, Any]) -> str:
    """The cleaned body; not stored when cleaning removed nothing (it is the text)."""
    return stored.get("body") or stored.get("text") or ""


def stored_article(stored: dict[str, Any]) -> StoredArticle:
    published = stored.get("published")
    actors = stored.get("actors")
    return StoredArticle(
        id=stored["id"],
        title=stored.get("title") or "",
        source=stored.get("source"),
        published=published.date().isoformat() if published else None,
        actors=tuple(actors.split(",")) if actors else (),
        url=stored.get("url"),
    )


class _Pinned:
    """A holder that always answers with one open version (tests, benchmarks)."""

    def __init__(self, handle: IndexHandle) -> None:
        self.handle = handle

    def get(self) -> IndexHandle:
        return self.handle


class WhooshEngine:
    """The live version of one index folder, behind the engine seam."""

    name = "whoosh"

    def __init__(self, root: Path | None = None, handle: IndexHandle | None = None) -> None:
        if handle is not None:
            self._holder: IndexHolder | _Pinned = _Pinned(handle)
        elif root is not None:
            self._holder = IndexHolder(Path(root))
        else:
            raise ValueError("WhooshEngine needs an index folder or an open version")

    @classmethod
    def of(cls, handle: IndexHandle) -> WhooshEngine:
        """An engine answering from one already open version."""
        return cls(handle=handle)

    def handle(self) -> IndexHandle:
        """The version the pointer names now (opened once, shared)."""
        return self._holder.get()

    def search(self, request: SearchRequest) -> EngineResult:
        handle = self.handle()
        params, deadline = request.params, request.deadline
        docs, scores = match_and_score(handle, request.plan, deadline)
        keep, masks = apply_filters(handle.facets, docs, params)
        hits_docs = docs[keep]
        hit_scores = scores[keep] if scores is not None else None
        searcher = handle.searcher()
        reranked = request.plan.reranked and params.sort == "relevance" and not deadline.expired()
        if hit_scores is not None and reranked:
            hit_scores = rerank(
                hits_docs,
                hit_scores,
                [t for group in request.parsed.groups for c in group for t in c.tokens],
                handle.trigrams,
                handle.doc_count,
                lambda docnum: stored_body(searcher.stored_fields(docnum)),
                deadline,
            )
        terms = highlight_terms(request.parsed, searcher.reader()) if params.snippets else None
        hits = []
        for docnum, score in page_order(handle.facets, hits_docs, hit_scores, params):
            stored = searcher.stored_fields(docnum)
            body = stored_body(stored) if terms is not None else ""
            spans = tuple(find_matches(body, terms)) if terms is not None else ()
            hits.append(EngineHit(stored_article(stored), score, body, spans))
        facets = facet_counts(handle.facets, docs, masks, params) if params.facets else {}
        return EngineResult(int(len(hits_docs)), tuple(hits), facets, deadline.partial)

    def count(self, request: SearchRequest) -> int:
        return self._count(self.handle(), request)

    @staticmethod
    def _count(handle: IndexHandle, request: SearchRequest) -> int:
        docs, _ = match_and_score(handle, request.plan, request.deadline)
        keep, _ = apply_filters(handle.facets, docs, request.params)
        return int(np.count_nonzero(keep))

    def suggest(self, request: SearchRequest, total: int) -> str | None:
        handle = self.handle()  # one version for the whole call: its searchers stay open
        # A hint must not cost more than the search: the lexicon scan for two-edit
        # spellings took a second on ANT. Scan and respelled counts share one budget; a
        # count cut short counts what it found, so it rarely wins.
        budget = Deadline(SUGGEST_TIME_LIMIT_MS)
        count_text = respelled_totals(lambda r: self._count(handle, r), request, budget)
        lexicon = WhooshLexicon(handle.searcher().reader())
        return suggest_query(lexicon, request.parsed, request.params.q, total, count_text, budget)

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

    def highlight_terms(self, parsed: ParsedQuery) -> TermSet:
        return highlight_terms(parsed, self.handle().searcher().reader())

    def facet_values(self, facet: str) -> list[str]:
        return self.handle().facets.labels(facet)

    def source_names(self) -> dict[str, str]:
        return self.handle().facets.source_names

    def status(self) -> EngineStatus:
        handle = self.handle()
        return EngineStatus(handle.doc_count, handle.version, handle.meta.get("built_at"))
