"""Evaluating a query plan on one Whoosh index version, in numpy.

Matching and scoring happen once (:mod:`search.engine.whoosh.ranking`); the
matches are then filtered and counted as arrays
(:mod:`search.engine.whoosh.facet_counts`), and only the requested page is
sorted (:func:`page_order`).
"""

from __future__ import annotations

import numpy as np
from whoosh.reading import IndexReader

from search.engine.whoosh.facet_arrays import FacetArrays
from search.engine.whoosh.prefix_lexicon import expand_prefix
from search.engine.whoosh.ranking import Scorer
from search.engine.whoosh.reader import OpenVersion
from search.request.deadline import Deadline
from search.request.params import SearchParams
from search.request.plan import QueryPlan
from search.request.plan import highlight_terms as query_highlight_terms
from search.request.prefix_rule import query_prefixes
from search.request.syntax import Clause, ParsedQuery
from search.text.matching import TermSet


def highlight_terms(parsed: ParsedQuery, reader: IndexReader | None = None) -> TermSet:
    """Exact and stemmed terms of the positive clauses, for snippets.

    A prefix clause marks the words it was expanded to in ``reader``'s index
    (without a reader, the prefix is marked as a word).
    """

    allowed, _ = query_prefixes([c for g in parsed.groups for c in g] + parsed.excluded)

    def expand(token: str) -> tuple[set[str], set[str]]:
        if token not in allowed:
            return set(), set()  # past the query's prefix cap: it matched nothing
        expanded = expand_prefix(reader, token)
        return expanded.exact(), expanded.stemmed()

    return query_highlight_terms(parsed, expand if reader is not None else None)


def _group_scores(scorer: Scorer, group: list[Clause]) -> np.ndarray:
    """OR within a group: the sum of its clauses' scores."""
    total = scorer.clause(group[0])
    for clause in group[1:]:
        total = total + scorer.clause(clause)
    return total


def match_and_score(
    handle: OpenVersion, plan: QueryPlan, deadline: Deadline | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Matching docnums (ascending) and their scores (``None`` when browsing).

    When the deadline passes, the clauses not yet looked at are left out (the
    caller reports ``partial``).
    """
    facets = handle.facets
    allowed, capped = query_prefixes(
        [c for g in plan.content + plan.optional for c in g] + plan.excluded
    )
    if capped and deadline is not None:
        deadline.cut = True  # the prefixes past the cap matched nothing: partial
    scorer = Scorer(
        handle.searcher().reader(),
        handle.lengths,
        facets.alive,
        handle.doc_count,
        handle.expansions,
        deadline,
        handle.postings,
        allowed,
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
