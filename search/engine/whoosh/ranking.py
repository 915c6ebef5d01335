"""Matching and BM25F scoring in numpy, straight from Whoosh's posting lists.

Whoosh's matchers walk postings one document at a time in Python, and its
collector scores every match the same way: seconds per query at newsroom
scale. Here each query term's posting list is read block by block into numpy
arrays (document numbers and term frequencies), and matching, counting and
BM25F scoring are array operations over dense per-document vectors, so cost
grows with the number of postings read, not with Python calls per document.

Scoring: for every clause, the sum over the four indexed variants (exact and
stemmed, title and body) of ``boost × BM25(tf, field length)`` with Lucene's
idf. A phrase clause scores its words' exact-variant BM25, only in documents
where its words stand in order (:mod:`search.engine.whoosh.phrases`). A prefix clause
scores, in each variant, the best of the words it expands to
(:mod:`search.engine.whoosh.prefix_lexicon`): a document naming ``بوتين`` and ``بوتينا`` is not
worth more than one naming ``بوتين`` twice. Posting lists come through the
version's :class:`search.engine.whoosh.posting_cache.PostingCache`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from whoosh.reading import IndexReader

from search.engine.whoosh.bm25_weights import (
    EXACT_BOOST,
    EXPANSION_BOOST,
    K1,
    MAX_EXPANSIONS,
    STEM_BOOST,
    TITLE_BOOST,
    B,
)
from search.engine.whoosh.phrases import phrase_docs
from search.engine.whoosh.posting_cache import PostingCache
from search.engine.whoosh.postings import Postings
from search.engine.whoosh.prefix_lexicon import STEM_FIELDS, expand_prefix
from search.request.deadline import Deadline
from search.request.syntax import Clause
from search.store.expansions import root_key
from search.store.field_lengths import FieldLengths
from search.text.analyzers import analyze_word


@dataclass
class Scorer:
    """Scores clauses of one query against one index version."""

    reader: IndexReader
    lengths: FieldLengths
    alive: np.ndarray  # bool per docnum
    live_count: int  # documents not deleted (the N of idf)
    expansions: dict[str, list[str]] | None = None
    deadline: Deadline | None = None
    # The version's, shared by its queries (a fresh one serves just this query).
    cache: PostingCache = field(default_factory=PostingCache)
    #: The prefixes this query may expand (``None``: all); the others match nothing.
    prefixes: frozenset[str] | None = None

    @property
    def size(self) -> int:
        return len(self.alive)

    def postings(self, fieldname: str, text: str, positions: bool = False) -> Postings:
        return self.cache.get(self.reader, fieldname, text, positions)

    def live_frequency(self, docs: np.ndarray) -> int:
        """How many of ``docs`` are live: posting lists keep deleted documents until a
        merge (an update deletes), and counting those gives a word found in every live
        article a negative idf."""
        return docs.size if self.live_count == self.size else int(self.alive[docs].sum())

    def idf(self, df: int) -> float:
        n_docs = max(self.live_count, 1)
        return math.log(1 + (n_docs - df + 0.5) / (df + 0.5))

    def term_scores(
        self, fieldname: str, text: str, boost: float, idf: float | None = None
    ) -> np.ndarray:
        """Dense BM25 contributions of one term in one field (zeros elsewhere);
        ``idf`` overrides the term's own."""
        postings = self.postings(fieldname, text)
        docs, tf = postings.docs, postings.tf
        out = np.zeros(self.size, dtype=np.float32)
        if not docs.size:
            return out
        idf = self.idf(self.live_frequency(docs)) if idf is None else idf
        dl = self.lengths.lengths[fieldname][docs]
        norm = K1 * ((1 - B) + B * dl / self.lengths.averages[fieldname])
        out[docs] = boost * idf * tf * (K1 + 1) / (tf + norm)
        return out

    def word(self, exact: str, stemmed: str | None, exact_only: bool = False) -> np.ndarray:
        """Scores of one word over its variants: > 0 exactly where it matches.

        (Lucene's idf and a positive term frequency make every contribution
        positive, so the score doubles as the match mask.)
        """
        total = self.term_scores("title", exact, TITLE_BOOST * EXACT_BOOST)
        total += self.term_scores("body", exact, EXACT_BOOST)
        if stemmed and not exact_only:
            total += self.term_scores("title_stem", stemmed, TITLE_BOOST * STEM_BOOST)
            total += self.term_scores("body_stem", stemmed, STEM_BOOST)
        return total

    def expansion(self, clause: Clause) -> np.ndarray | None:
        """Extra score from other inflections of a single-word clause.

        Added to the score of documents that match anyway, never used for
        matching: ``صلاح`` must not start matching ``اصلاح``.
        """
        if clause.phrase or clause.prefix or not self.expansions or not EXPANSION_BOOST:
            return None
        stemmed = analyze_word(clause.tokens[0])[1]
        if not stemmed:
            return None
        related = [t for t in self.expansions.get(root_key(stemmed), []) if t != stemmed]
        if not related:
            return None
        total = np.zeros(self.size, dtype=np.float32)
        for term in related[:MAX_EXPANSIONS]:
            total += self.term_scores("body_stem", term, EXPANSION_BOOST)
        return total

    def prefix(self, token: str) -> np.ndarray:
        """Scores of a prefix clause: per variant, the best of its expansions.

        All expansions in a field share one idf, that of the documents any of
        them is in: with each word's own idf, the rarest word the prefix
        happens to start (``بوتوساني``) would outrank the one meant (``بوتين``).
        """
        total = np.zeros(self.size, dtype=np.float32)
        if self.prefixes is not None and token not in self.prefixes:
            return total  # past the query's prefix cap (search.request.prefix_rule)
        expanded = expand_prefix(self.reader, token, self.deadline)
        for fieldname, terms in expanded.fields.items():
            boost = STEM_BOOST if fieldname in STEM_FIELDS else EXACT_BOOST
            boost *= TITLE_BOOST if fieldname.startswith("title") else 1.0
            found = np.zeros(self.size, dtype=bool)
            read = []
            for term in terms:
                if self.deadline is not None and self.deadline.expired():
                    break  # out of time: the words read so far
                found[self.postings(fieldname, term).docs] = True
                read.append(term)
            idf = self.idf(int(np.count_nonzero(found & self.alive)))
            best = np.zeros(self.size, dtype=np.float32)
            for term in read:
                np.maximum(best, self.term_scores(fieldname, term, boost, idf), out=best)
            total += best
        return total

    def clause(self, clause: Clause) -> np.ndarray:
        """Scores of a word, prefix or phrase clause (> 0 where it matches)."""
        if clause.prefix:
            return self.prefix(clause.tokens[0])
        analysed = [analyze_word(t) for t in clause.tokens]
        if not clause.phrase:
            exact, stemmed = analysed[0]
            return self.word(exact, stemmed) if exact else np.zeros(self.size, np.float32)
        words = [e for e, _ in analysed if e]
        if not words:
            return np.zeros(self.size, dtype=np.float32)
        total = sum(
            (self.word(w, None, exact_only=True) for w in words),
            np.zeros(self.size, dtype=np.float32),
        )
        if len(words) == 1:
            return total
        mask = np.zeros(self.size, dtype=bool)
        for fieldname in ("title", "body"):
            if self.deadline is not None and self.deadline.expired():
                break  # out of time: the phrase matches where it was checked
            mask[phrase_docs([self.postings(fieldname, w, positions=True) for w in words])] = True
        return np.where(mask, total, 0.0).astype(np.float32)
