"""Speed bench: build and query speed of Bahth against tantivy on the ANT corpus.

For each scale (the corpus as is, and copied ``N`` times with ids suffixed
``-c1``..``-cN``) it measures, for Bahth and for tantivy (``tantivy_side.py``):
build throughput, index size, peak RSS of the build, a cold open plus first
query in a fresh process, and p50/p95/p99 latency over a fixed query mix
(``query_mix.py``), each query returning the top 10 with snippets and facet
counts. See "Speed bench" in ``bench/README.md``.

    python bench/speed.py                    # x1 and x4 (the x4 build takes a while)
    python bench/speed.py --scales 1 --reuse # query timings again, indexes kept
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from search.engine import open_engine
from search.engine.whoosh.engine import WhooshEngine
from search.engine.whoosh.reader import LiveVersion
from search.query.run import run_search
from search.request.params import SearchParams
from search.store.layout import current_version_dir
from web.bodies import search_body

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from query_mix import SEED, MixQuery, make_mix, read_articles, scaled_corpus  # noqa: E402

DEFAULT_CORPUS = BENCH.parent.parent / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
MIX_ACTORS = 60  # most frequent actors the mix draws from
WARMUP = 20  # queries of another seed, run untimed before the timed mix
SLOWEST = 5  # slowest queries listed per engine and scale
OTHER = "tantivy"  # the engine timed beside Bahth's (--engine)


# --- building ------------------------------------------------------------------


def measured(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd``; wall seconds, peak RSS (MB) of its largest process, stdout."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
        out.seek(0)
        return seconds, usage.ru_maxrss / 1024, out.read()


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def build_bahth(corpus: Path, root: Path) -> dict[str, Any]:
    shutil.rmtree(root, ignore_errors=True)
    bahth = Path(sys.executable).with_name("bahth")
    cmd = [str(bahth if bahth.exists() else shutil.which("bahth")), "index", "build"]
    cmd += ["--corpus", str(corpus), "--index", str(root), "--silent", "--skip-invalid"]
    cmd += ["--no-extraction-cache"]  # a first build: nothing extracted before
    cmd += ["--field", "id=doc_id", "--field", "body=text", "--field", "published=time_iso"]
    seconds, rss, _ = measured(cmd)
    version = current_version_dir(root)
    docs = json.loads((version / "meta.json").read_text("utf-8"))["documents"]
    return _build_figures(docs, seconds, rss, folder_mb(version))


def build_tantivy(corpus: Path, folder: Path) -> dict[str, Any]:
    shutil.rmtree(folder, ignore_errors=True)
    cmd = [sys.executable, str(BENCH / "tantivy_side.py"), "build", "--threads", "2"]
    seconds, rss, out = measured(cmd + ["--corpus", str(corpus), "--index", str(folder)])
    return _build_figures(json.loads(out)["documents"], seconds, rss, folder_mb(folder))


def solr_jvm_rss_mb() -> dict[str, float]:
    """Resident and peak resident memory of the CI cluster's JVM (all nodes and ZooKeeper)."""
    state = json.loads((BENCH.parent / "deploy/solr/run/state.json").read_text("utf-8"))
    status = Path(f"/proc/{state['pid']}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}


def solr_alias(folder: Path) -> str:
    """The alias a scale's Solr build publishes (``speed_x1``): the workdir's folder names it."""
    return f"speed_{folder.parent.name}"


def build_solr(corpus: Path, alias: str) -> dict[str, Any]:
    """``bahth index build --engine solr`` into ``alias`` (BAHTH_SOLR_URL): Python's RSS is
    the build process's, the JVM's is read after."""
    bahth = Path(sys.executable).with_name("bahth")
    cmd = [str(bahth if bahth.exists() else shutil.which("bahth")), "index", "build"]
    cmd += ["--engine", "solr", "--collection", alias, "--corpus", str(corpus)]
    cmd += ["--silent", "--skip-invalid", "--no-extraction-cache"]
    cmd += ["--field", "id=doc_id", "--field", "body=text", "--field", "published=time_iso"]
    seconds, rss, _ = measured(cmd)
    engine = open_engine("solr", collection=alias)
    docs = engine.status().documents
    cores = engine.client.get("/admin/cores", action="STATUS")["status"].values()  # type: ignore[attr-defined]
    version = engine.status().version
    mb = sum(c["index"]["sizeInBytes"] for c in cores if c["cloud"]["collection"] == version)
    figures = _build_figures(docs, seconds, rss, mb / 2**20)
    return {**figures, "jvm_rss_mb": solr_jvm_rss_mb(), "index_mb_note": "all replicas of one node"}


def _build_figures(docs: int, seconds: float, rss: float, mb: float) -> dict[str, Any]:
    return dict(documents=docs, seconds=seconds, articles_s=docs / seconds, rss_mb=rss, index_mb=mb)


# --- querying ------------------------------------------------------------------


def bahth_params(mq: MixQuery) -> SearchParams:
    start, end = (dt.date.fromisoformat(d) if d else None for d in (mq.date_from, mq.date_to))
    return SearchParams(
        q=mq.q,
        filters={"source": mq.sources, "actors": mq.actors},
        date_from=start,
        date_to=end,
        per_page=10,
    )


def open_bahth(root: Path) -> tuple[Any, Callable[[MixQuery], dict[str, Any]]]:
    handle = LiveVersion(root).get()
    return handle, lambda mq: search_body(run_search(WhooshEngine.of(handle), bahth_params(mq)))


def mix_actors(handle: Any, scale: int) -> list[tuple[str, list[str]]]:
    """The most frequent actors, each with titles of 12 of its articles spread
    evenly over its articles of the first copy, in id order (so every scale
    draws the same; ids, not docnums, because a build's workers interleave
    documents differently from run to run)."""
    actors, searcher = handle.facets.multi["actors"], handle.searcher()
    ids = searcher.reader().column_reader("id")
    counts = np.bincount(actors.values, minlength=len(actors.labels))
    order = sorted(range(len(counts)), key=lambda i: (-int(counts[i]), actors.labels[i]))
    out = []
    for i in order[:MIX_ACTORS]:
        named = sorted((ids[d], d) for d in actors.docs_with(i).tolist())
        docs = [d for doc_id, d in named if scale == 1 or doc_id.endswith("-c1")]
        picked = [docs[k] for k in np.linspace(0, len(docs) - 1, min(12, len(docs))).astype(int)]
        titles = [searcher.stored_fields(int(d))["title"] for d in picked]
        out.append((actors.labels[i], titles))
    return out


def timed(searches: dict[str, Callable], mix: list[MixQuery], warmup: list, rounds: int):
    """Per engine, (class, ms, total) of each query, ms the least over ``rounds``
    passes of the mix (the first pass kept as ``first``). Engines take turns query
    by query, so background load on a shared machine hits both alike."""
    for search in searches.values():
        for mq in warmup:
            search(mq)
    ms = {engine: np.zeros((rounds, len(mix))) for engine in searches}
    totals: dict[str, list[int]] = {engine: [] for engine in searches}
    for r in range(rounds):
        for i, mq in enumerate(mix):
            for engine, search in searches.items():
                started = time.perf_counter()
                total = search(mq)["total"]
                ms[engine][r, i] = (time.perf_counter() - started) * 1000
                if r == 0:
                    totals[engine].append(total)
    kinds = [mq.kind for mq in mix]
    return {
        e: (list(zip(kinds, ms[e].min(axis=0), totals[e], strict=True)), ms[e][0]) for e in searches
    }


def summarise(rows: list[tuple[str, float, int]], first: np.ndarray) -> dict[str, Any]:
    def figures(sel: list[tuple[str, float, int]]) -> dict[str, float]:
        ms = np.array([r[1] for r in sel])
        p50, p95, p99 = np.percentile(ms, [50, 95, 99])
        total = float(np.mean([r[2] for r in sel]))
        return dict(n=len(sel), p50=p50, p95=p95, p99=p99, mean_ms=ms.mean(), mean_total=total)

    kinds = sorted({r[0] for r in rows})
    slowest = sorted(range(len(rows)), key=lambda i: -rows[i][1])[:SLOWEST]
    return {
        **figures(rows),
        "classes": {k: figures([r for r in rows if r[0] == k]) for k in kinds},
        "slowest": [{"query": i, "ms": rows[i][1], "total": rows[i][2]} for i in slowest],
        "first_round_p95": float(np.percentile(first, 95)),
    }


def cold(engine: str, index: Path, mq: MixQuery, tries: int = 3) -> dict[str, float]:
    """A fresh process opens the index and runs one query (page cache not dropped);
    the quickest of ``tries`` processes."""
    cmd = [sys.executable, str(BENCH / "speed.py"), "--probe", engine, "--index", str(index)]
    runs = []
    for _ in range(tries):
        seconds, _, out = measured(cmd + ["--query", json.dumps(mq.to_dict())])
        figures = json.loads(out)
        figures["total_ms"] = figures["open_ms"] + figures["first_query_ms"]
        runs.append({**figures, "process_ms": seconds * 1000})
    return min(runs, key=lambda f: f["total_ms"])


def opener(engine: str) -> Callable[[Path], Callable[[MixQuery], dict[str, Any]]]:
    """How to open an index of ``engine`` (modules imported before any timing)."""
    if engine == "tantivy":
        from tantivy_side import TantivySide

        return lambda folder: TantivySide(folder).search
    if engine == "solr":

        def open_solr(folder: Path) -> Callable[[MixQuery], dict[str, Any]]:
            solr = open_engine("solr", collection=solr_alias(folder))
            return lambda mq: search_body(run_search(solr, bahth_params(mq)))

        return open_solr
    return lambda root: open_bahth(root)[1]


def probe(engine: str, index: Path, query: str) -> None:
    open_index = opener(engine)
    started = time.perf_counter()
    search = open_index(index)
    opened = time.perf_counter()
    search(MixQuery.from_dict(json.loads(query)))
    done = time.perf_counter()
    ms = {"open_ms": opened - started, "first_query_ms": done - opened}
    print(json.dumps({k: v * 1000 for k, v in ms.items()}))


# --- one scale -----------------------------------------------------------------


def run_scale(
    args: argparse.Namespace, scale: int, mix: list[MixQuery] | None
) -> tuple[dict, list]:
    place = args.workdir / f"x{scale}"
    place.mkdir(parents=True, exist_ok=True)
    corpus = scaled_corpus(args.corpus, scale, args.workdir)
    engines = ["bahth"] + ([] if args.no_tantivy else [OTHER])
    builds_file = place / "builds.json"
    builds = json.loads(builds_file.read_text("utf-8")) if builds_file.exists() else {}
    result: dict[str, Any] = {"scale": scale, "corpus": str(corpus), "bahth_code": code_state()}
    for engine in engines:
        folder = place / engine
        built_before = folder.exists() or engine == "solr"  # Solr's index is the cluster's
        if not (args.reuse and engine in builds and built_before):
            log(f"x{scale}: building {engine} from {corpus.name}")
            if engine == "solr":
                built = build_solr(corpus, solr_alias(folder))
            else:
                built = (build_bahth if engine == "bahth" else build_tantivy)(corpus, folder)
            builds[engine] = {**built, "bahth_code": code_state()}
            builds_file.write_text(json.dumps(builds, indent=1), "utf-8")
        result[engine] = {"build": builds[engine]}
    handle, bahth_search = open_bahth(place / "bahth")
    result["articles"] = handle.doc_count
    articles, actors = read_articles(args.corpus), mix_actors(handle, scale)
    mix = mix or make_mix(articles, actors, args.queries)
    warmup = make_mix(articles, actors, WARMUP, seed=SEED + 100)
    result["mix"] = [m.to_dict() for m in mix]
    searches = {}
    for engine in engines:
        if engine == "solr":  # no index to open: the cluster serves (its start is measured apart)
            started = time.perf_counter()
            opener("solr")(place / engine)(mix[0])
            ms = (time.perf_counter() - started) * 1000
            result[engine]["cold"] = {"open_ms": 0.0, "first_query_ms": ms, "total_ms": ms}
            searches[engine] = opener("solr")(place / engine)
            continue
        result[engine]["cold"] = cold(engine, place / engine, mix[0])
        searches[engine] = bahth_search if engine == "bahth" else opener(engine)(place / engine)
    log(f"x{scale}: timing {', '.join(engines)} over {len(mix)} queries")
    load = os.getloadavg()[0]
    for engine, (rows, first) in timed(searches, mix, warmup, args.rounds).items():
        result[engine]["query"] = summarise(rows, first)
    result["load_avg_before_after"] = [load, os.getloadavg()[0]]
    if "solr" in engines:
        result["solr"]["jvm_rss_mb_after_queries"] = solr_jvm_rss_mb()
    return result, mix


# --- report --------------------------------------------------------------------


def code_state() -> str:
    """The commit Bahth runs from, and whether search/ has uncommitted changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(BENCH.parent), *args], capture_output=True, text=True
        ).stdout.strip()

    dirty = " + uncommitted search/ changes" if git("status", "--porcelain", "search") else ""
    return git("rev-parse", "--short", "HEAD") + dirty


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:10.2f}" if a is not None and b else f"{'-':>10}"


def print_scale(res: dict[str, Any]) -> None:
    ours, theirs = res["bahth"], res.get(OTHER)

    def row(label: str, get: Callable[[dict], float], fmt: str = "{:10.1f}") -> None:
        a, b = get(ours), get(theirs) if theirs else None
        cell = fmt.format(b) if b is not None else f"{'-':>10}"
        print(f"{label:<32}{fmt.format(a)} {cell} {_ratio(a, b)}")

    title = f"ANT x{res['scale']} ({res['articles']:,} articles)"
    print(f"\nbahth at {res['bahth_code']}; load average {res['load_avg_before_after']}")
    print(f"{title:<32}{'bahth':>10} {OTHER:>10} {'ratio':>10}")
    row("build articles/s", lambda e: e["build"]["articles_s"])
    row("index MB", lambda e: e["build"]["index_mb"])
    row("peak RSS build MB (largest proc)", lambda e: e["build"]["rss_mb"])
    row("cold open ms", lambda e: e["cold"]["open_ms"])
    row("cold open + first query ms", lambda e: e["cold"]["total_ms"])
    for p in ("p50", "p95", "p99"):
        row(f"query {p} ms", lambda e, p=p: e["query"][p], "{:10.2f}")
    row("query p95 ms, first round alone", lambda e: e["query"]["first_round_p95"], "{:10.2f}")
    row("matches per query (mean total)", lambda e: e["query"]["mean_total"])
    if theirs and "jvm_rss_mb" in theirs["build"]:
        print(f"solr JVM RSS MB after build: {theirs['build']['jvm_rss_mb']}")
        print(f"solr JVM RSS MB after queries: {theirs.get('jvm_rss_mb_after_queries')}")
    print(
        f"\n{'class':<8}{'n':>4} {'bahth total':>12} {'p50':>7} {'p95':>7}   "
        f"{OTHER + ' total':>13} {'p50':>7} {'p95':>7}"
    )
    for kind, c in ours["query"]["classes"].items():
        t = theirs["query"]["classes"][kind] if theirs else None
        other = f"{t['mean_total']:13.0f} {t['p50']:7.2f} {t['p95']:7.2f}" if t else ""
        ours_cells = f"{c['mean_total']:12.0f} {c['p50']:7.2f} {c['p95']:7.2f}"
        print(f"{kind:<8}{c['n']:4d} {ours_cells}   {other}")
    print("slowest for bahth:")
    for slow in ours["query"]["slowest"]:
        mq = res["mix"][slow["query"]]
        filters = {k: v for k, v in mq.items() if k not in ("kind", "q") and v}
        print(
            f"  {slow['ms']:7.1f} ms {slow['total']:6d} hits  {mq['kind']:<7} {mq['q']} {filters}"
        )


def print_growth(small: dict[str, Any], big: dict[str, Any]) -> dict[str, Any]:
    """p95 growth against match growth between two scales, overall and per class."""

    def ratios(a: dict, b: dict) -> dict[str, float]:
        return {"p95": b["p95"] / a["p95"], "matches": b["mean_total"] / max(a["mean_total"], 1e-9)}

    out: dict[str, Any] = {}
    print(f"\np95 growth vs match growth, x{small['scale']} -> x{big['scale']}")
    for engine in [e for e in ("bahth", OTHER) if e in small and e in big]:
        a, b = small[engine]["query"], big[engine]["query"]
        out[engine] = {**ratios(a, b), "classes": {}}
        for k, c in a["classes"].items():
            out[engine]["classes"][k] = ratios(c, b["classes"][k])
        cells = [f"all {out[engine]['p95']:.2f}x/{out[engine]['matches']:.2f}x"]
        cells += [
            f"{k} {g['p95']:.2f}x/{g['matches']:.1f}x" for k, g in out[engine]["classes"].items()
        ]
        print(f"  {engine:<8} p95/matches: " + ", ".join(cells))
    return out


def print_targets(results: list[dict[str, Any]]) -> None:
    print("\ntargets of issue 5 (reported, not asserted)")
    for res in results:
        ours, theirs = res["bahth"], res.get(OTHER)
        tag = f"x{res['scale']}"
        print(f"  {tag}: peak RSS build {ours['build']['rss_mb']:.0f} MB (< 1024)")
        if theirs and OTHER == "tantivy":
            p95 = ours["query"]["p95"] / theirs["query"]["p95"]
            build = ours["build"]["articles_s"] / theirs["build"]["articles_s"]
            print(f"  {tag}: p95 {p95:.1f}x tantivy's (<= 10x)")
            print(f"  {tag}: build {build:.3f} of tantivy's 2-thread throughput (>= 0.0625)")
    if OTHER != "tantivy":
        return
    print(
        "  tantivy: no actors (actor filters ignored, no actor facet); month counts by a range"
        " aggregation of calendar-month buckets (date_histogram has no calendar_interval)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--scales", default="1,4", help="copies of the corpus, comma-separated")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--workdir", type=Path, default=BENCH / "out/speed")
    parser.add_argument("--rounds", type=int, default=3, help="passes of the mix (least kept)")
    parser.add_argument("--no-tantivy", action="store_true")
    parser.add_argument(
        "--engine",
        choices=["tantivy", "solr"],
        default="tantivy",
        help="what Bahth's Whoosh engine is timed beside: tantivy, or Bahth's SolrEngine on "
        "the cluster at BAHTH_SOLR_URL (deploy/solr/cluster start)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep indexes built earlier")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--probe", choices=["bahth", "tantivy"], help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global OTHER
    OTHER = args.engine
    if args.probe:
        probe(args.probe, args.index, args.query)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    results, mix = [], None
    for scale in sorted(int(s) for s in args.scales.split(",")):
        result, mix = run_scale(args, scale, mix)
        results.append(result)
        print_scale(result)
    growth = print_growth(results[0], results[-1]) if len(results) > 1 else {}
    print_targets(results)
    if args.json:
        args.json.write_text(
            json.dumps({"scales": results, "growth": growth}, indent=1, ensure_ascii=False), "utf-8"
        )


if __name__ == "__main__":
    main()
