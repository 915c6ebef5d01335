"""Load on ``bahth serve``: steady, then while a rebuild swaps the index underneath.

    python bench/load.py                                  # ANT index (built once, a few minutes)
    python bench/load.py --corpus ../shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz \
        --limit 3000 --seconds 20                         # the first 3,000 articles: a quick run
    python bench/load.py --index indexes/ant              # an existing index (rebuilt in phase 2)

Phase 1: ``--clients`` threads (16) send a seeded query mix to the server on
127.0.0.1 for ``--seconds`` (60) and the script prints requests/s, latency
p50/p95/p99 and errors. Phase 2: the same while ``bahth index build``
rebuilds the index from its corpus plus a few marker articles and swaps it in;
clients keep going until the build has finished and a few seconds more. It
must end with zero failed requests, and the marker query (0 hits before)
must find the markers afterwards, through the same server, without a restart.

The query mix is drawn from the index itself (stored titles, sources, actors,
dates): 1-3 title words, quoted two-word phrases, source/actor/month filters,
browsing a filter with no words, newest-first, pages 1-3, and one request in
five for the HTML page rather than the JSON API. Every loop is bounded by
time; the script stops the server and the build itself. Exit code 1 when a
request failed or the swap was not seen.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "load"
ANT = ROOT.parent / "shared" / "data" / "ant_multisource" / "ant_multisource_v2.1.jsonl.gz"
ANT_FIELDS = ["id=doc_id", "body=text", "published=time_iso"]
CLI = [sys.executable, "-m", "search.cli"]
MARKER = "zqxloadmarker"
MARKERS = 5
_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]{3,}")


# --- corpus and index -------------------------------------------------------------


def field_map(pairs: list[str]) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in pairs)


def first_lines(corpus: Path, limit: int, folder: Path) -> Path:
    """The first ``limit`` lines of a (gzipped) JSONL corpus, as a file of its own."""
    out = folder / f"corpus-{limit}.jsonl"
    if out.exists():
        return out
    opener = gzip.open if corpus.name.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as source, open(out, "w", encoding="utf-8") as sink:
        for n, line in enumerate(source):
            if n >= limit:
                break
            sink.write(line)
    return out


def build_command(corpus: Path, index: Path, fields: list[str]) -> list[str]:
    args = ["index", "build", "--corpus", str(corpus), "--index", str(index), "--skip-invalid"]
    for pair in fields:
        args += ["--field", pair]
    return [*CLI, *args, "--silent"]


def marker_corpus(corpus: Path, fields: list[str], folder: Path) -> Path:
    """A folder holding the corpus (linked) and ``MARKERS`` extra articles in its key names."""
    keys = {"id": "id", "title": "title", "body": "body", "published": "published"}
    keys.update(field_map(fields))
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / corpus.name).symlink_to(corpus.resolve())
    with open(folder / "markers.jsonl", "w", encoding="utf-8") as out:
        for n in range(MARKERS):
            record = {
                keys["id"]: f"load-marker-{n}",
                keys["title"]: f"مقال اختبار التبديل {n}",
                keys["body"]: f"هذا مقال اختبار يحمل الكلمة {MARKER} ليظهر بعد إعادة البناء.",
                keys["published"]: "2018-06-15T12:00:00+00:00",
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return folder


# --- the query mix ------------------------------------------------------------------


def query_mix(index: Path, size: int, seed: int) -> list[str]:
    """Seeded request paths drawn from the stored fields of the index."""
    from search.engine.whoosh.reader import LiveVersion

    handle = LiveVersion(index).get()
    searcher = handle.searcher()
    rng = random.Random(seed)
    total = handle.index.doc_count_all()
    docs = []
    for docnum in rng.sample(range(total), min(total, 2000)):
        stored = searcher.stored_fields(docnum)
        words = _WORD.findall(stored.get("title") or "")
        if len(words) >= 2:
            docs.append((stored, words))
    handle.index.close()
    paths = []
    for _ in range(size):
        stored, words = rng.choice(docs)
        kind = rng.choices(
            ["words", "phrase", "source", "actor", "month", "browse"], [40, 15, 15, 10, 10, 10]
        )[0]
        params: list[tuple[str, str]] = []
        start = rng.randrange(len(words))
        if kind == "phrase":
            start = min(start, len(words) - 2)
            params.append(("q", f'"{words[start]} {words[start + 1]}"'))
        elif kind != "browse":
            params.append(("q", " ".join(words[start : start + rng.randint(1, 3)])))
        if kind in {"source", "browse"} and stored.get("source"):
            params.append(("source", stored["source"]))
        if kind == "actor" and stored.get("actors"):
            params.append(("actor", rng.choice(stored["actors"].split(","))))
        if kind in {"month", "browse"} and stored.get("published"):
            day = stored["published"].date()
            params += [("from", day.replace(day=1).isoformat()), ("to", day.isoformat())]
        if rng.random() < 0.15:
            params.append(("sort", "newest"))
        page = rng.choices([1, 2, 3], [70, 20, 10])[0]
        if page > 1:
            params.append(("page", str(page)))
        path = "/" if rng.random() < 0.2 else "/api/search"
        paths.append(f"{path}?{urlencode(params)}")
    return paths


# --- clients ------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if error:
                self.errors.append(error)


def client(
    port: int,
    paths: list[str],
    seed: int,
    stop: threading.Event,
    tally: Tally,
    timeout: float = 30.0,
) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    while not stop.is_set():
        path = rng.choice(paths)
        started = time.perf_counter()
        error = None
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                error = f"{response.status} {path}: {body[:200]!r}"
            elif path.startswith("/api/"):
                json.loads(body)["total"]  # noqa: B018 - a parsable answer
        except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
            error = f"{type(exc).__name__}: {exc} {path}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        tally.add(time.perf_counter() - started, error)
    connection.close()


def get_json(port: int, path: str) -> dict[str, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def run_clients(
    port: int, paths: list[str], clients: int, seed: int, until: Any
) -> tuple[Tally, float]:
    """Run ``clients`` threads until ``until()`` is true; returns the tally and the seconds."""
    tally, stop = Tally(), threading.Event()
    threads = [
        threading.Thread(target=client, args=(port, paths, seed + n, stop, tally), daemon=True)
        for n in range(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while not until(time.monotonic() - started):
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return tally, time.monotonic() - started


def report(label: str, tally: Tally, seconds: float) -> str:
    latencies = sorted(tally.latencies)

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    line = (
        f"{label}: {len(latencies)} requests in {seconds:.0f} s = {len(latencies) / seconds:.1f}"
        f" req/s; p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms,"
        f" max {latencies[-1] * 1000:.0f} ms; errors {len(tally.errors)}"
    )
    for error in tally.errors[:5]:
        line += f"\n    {error}"
    return line


# --- memory -----------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """Resident set of one process, from /proc (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else 0.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class RssWatch:
    """Peak RSS of the server's master and of each worker, sampled every 0.5 s."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peaks: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.5):
            for pid in [self.pid, *children(self.pid)]:
                self.peaks[pid] = max(self.peaks.get(pid, 0.0), rss_mb(pid))

    def take(self) -> str:
        """The peaks since the last call, and start again."""
        peaks, self.peaks = self.peaks, {}
        master = peaks.pop(self.pid, 0.0)
        workers = ", ".join(f"{mb:.0f}" for _, mb in sorted(peaks.items()))
        return f"peak RSS MB: master {master:.0f}; workers {workers or '-'}"


# --- the run ------------------------------------------------------------------------


def start_server(
    index: Path, workers: int, threads: int, log: Path
) -> tuple[subprocess.Popen, int]:
    args = ["serve", "--index", str(index), "--port", "0", "--threads", str(threads)]
    args += ["--workers", str(workers)]
    process = subprocess.Popen(
        [*CLI, *args], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    line = process.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.kill()
        raise SystemExit(f"bahth serve did not start: {line}")

    def drain() -> None:  # keep the pipe from filling up; gunicorn logs there
        with open(log, "w", encoding="utf-8") as out:
            for rest in process.stderr:
                out.write(rest)

    threading.Thread(target=drain, daemon=True).start()
    return process, int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="an existing index (default: build one)")
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--limit", type=int, help="only the first N lines of the corpus")
    parser.add_argument("--field", action="append", help="TARGET=SOURCE (default: ANT's keys)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per process (serve's 4)")
    parser.add_argument("--after-swap", type=float, default=5.0, help="seconds after the build")
    parser.add_argument("--max-build-seconds", type=float, default=1800.0)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--fresh", action="store_true", help="rebuild the default index first")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    fields = args.field or (ANT_FIELDS if args.corpus == ANT else [])

    corpus = args.corpus
    if args.limit:
        corpus = first_lines(corpus, args.limit, OUT)
    index = args.index
    if index is None:
        index = OUT / (f"index-{args.limit}" if args.limit else "index")
        if args.fresh or not (index / "CURRENT").exists():
            print(f"building {index} from {corpus} (once) ...", flush=True)
            started = time.monotonic()
            subprocess.run(build_command(corpus, index, fields), check=True)
            print(f"  built in {time.monotonic() - started:.0f} s", flush=True)
    else:
        from search.store.layout import current_version_dir, read_meta

        meta = read_meta(current_version_dir(index))
        corpus = Path(meta["corpus"])
        if corpus.resolve() == (OUT / "rebuild-corpus").resolve():  # our own markers' folder
            corpus = next(p for p in corpus.iterdir() if p.name != "markers.jsonl").resolve()
        fields = args.field or [f"{k}={v}" for k, v in meta.get("field_map", {}).items()]

    paths = query_mix(index, 2000, args.seed)
    server, port = start_server(index, args.workers, args.threads, OUT / "serve.log")
    memory = RssWatch(server.pid)
    failures = []
    try:
        health = get_json(port, "/api/health")
        print(
            f"serving {health['documents']} documents (version {health['index_version']}) on"
            f" 127.0.0.1:{port} with {args.workers} workers x {args.threads} threads;"
            f" {args.clients} clients,"
            f" {len(paths)} distinct requests",
            flush=True,
        )
        for path in paths[:50]:  # warm up: open the index, fill caches
            get_json(port, path.replace("/?", "/api/search?", 1))

        tally, seconds = run_clients(
            port, paths, args.clients, args.seed, lambda t: t >= args.seconds
        )
        print(report("steady", tally, seconds), flush=True)
        print(f"  {memory.take()}", flush=True)
        failures += tally.errors

        marker_path = f"/api/search?q={MARKER}"
        before = get_json(port, marker_path)["total"]
        # The markers come in, or (when the last run left them) go out again.
        expected = 0 if before else MARKERS
        rebuild = marker_corpus(corpus, fields, OUT / "rebuild-corpus") if expected else corpus
        with open(OUT / "rebuild.log", "w", encoding="utf-8") as build_log:
            # The build keeps its own copy of the descriptor.
            build = subprocess.Popen(
                build_command(rebuild, index, fields), stdout=build_log, stderr=build_log
            )
        seen: dict[str, float] = {}
        marker_seen: list[tuple[float, int]] = []
        finished: list[float] = []
        started = time.monotonic()

        def until(elapsed: float) -> bool:
            """Watch the swap; stop a while after the build, or at the time limit."""
            version = get_json(port, "/api/health")["index_version"]
            seen.setdefault(version, round(elapsed, 1))
            total = get_json(port, marker_path)["total"]
            if not marker_seen or marker_seen[-1][1] != total:
                marker_seen.append((round(elapsed, 1), total))
            if build.poll() is not None and not finished:
                finished.append(elapsed)
            if elapsed > args.max_build_seconds:
                build.kill()
                return True
            return bool(finished) and elapsed >= max(args.seconds, finished[0] + args.after_swap)

        tally, seconds = run_clients(port, paths, args.clients, args.seed + 100, until)
        build.wait()
        after = get_json(port, marker_path)["total"]
        print(report("during rebuild + swap", tally, seconds), flush=True)
        print(f"  {memory.take()}", flush=True)
        print(
            f"rebuild: exit {build.returncode} after {finished[0] if finished else -1:.0f} s;"
            f" versions served (first seen at s): {seen};"
            f" marker query total {before} -> {after} (changes at s: {marker_seen})",
            flush=True,
        )
        failures += tally.errors
        if build.returncode != 0:
            failures.append(f"rebuild failed: see {OUT / 'rebuild.log'}")
        if before not in {0, MARKERS} or after != expected or len(seen) < 2:
            failures.append("the answers did not switch to the new index")
        print(f"rebuild took {time.monotonic() - started:.0f} s in all", flush=True)
    finally:
        memory.stop.set()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"failures: {len(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
