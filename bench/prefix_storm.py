"""A prefix storm against one engine: 143 two-letter prefixes OR-joined (issue 33).

    python bench/prefix_storm.py --index bench/out/load/index-3000
    python bench/prefix_storm.py --engine solr --collection ant3000

Runs the storm once on a fresh engine (no expansion cached), then ``--runs``
times, through ``run_search`` with the 2 s budget, and prints its median and
slowest time, the total and whether the answer said it was partial; then the
same for a normal query (``روسيا``).
"""

from __future__ import annotations

import argparse
import statistics
import time
from itertools import product
from pathlib import Path

from search.engine import open_engine
from search.query.run import run_search
from search.request.params import SearchParams

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
STORM = " OR ".join(f"{a}{b}*" for a, b in product(LETTERS, repeat=2))[:997]


def timed(engine: object, q: str) -> tuple[float, int, bool]:
    started = time.perf_counter()
    response = run_search(engine, SearchParams(q=q))  # type: ignore[arg-type]
    return time.perf_counter() - started, response.total, response.partial


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="whoosh")
    parser.add_argument("--index", type=Path, default=Path("bench/out/load/index-3000"))
    parser.add_argument("--collection")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    engine = open_engine(args.engine, args.index, None, args.collection, None)
    print(f"{args.engine}: {STORM.count('*')} prefixes, {len(STORM)} characters")
    seconds, total, partial = timed(engine, STORM)  # nothing cached yet
    print(f"first storm: {seconds * 1000:.0f} ms; total {total}, partial {partial}")
    for label, q in (("storm", STORM), ("normal query", "روسيا")):
        runs = [timed(engine, q) for _ in range(args.runs)]
        seconds = [s for s, _, _ in runs]
        print(
            f"{label}: median {statistics.median(seconds) * 1000:.0f} ms, slowest"
            f" {max(seconds) * 1000:.0f} ms; totals {sorted({t for _, t, _ in runs})},"
            f" partial {sorted({p for _, _, p in runs})}"
        )


if __name__ == "__main__":
    main()
