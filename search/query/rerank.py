"""Second-stage ranking of question-like queries by character trigrams of stems.

A light stemmer joins ``العلاقات`` and ``علاقة`` but not the inflections that
change inside the word: ``أدى``/``أدت``, ``غنى``/``غنت``, ``يلعبون``/``لعب``,
or a name read with a clitic (``وارسو``). Long questions are full of those,
and their answer sentence often shares the meaning words only in another
form. Trigrams of the stems (``_ادت_`` → ``_اد``, ``ادت``, ``دت_``) give such
pairs a partial, idf-weighted match: on XQuAD-R a trigram BM25 added to the
word score lifts MRR@10 by about 0.04 where root-key expansion gave 0.004
(``docs/relevance.md``).

Indexing trigrams would multiply the postings (and the build time) about
fivefold for a signal only long queries use, so nothing is indexed: the top
:data:`RERANK_DEPTH` documents of the word ranking are re-read and scored
here. The trigram statistics BM25 needs come from the stemmed lexicon, once
per version: a trigram's document frequency is taken as the sum of the
frequencies of the stems containing it (capped at the document count), which
over-counts documents holding two such stems but ranks the same on the bench
as the exact count. Short news queries, where fuzzy matching would do more
harm than good, are never reranked.

The second stage is the same for every engine, so it runs above the seam
(:func:`search.query.run.ranked`) over any engine's first-stage hits: what it
needs of an engine is the hits' bodies, the version's trigram statistics and
the unit of its scores (:attr:`search.engine.base.Engine.score_scale`).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from search.engine.base import EngineHit
from search.request.deadline import Deadline
from search.store.trigrams import TrigramStats, trigrams_of
from search.text.analyzers import analyze_word
from search.text.normalise import TOKEN_PATTERN

RERANK_DEPTH = 100
#: The trigram BM25's parameters (the values the Whoosh engine's word BM25 uses) and
#: its weight beside the first stage's score, chosen on the XQuAD-R bench
#: (``bench/relevance.py``, docs/relevance.md), never per question.
K1 = 0.9
B = 0.4
TRIGRAM_BOOST = 0.5


stem_trigrams = lru_cache(maxsize=100_000)(trigrams_of)


def stem_counts(text: str) -> Counter[str]:
    """How often each stem occurs in a text (stopwords have none).

    Words are counted first, so each distinct word is analysed once.
    """
    counts: Counter[str] = Counter()
    for word, count in Counter(TOKEN_PATTERN.findall(text)).items():
        stemmed = analyze_word(word)[1]
        if stemmed:
            counts[stemmed] += count
    return counts


def trigram_weights(stats: TrigramStats, query_text: str, doc_count: int) -> dict[str, float]:
    """idf × query count of each trigram of the query's stems."""
    n = max(doc_count, 1)
    out: dict[str, float] = {}
    grams: Counter[str] = Counter()
    for stemmed, count in stem_counts(query_text).items():
        for gram in stem_trigrams(stemmed):
            grams[gram] += count
    for gram, qtf in grams.items():
        df = min(stats.frequencies.get(gram, 0), n)
        if df:
            out[gram] = qtf * math.log(1 + (n - df + 0.5) / (df + 0.5))
    return out


def trigram_score(
    stats: TrigramStats, weights: dict[str, float], text: str, memo: dict[str, Any]
) -> float:
    """Trigram BM25 of one document's text.

    Only the query's trigrams are counted. ``memo`` keeps, per distinct
    word, its trigram count and which of its trigrams the query has,
    across the documents of one query: most words of an article need no
    more than one dictionary look-up.
    """
    tf: dict[str, int] = {}
    length = 0
    for word, count in Counter(TOKEN_PATTERN.findall(text)).items():
        entry = memo.get(word)
        if entry is None:
            entry = memo[word] = _word_entry(word, weights)
        length += count * entry[0]
        for gram in entry[1]:
            tf[gram] = tf.get(gram, 0) + count
    norm = K1 * ((1 - B) + B * length / stats.average_length)
    return sum(weights[g] * n * (K1 + 1) / (n + norm) for g, n in tf.items())


def _word_entry(word: str, weights: dict[str, float]) -> tuple[int, tuple[str, ...]]:
    """A word's trigram count and those of its trigrams the query weighs."""
    stemmed = analyze_word(word)[1]
    if not stemmed:
        return 0, ()
    grams = stem_trigrams(stemmed)
    return len(grams), tuple(g for g in grams if g in weights)


def rerank(
    docs: np.ndarray,
    scores: np.ndarray,
    query_words: Iterable[str],
    stats: TrigramStats,
    doc_count: int,
    body_of: Callable[[int], str],
    deadline: Deadline | None = None,
    scale: float = 1.0,
) -> np.ndarray:
    """``scores`` with the trigram score added to the top :data:`RERANK_DEPTH`.

    Only the top documents gain, so the top set stays the top set and later
    pages keep the first-stage order below it. If the deadline passes on the
    way (a few huge articles), the first-stage scores are returned whole
    rather than half of them rescored; the deadline remembers it, so the
    response says ``partial``.
    """
    if not docs.size:
        return scores
    weights = trigram_weights(stats, " ".join(query_words), doc_count)
    if not weights:
        return scores
    depth = min(RERANK_DEPTH, docs.size)
    top = np.argpartition(-scores, depth - 1)[:depth] if depth < docs.size else np.arange(depth)
    out = scores.astype(np.float32, copy=True)
    memo: dict[str, Any] = {}
    for i in top:
        if deadline is not None and deadline.expired():
            return scores
        out[i] += scale * TRIGRAM_BOOST * trigram_score(stats, weights, body_of(int(docs[i])), memo)
    return out


def rerank_hits(
    hits: Sequence[EngineHit],
    query_words: Iterable[str],
    stats: TrigramStats,
    doc_count: int,
    deadline: Deadline | None = None,
    scale: float = 1.0,
) -> tuple[EngineHit, ...]:
    """An engine's first-stage hits (best first, each with its score and body) in the
    second stage's order, their scores the reranked ones; ties keep the first stage's
    order. Any engine's candidates: what it needs is their bodies, the version's
    trigram statistics and the unit of its scores (``scale``: Engine.score_scale)."""
    scores = np.array([hit.score for hit in hits], dtype=np.float32)
    ranks = np.arange(len(hits))
    new = rerank(
        ranks, scores, query_words, stats, doc_count, lambda i: hits[i].body, deadline, scale
    )
    if new is scores:
        return tuple(hits)
    order = np.lexsort((ranks, -new.astype(np.float64)))
    return tuple(dataclasses.replace(hits[i], score=float(new[i])) for i in order.tolist())
