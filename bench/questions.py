"""Latency of long queries and questions on a built ANT index.

The speed bench's fixed mix (``bench/speed.py``) holds 1–3 word news queries,
which never reach the trigram second stage (``search/rerank.py``). This bench
times the queries that do: whole article titles (five words or more) typed as
keywords, and the same titles ending in ``؟`` (questions match any content
word, so they match far more articles). Each query asks for the top 10 with
snippets and the three facets, like the mix; each latency is the least of
``--rounds`` passes.

Run after ``python bench/speed.py --scales 1`` (which builds the index), from
the repository root::

    python bench/questions.py
    python bench/questions.py --index indexes/ant --count 200
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from query_mix import read_articles  # noqa: E402

from search.engine.whoosh.engine import WhooshEngine  # noqa: E402
from search.engine.whoosh.reader import LiveVersion  # noqa: E402
from search.query.run import run_search  # noqa: E402
from search.request.params import SearchParams  # noqa: E402
from web.bodies import search_body  # noqa: E402

DEFAULT_CORPUS = BENCH.parent.parent / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
DEFAULT_INDEX = BENCH / "out/speed/x1/bahth"
MIN_WORDS = 5


def titles(corpus: Path, count: int, seed: int) -> list[str]:
    """``count`` distinct titles of at least :data:`MIN_WORDS` words, seeded."""
    long = sorted({a.title for a in read_articles(corpus) if len(a.title.split()) >= MIN_WORDS})
    return random.Random(seed).sample(long, min(count, len(long)))


def time_queries(holder: LiveVersion, queries: list[str], rounds: int) -> tuple[np.ndarray, float]:
    """Least-of-``rounds`` latency (ms) of each query, and the mean ``total``."""
    handle = holder.get()
    ms = np.full(len(queries), np.inf)
    totals = []
    for r in range(rounds):
        for i, q in enumerate(queries):
            started = time.perf_counter()
            total = search_body(
                run_search(WhooshEngine.of(handle), SearchParams(q=q, per_page=10))
            )["total"]
            ms[i] = min(ms[i], (time.perf_counter() - started) * 1000)
            if r == 0:
                totals.append(total)
    return ms, float(np.mean(totals))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not (args.index / "CURRENT").is_file():
        sys.exit(f"no index at {args.index}: run `python bench/speed.py --scales 1` first")
    holder = LiveVersion(args.index)
    picked = titles(args.corpus, args.count, args.seed)
    for q in picked[:10]:  # warm-up: open searchers, fill the word caches
        search_body(run_search(WhooshEngine.of(holder.get()), SearchParams(q=q + "؟")))
    print(f"{len(picked)} ANT titles of {MIN_WORDS}+ words, index {args.index}")
    print(f"{'queries':<24}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'matches':>9}")
    for label, suffix in (("title as keywords", ""), ("title + ؟ (question)", "؟")):
        ms, total = time_queries(holder, [q + suffix for q in picked], args.rounds)
        p50, p95, p99 = np.percentile(ms, [50, 95, 99])
        print(f"{label:<24}{p50:>8.1f}{p95:>8.1f}{p99:>8.1f}{total:>9.0f}")


if __name__ == "__main__":
    main()
