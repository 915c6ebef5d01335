"""Ranking parameters in one place: BM25 and the boosts of each indexed variant.

Scoring itself is :mod:`search.engine.whoosh.ranking` (numpy over the posting lists);
Whoosh's weighting models are not used.

Exact (normalised) matches outrank stemmed ones, titles outrank bodies; the
values were chosen on the XQuAD-R relevance bench (``bench/relevance.py``;
per-change figures in docs/relevance.md), never per question.
"""

from __future__ import annotations

K1 = 0.9
B = 0.4
TITLE_BOOST = 2.0
EXACT_BOOST = 0.3
STEM_BOOST = 1.0
EXPANSION_BOOST = 0.5
MAX_EXPANSIONS = 8
