"""Actor pages over HTTP: p50/p95 of ``/actor/<name>`` on a served index.

Usage: ``bahth serve --index INDEX --port 28950`` in one shell, then
``python bench/actor_pages.py --base http://127.0.0.1:28950 --rounds 3``. The actors
are the browse's top actor facet values plus some rarer ones from the same list; the
first round warms the server's caches and is not counted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import urllib.request
from urllib.parse import quote


def fetch(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        return response.status, (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with urllib.request.urlopen(f"{args.base}/api/search?q=&per_page=1", timeout=60) as r:
        facet = json.load(r)["facets"]["actors"]["results"]
    names = [b["value"] for b in facet][:20]
    times: list[float] = []
    for round_ in range(args.rounds):
        for name in names:
            status, ms = fetch(f"{args.base}/actor/{quote(name, safe='')}")
            assert status == 200
            if round_:
                times.append(ms)
    times.sort()
    print(
        f"{len(names)} actors x {args.rounds - 1} rounds: p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.1f} ms, max {times[-1]:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
