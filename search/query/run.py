"""From a query string to ranked hits, facet counts and snippets.

:func:`run_search` is the one function the CLI, the JSON API and the page
call; they differ only in how they render its result.

Matching semantics (serving both two-word news queries and long questions):
up to :data:`ALL_WORDS_UP_TO` content words are all required; longer queries
require :data:`MIN_SHOULD_MATCH` of them (at least two), and when that finds
nothing, any word will do rather than answer nothing. A query ending in a
question mark is a question: any of its content words matches, because the
passage answering a question is worded by somebody else. Stopwords never
count towards what is required; they only add to the score of documents
that match.

Matching and scoring happen once, in numpy (:mod:`search.engine.whoosh.ranking`); long
queries and questions then have their top documents rescored by stem
trigrams (:mod:`search.engine.whoosh.rerank`); filters and disjunctive facet counts are
array operations on the matches (:mod:`search.engine.whoosh.facet_counts`); only the
requested page is fetched and highlighted.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh.reading import IndexReader

from search.engine.deadline import Deadline
from search.engine.whoosh.facet_arrays import FacetArrays
from search.engine.whoosh.facet_counts import apply_filters, facet_counts
from search.engine.whoosh.prefix import expand_prefix
from search.engine.whoosh.ranking import Scorer
from search.engine.whoosh.reader import IndexHandle
from search.engine.whoosh.rerank import rerank
from search.engine.whoosh.suggest import FEW_HITS, suggest_query
from search.query.params import SearchParams
from search.query.snippets import TermSet, make_snippet
from search.query.syntax import Clause, ParsedQuery, parse_query
from search.text.analyzers import analyze_word

ALL_WORDS_UP_TO = 3
MIN_SHOULD_MATCH = 0.2


def _is_stopword_clause(clause: Clause) -> bool:
    if clause.phrase or clause.prefix:
        return False
    exact, stemmed = analyze_word(clause.tokens[0])
    return stemmed is None


@dataclass
class QueryPlan:
    """Content groups (ANDed or min-should-matched), stopword groups, exclusions."""

    content: list[list[Clause]] = field(default_factory=list)
    optional: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    question: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.content

    @property
    def all_required(self) -> bool:
        return len(self.content) <= ALL_WORDS_UP_TO

    @property
    def reranked(self) -> bool:
        """Questions and long queries get the trigram second stage (engine/whoosh/rerank)."""
        return self.question or not self.all_required

    def required_count(self) -> int:
        n = len(self.content)
        if self.question:
            return 1
        return n if self.all_required else max(2, math.ceil(n * MIN_SHOULD_MATCH))


def build_plan(parsed: ParsedQuery) -> QueryPlan:
    """Sort the parsed groups into content, stopword-only and excluded."""
    plan = QueryPlan(excluded=list(parsed.excluded), question=parsed.question)
    for group in parsed.groups:
        stop = all(_is_stopword_clause(c) for c in group)
        (plan.optional if stop else plan.content).append(group)
    if not plan.content:
        plan.content, plan.optional = plan.optional, []
    return plan


def highlight_terms(parsed: ParsedQuery, reader: IndexReader | None = None) -> TermSet:
    """Exact and stemmed terms of the positive clauses, for snippets.

    A prefix clause marks the words it was expanded to in ``reader``'s index
    (without a reader, the prefix is marked as a word).
    """
    exact: set[str] = set()
    stemmed: set[str] = set()
    for group in parsed.groups:
        for clause in group:
            if clause.prefix and reader is not None:
                expanded = expand_prefix(reader, clause.tokens[0])
                exact |= expanded.exact()
                stemmed |= expanded.stemmed()
                continue
            for token in clause.tokens:
                e, s = analyze_word(token)
                if e and (s or clause.phrase):
                    exact.add(e)
                if s and not clause.phrase:
                    stemmed.add(s)
    return TermSet(frozenset(exact), frozenset(stemmed))


def normalized_echo(parsed: ParsedQuery) -> str:
    """The query as the index sees it (normalised words, syntax kept).

    A prefix shows its ``*``; one too short to expand shows none, which says
    it was answered as a word.
    """

    def show(clause: Clause) -> str:
        words = " ".join(analyze_word(t)[0] or "" for t in clause.tokens).strip()
        text = f'"{words}"' if clause.phrase and len(clause.tokens) > 1 else words
        return ("-" if clause.negated else "") + text + ("*" if clause.prefix else "")

    groups = [" OR ".join(show(c) for c in group) for group in parsed.groups]
    return " ".join(groups + [show(c) for c in parsed.excluded])


def _group_scores(scorer: Scorer, group: list[Clause]) -> np.ndarray:
    """OR within a group: the sum of its clauses' scores."""
    total = scorer.clause(group[0])
    for clause in group[1:]:
        total = total + scorer.clause(clause)
    return total


