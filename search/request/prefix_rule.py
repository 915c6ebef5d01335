"""What a prefix clause (``بوت*``) stands for, the same on every engine.

A prefix stands for at most :data:`MAX_PREFIX_TERMS` indexed words per field,
the most frequent first, chosen among the first :data:`MAX_PREFIX_SCAN` words
of the field's lexicon that start with it (in byte order, which Whoosh and
Lucene share). Both bounds keep a short, common prefix (``ال*`` starts most
Arabic words) from reading tens of thousands of posting lists; the expansion
then stands for the prefix's commonest words, which is what a reader of the
results sees first anyway. Each engine lists its own lexicon
(:mod:`search.engine.whoosh.prefix_lexicon`, :mod:`search.engine.solr.prefix_terms`); the
rule of which words are kept lives here so that both count the same articles.

The exact fields are expanded from the normalised prefix, the stemmed fields
from its light stem, so ``والبوت*`` finds ``بوتين`` through the stemmed
variant as ``والبوتين`` would.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from search.text.analyzers import analyze_word
from search.text.stemmer import stem_word

#: Indexed terms one prefix may stand for, per field (the most frequent).
MAX_PREFIX_TERMS = 64
#: Lexicon entries looked at per prefix and field, at most.
MAX_PREFIX_SCAN = 20_000


def prefix_forms(token: str) -> tuple[str, str] | None:
    """The prefix looked up in the exact fields and in the stemmed fields; ``None`` when
    analysis leaves nothing of the typed token (it then matches nothing)."""
    exact = analyze_word(token)[0]
    if not exact:
        return None
    return exact, stem_word(exact) or exact


def most_frequent(found: Iterable[tuple[int, str]]) -> tuple[str, ...]:
    """The :data:`MAX_PREFIX_TERMS` terms of most articles from ``(frequency, term)``
    pairs, ties in term order (so both engines keep the same ones)."""
    best = heapq.nsmallest(MAX_PREFIX_TERMS, found, key=lambda item: (-item[0], item[1]))
    return tuple(term for _, term in best)
