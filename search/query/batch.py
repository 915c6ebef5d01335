"""Batch evaluation: answer a file of queries in one process, write a TREC run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from search.engine.base import Engine
from search.errors import BahthError
from search.query.response import SearchResponse
from search.query.run import run_search
from search.request.params import MAX_BATCH_DEPTH, SearchParams


def read_queries(lines: IO[str]) -> list[tuple[str, str]]:
    """``qid<TAB>query`` lines; a line without a tab is an error naming the line."""
    queries = []
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\n\r")
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if not tab or not qid.strip():
            raise BahthError(f"queries line {number}: expected qid<TAB>query")
        queries.append((qid.strip(), text))
    return queries


def _batch_params(text: str, depth: int, full: bool) -> SearchParams:
    return SearchParams(
        q=text, per_page=depth, facets=full, snippets=full, max_per_page=MAX_BATCH_DEPTH,
        collapse=False,  # judged per article: a run lists every article it ranks
    )


def batch_responses(
    engine: Engine, lines: IO[str], depth: int, full: bool
) -> Iterator[tuple[str, SearchResponse]]:
    """Each query of a ``qid<TAB>query`` file answered in turn (facets and snippets
    only when ``full``: a TREC run needs neither)."""
    for qid, text in read_queries(lines):
        yield qid, run_search(engine, _batch_params(text, depth, full))


def write_trec_run(engine: Engine, lines: IO[str], out: IO[str], depth: int, run_name: str) -> int:
    """Write ``qid Q0 docid rank score run`` lines; returns the number of queries."""
    count = 0
    for qid, response in batch_responses(engine, lines, depth, full=False):
        for rank, hit in enumerate(response.hits, start=1):
            score = hit.score if hit.score is not None else 0.0
            out.write(f"{qid} Q0 {hit.id} {rank} {score:.4f} {run_name}\n")
        count += 1
    return count