def match_and_score(
    handle: IndexHandle, plan: QueryPlan, deadline: Deadline | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Matching docnums (ascending) and their scores (``None`` when browsing).

    When the deadline passes, the clauses not yet looked at are left out (the
    caller reports ``partial``).
    """
    facets = handle.facets
    scorer = Scorer(
        handle.searcher().reader(),
        handle.lengths,
        facets.alive,
        handle.doc_count,
        handle.expansions,
        deadline,
        handle.postings,
    )
    matched = facets.alive.copy()
    for clause in plan.excluded:
        matched &= scorer.clause(clause) <= 0
    if plan.is_empty:
        return np.flatnonzero(matched), None
    total = np.zeros(facets.size, dtype=np.float32)
    count = np.zeros(facets.size, dtype=np.int32)
    for group in plan.content:
        if deadline is not None and deadline.expired():
            break
        scores = _group_scores(scorer, group)
        count += scores > 0
        total += scores
    enough = count >= plan.required_count()
    if not (enough & matched).any():
        enough = count > 0
    matched &= enough
    for group in plan.optional:
        total += _group_scores(scorer, group)
    for group in plan.content if not plan.all_required else ():
        for clause in group:
            bonus = scorer.expansion(clause)
            if bonus is not None:
                total += bonus
    docs = np.flatnonzero(matched)
    return docs, total[docs]


def page_order(
    facets: FacetArrays, docs: np.ndarray, scores: np.ndarray | None, params: SearchParams
) -> list[tuple[int, float | None]]:
    """The docnums (and scores) of the requested page, in the requested order.

    Relevance orders by score (ties by index order); newest/oldest by the
    day array, undated articles last. Only the page's top slice is sorted.
    """
    start = (params.page - 1) * params.per_page
    stop = min(start + params.per_page, len(docs))
    if start >= stop:
        return []
    sort = params.sort
    if scores is None and sort == "relevance":
        sort = "newest"
    if sort == "relevance":
        key = -scores.astype(np.float64)
    else:
        days = facets.day[docs].astype(np.int64)
        undated = days == np.iinfo(np.int32).min
        key = np.where(undated, np.iinfo(np.int64).max, -days if sort == "newest" else days)
    if stop < len(key):
        top = np.argpartition(key, stop - 1)[:stop]
        top = top[np.lexsort((docs[top], key[top]))]
    else:
        top = np.lexsort((docs, key))
    chosen = top[start:stop]
    return [(int(docs[i]), float(scores[i]) if scores is not None else None) for i in chosen]


def run_search(handle: IndexHandle, params: SearchParams) -> dict[str, Any]:
    """Search one index version; returns the response body (a plain dict)."""
    started = time.perf_counter()
    params = dataclasses.replace(
        params,
        sources=handle.facets.names["source"].resolve_all(params.sources),
        actors=handle.facets.names["actors"].resolve_all(params.actors),
    )
    parsed = parse_query(params.q)
    deadline = Deadline(params.time_limit_ms)
    plan = build_plan(parsed)
    docs, scores = match_and_score(handle, plan, deadline)
    keep, masks = apply_filters(handle.facets, docs, params)
    hits_docs = docs[keep]
    hit_scores = scores[keep] if scores is not None else None
    searcher = handle.searcher()
    terms = highlight_terms(parsed, searcher.reader())
    reranked = plan.reranked and params.sort == "relevance" and not deadline.expired()
    if hit_scores is not None and reranked:
        hit_scores = rerank(
            hits_docs,
            hit_scores,
            [t for group in parsed.groups for c in group for t in c.tokens],
            handle.trigrams,
            handle.doc_count,
            lambda docnum: stored_body(searcher.stored_fields(docnum)),
            deadline,
        )
    hits = []
    for docnum, score in page_order(handle.facets, hits_docs, hit_scores, params):
        stored = searcher.stored_fields(docnum)
        hits.append(hit_body(stored, score, terms if params.snippets else None))
    response: dict[str, Any] = {
        "query": params.query_echo(normalized_echo(parsed)),
        "total": int(len(hits_docs)),
        "took_ms": 0.0,
        "hits": hits,
        "facets": facet_counts(handle.facets, docs, masks, params) if params.facets else {},
        "suggestion": None,
        "partial": deadline.hit,
    }
    if len(hits_docs) <= FEW_HITS and not parsed.is_empty and not deadline.expired():
        response["suggestion"] = suggest_query(
            searcher.reader(),
            parsed,
            params.q,
            len(hits_docs),
            lambda text: count_hits(handle, text, params, deadline),
        )
    response["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return response


def count_hits(handle: IndexHandle, text: str, params: SearchParams, deadline: Deadline) -> int:
    """How many articles ``text`` finds with the same filters (for suggestions)."""
    docs, _ = match_and_score(handle, build_plan(parse_query(text)), deadline)
    keep, _ = apply_filters(handle.facets, docs, params)
    return int(np.count_nonzero(keep))


def stored_body(stored: dict[str, Any]) -> str:
    """The cleaned body; not stored when cleaning removed nothing (it is the text)."""
    return stored.get("body") or stored.get("text") or ""


def hit_body(stored: dict[str, Any], score: float | None, terms: TermSet | None) -> dict[str, Any]:
    """One hit of the response body from a document's stored fields."""
    published = stored.get("published")
    actors = stored.get("actors")
    return {
        "id": stored["id"],
        "title": stored.get("title") or "",
        "source": stored.get("source"),
        "published": published.date().isoformat() if published else None,
        "actors": actors.split(",") if actors else [],
        "url": stored.get("url"),
        "score": round(score, 4) if score is not None else None,
        "snippet": make_snippet(stored_body(stored), terms) if terms is not None else None,
    }
