"""How a parsed query matches: which words are required, which only add to the score.

Engine-neutral: the Whoosh engine evaluates a plan with numpy, the Solr engine
turns it into a boolean query with a minimum-should-match, so both match alike.

Up to :data:`ALL_WORDS_UP_TO` content words are all required; longer queries
require :data:`MIN_SHOULD_MATCH` of them (at least two), and when that finds
nothing, any word will do rather than answer nothing. A query ending in a
question mark is a question: any of its content words matches, because the
passage answering a question is worded by somebody else. Stopwords never
count towards what is required; they only add to the score of documents
that match.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from search.request.syntax import Clause, ParsedQuery
from search.text.analyzers import analyze_word
from search.text.matching import TermSet

ALL_WORDS_UP_TO = 3
#: At most this many hits and "did you mean" looks for a spelling that finds more.
FEW_HITS = 3
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
        """Questions and long queries get the trigram second stage (query/rerank)."""
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


def highlight_terms(
    parsed: ParsedQuery, expand: Callable[[str], tuple[set[str], set[str]] | None] | None = None
) -> TermSet:
    """Exact and stemmed terms and the phrases of the positive clauses, for snippets
    and marks (a phrase of two words or more is marked only where it occurs).

    ``expand`` gives the (exact, stemmed) words a prefix clause stands for in an
    engine's index; without it (or when it has no answer) a prefix is marked as
    the word it starts.
    """
    exact: set[str] = set()
    stemmed: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for group in parsed.groups:
        for clause in group:
            expanded = expand(clause.tokens[0]) if clause.prefix and expand else None
            if expanded is not None:
                exact |= expanded[0]
                stemmed |= expanded[1]
                continue
            if clause.phrase:
                words = tuple(e for e in (analyze_word(t)[0] for t in clause.tokens) if e)
                if len(words) > 1:
                    phrases.add(words)  # marked only where the words stand together
                else:
                    exact.update(words)
                continue
            for token in clause.tokens:
                e, s = analyze_word(token)
                if e and s:
                    exact.add(e)
                if s:
                    stemmed.add(s)
    return TermSet(frozenset(exact), frozenset(stemmed), frozenset(phrases))
