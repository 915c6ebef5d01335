"""Rank metrics for the relevance benches, plus TREC run and qrels I/O.

Every metric takes one query's ranked list of document ids (best first) and
the set or mapping of its relevant document ids, and looks at the top ``k``
only. Relevance is binary: a qrels grade above zero counts as relevant.

Conventions (the same as ``trec_eval``'s ``recip_rank``, ``ndcg_cut``,
``recall`` and ``map_cut`` measures, with the cut at ``k``):

* a query with no relevant documents scores 0 on every metric;
* :func:`map_at_k` divides by the number of relevant documents, not by how
  many of them were retrieved, so a relevant document missing from the top
  ``k`` costs precision;
* :func:`evaluate` averages over the queries of the qrels (or the ``qids``
  given), so a query the run left out counts as 0.

One difference from ``trec_eval``: a run is ranked by its ``rank`` column, not
re-sorted by score with ties broken by document id. For runs whose ranks
follow their scores (every run the benches write) the two agree.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Relevant = Mapping[str, int] | set[str] | frozenset[str]

METRICS = ("mrr", "ndcg", "recall", "map")


def _relevant_set(relevant: Relevant) -> set[str]:
    if isinstance(relevant, Mapping):
        return {doc for doc, grade in relevant.items() if grade > 0}
    return set(relevant)


def mrr_at_k(ranked: Sequence[str], relevant: Relevant, k: int = 10) -> float:
    """Reciprocal rank of the first relevant document in the top ``k``, else 0."""
    wanted = _relevant_set(relevant)
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in wanted:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: Relevant, k: int = 10) -> float:
    """Binary-gain nDCG: sum of ``1/log2(rank + 1)`` over hits, over the ideal."""
    wanted = _relevant_set(relevant)
    if not wanted:
        return 0.0
    dcg = sum(
        1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], start=1) if doc in wanted
    )
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(wanted), k) + 1))
    return dcg / ideal


def recall_at_k(ranked: Sequence[str], relevant: Relevant, k: int = 10) -> float:
    """Share of the relevant documents found in the top ``k``."""
    wanted = _relevant_set(relevant)
    if not wanted:
        return 0.0
    return len(wanted.intersection(ranked[:k])) / len(wanted)


def map_at_k(ranked: Sequence[str], relevant: Relevant, k: int = 10) -> float:
    """Average precision cut at ``k``: mean of precision at each relevant hit.

    The sum is divided by the number of relevant documents (``trec_eval``'s
    ``map_cut``), so relevant documents outside the top ``k`` count as 0.
    """
    wanted = _relevant_set(relevant)
    if not wanted:
        return 0.0
    hits = 0
    total = 0.0
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in wanted:
            hits += 1
            total += hits / rank
    return total / len(wanted)


_FUNCTIONS = {"mrr": mrr_at_k, "ndcg": ndcg_at_k, "recall": recall_at_k, "map": map_at_k}


def evaluate(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Relevant],
    k: int = 10,
    qids: Iterable[str] | None = None,
) -> dict[str, float]:
    """Mean of each metric over ``qids`` (default: every query in ``qrels``)."""
    chosen = list(qrels) if qids is None else list(qids)
    if not chosen:
        raise ValueError("no queries to evaluate")
    means = {}
    for name, function in _FUNCTIONS.items():
        scores = [function(run.get(qid, ()), qrels.get(qid, {}), k) for qid in chosen]
        means[name] = sum(scores) / len(scores)
    return means


def per_query(
    run: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Relevant],
    metric: str = "mrr",
    k: int = 10,
    qids: Iterable[str] | None = None,
) -> dict[str, float]:
    """One metric for each query, for looking at where two systems differ."""
    function = _FUNCTIONS[metric]
    chosen = list(qrels) if qids is None else list(qids)
    return {qid: function(run.get(qid, ()), qrels.get(qid, {}), k) for qid in chosen}


def _rows(lines: Iterable[str], width: int, kind: str) -> Iterable[list[str]]:
    """Whitespace-split non-blank lines, each checked to have ``width`` fields."""
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != width:
            raise ValueError(f"{kind} line {number}: expected {width} fields, got {len(fields)}")
        yield fields


def parse_qrels(lines: Iterable[str]) -> dict[str, dict[str, int]]:
    """Parse TREC qrels lines (``qid iter docid grade``)."""
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    for qid, _iteration, doc, grade in _rows(lines, 4, "qrels"):
        qrels[qid][doc] = int(grade)
    return dict(qrels)


def parse_run(lines: Iterable[str]) -> dict[str, list[str]]:
    """Parse TREC run lines (``qid Q0 docid rank score name``), ranked by ``rank``."""
    rows: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for qid, _q0, doc, rank, _score, _name in _rows(lines, 6, "run"):
        rows[qid].append((int(rank), doc))
    return {qid: [doc for _rank, doc in sorted(pairs)] for qid, pairs in rows.items()}


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """Read a TREC qrels file."""
    with open(path, encoding="utf-8") as handle:
        return parse_qrels(handle)


def read_run(path: str | Path) -> dict[str, list[str]]:
    """Read a TREC run file."""
    with open(path, encoding="utf-8") as handle:
        return parse_run(handle)


def format_run(results: Mapping[str, Sequence[tuple[str, float]]], name: str) -> Iterable[str]:
    """TREC run lines for ``qid -> [(docid, score), ...]`` (best first)."""
    for qid, hits in results.items():
        for rank, (doc, score) in enumerate(hits, start=1):
            yield f"{qid} Q0 {doc} {rank} {score:.6f} {name}\n"
