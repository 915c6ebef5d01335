"""Ranking parameters in one place: BM25F and the boosts of each indexed variant.

Exact (normalised) matches outrank stemmed ones, titles outrank bodies; the
values were chosen on the XQuAD-R relevance bench (see ``bench/relevance.py``
and docs/relevance.md), not per question.
"""

from __future__ import annotations

from whoosh import scoring

K1 = 1.2
B = 0.75
TITLE_BOOST = 2.0
EXACT_BOOST = 1.5
STEM_BOOST = 1.0


def ranking_model() -> scoring.WeightingModel:
    """The weighting every searcher uses."""
    return scoring.BM25F(B=B, K1=K1)
