"""What a prefix clause (``بوت*``) stands for, the same on every engine.

A prefix stands for at most :data:`MAX_PREFIX_TERMS` indexed words per field,
the most frequent first, chosen among the first :data:`MAX_PREFIX_SCAN` words
of the field's lexicon that start with it (in byte order, which Whoosh and
Lucene share). Both bounds keep a short, common prefix (``ال*`` starts most
Arabic words) from reading tens of thousands of posting lists; the expansion
then stands for the prefix's commonest words, which is what a reader of the
results sees first anyway. A query expands at most :data:`MAX_QUERY_PREFIXES`
prefixes, all its clauses together (143 two-letter prefixes OR-joined would
read 36,000 posting lists); the ones after them match nothing, and the answer
says it is partial (:func:`query_prefixes`, the same choice on both engines).
Each engine lists its own lexicon (:mod:`search.engine.whoosh.prefix_lexicon`,
:mod:`search.engine.solr.prefix_terms`); the rule of which words are kept lives here
so that both count the same articles.

The exact fields are expanded from the normalised prefix, the stemmed fields
from its light stem, so ``والبوت*`` finds ``بوتين`` through the stemmed
variant as ``والبوتين`` would.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable

from search.request.syntax import Clause
from search.text.analyzers import analyze_word
from search.text.stemmer import stem_word

#: Indexed terms one prefix may stand for, per field (the most frequent).
MAX_PREFIX_TERMS = 64
#: Lexicon entries looked at per prefix and field, at most.
MAX_PREFIX_SCAN = 20_000
#: Prefix clauses one query expands, all clauses together (the first ones typed).
MAX_QUERY_PREFIXES = 16


def query_prefixes(clauses: Iterable[Clause]) -> tuple[frozenset[str], bool]:
    """The prefix tokens a query expands (the first :data:`MAX_QUERY_PREFIXES` distinct
    ones, in the order given: its groups, then its exclusions), and whether it has more
    (the answer is then partial: the others match nothing)."""
    tokens = list(dict.fromkeys(c.tokens[0] for c in clauses if c.prefix))
    return frozenset(tokens[:MAX_QUERY_PREFIXES]), len(tokens) > MAX_QUERY_PREFIXES


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
