"""Exports and cursor pages against ``bahth serve`` (issue 29): rows, speed, server memory.

    python bench/export.py --index /work/wt/ant/whoosh --query الرئيس

Starts ``bahth serve`` (one worker, so its memory is one process's), warms it
with a search and a small export, reads the worker's resident memory (VmRSS of
``/proc``) as *idle*, then:

1. streams ``/api/export?q=…&format=csv`` and, for the empty query (every
   article), checks that the rows are exactly ``total`` and each id once, while a
   thread samples the worker's RSS every 20 ms: *peak - idle* is what the export
   costs the server;
2. walks ``/api/search?q=…&cursor=…&per_page=100`` to the end: JSON pages per
   second and rows per second, the same check of rows against ``total``.

Prints one line per run and writes ``bench/out/export.json``. Exit code 1 when a
count is off or the RSS growth passes ``--max-growth-mb`` (50).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from load import start_server

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"


def rss_mb(pid: int) -> float:
    """Resident memory of one process, MB (``VmRSS``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (gunicorn's workers)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Sampler:
    """The highest RSS of ``pids`` seen while running (every ``every`` seconds)."""

    def __init__(self, pids: list[int], every: float = 0.02) -> None:
        self.pids, self.every, self.peak = pids, every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(rss_mb(p) for p in self.pids))
            time.sleep(self.every)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def get_json(base: str, path: str, params: dict[str, str]) -> dict:
    with urllib.request.urlopen(f"{base}{path}?{urlencode(params)}", timeout=600) as answer:
        return json.load(answer)


def export_csv(base: str, q: str) -> tuple[int, int, float]:
    """Rows, distinct ids and seconds of one streamed CSV export."""
    started = time.perf_counter()
    url = f"{base}/api/export?{urlencode({'q': q, 'format': 'csv'})}"
    with urllib.request.urlopen(url, timeout=3600) as answer:
        text = io.TextIOWrapper(answer, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        next(reader)
        ids = [row[0] for row in reader]
    return len(ids), len(set(ids)), time.perf_counter() - started


def walk_json(base: str, q: str, per_page: int) -> tuple[int, int, int, float]:
    """Rows, distinct ids, pages and seconds of a cursor walk."""
    started = time.perf_counter()
    ids: list[str] = []
    pages, cursor = 0, "*"
    while cursor is not None:
        body = get_json(base, "/api/search", {"q": q, "per_page": str(per_page), "cursor": cursor})
        ids += [hit["id"] for hit in body["hits"]]
        pages += 1
        cursor = body["next_cursor"]
    return len(ids), len(set(ids)), pages, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--query", action="append", help="queries to export (default: all, الرئيس)")
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-growth-mb", type=float, default=50.0)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    queries = args.query or ["", "الرئيس"]
    server, port = start_server(args.index, 1, args.threads, OUT / "export-serve.log")
    base = f"http://127.0.0.1:{port}"
    failed = False
    results = []
    try:
        workers = []
        for _ in range(100):
            workers = children(server.pid)
            if workers:
                break
            time.sleep(0.1)
        for q in queries:  # warm: the version open, its arrays read, the id order made
            get_json(base, "/api/search", {"q": q})
            warm = urlencode({"q": q, "to": "1900-01-01"})
            urllib.request.urlopen(f"{base}/api/export?{warm}", timeout=600).read()
        time.sleep(0.5)
        idle = sum(rss_mb(p) for p in workers)
        for q in queries:
            total = get_json(base, "/api/search", {"q": q, "per_page": "1"})["total"]
            with Sampler(workers) as sampler:
                rows, distinct, seconds = export_csv(base, q)
            growth = sampler.peak - idle
            jrows, jdistinct, pages, jseconds = walk_json(base, q, args.per_page)
            result = {
                "query": q, "total": total, "csv_rows": rows, "csv_distinct": distinct,
                "csv_seconds": round(seconds, 2), "csv_rows_per_s": round(rows / seconds),
                "idle_rss_mb": round(idle, 1), "peak_rss_mb": round(sampler.peak, 1),
                "rss_growth_mb": round(growth, 1), "json_rows": jrows, "json_distinct": jdistinct,
                "json_pages": pages, "json_pages_per_s": round(pages / jseconds, 1),
                "json_rows_per_s": round(jrows / jseconds),
            }  # fmt: skip
            results.append(result)
            print(
                f"q={q or '(all)'!s}: total {total}; CSV {rows} rows ({distinct} distinct) in "
                f"{seconds:.1f} s = {rows / seconds:,.0f} rows/s, worker RSS {idle:.0f} → "
                f"{sampler.peak:.0f} MB (+{growth:.1f}); JSON cursor {jrows} rows "
                f"({jdistinct} distinct) in {pages} pages of {args.per_page}: "
                f"{pages / jseconds:.1f} pages/s = {jrows / jseconds:,.0f} rows/s"
            )
            failed |= not (rows == distinct == total == jrows == jdistinct)
            failed |= growth > args.max_growth_mb
    finally:
        server.terminate()
        server.wait(timeout=30)
    (OUT / "export.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
