"""Relevance bench: Bahth's defaults against a Lucene ArabicAnalyzer BM25 baseline.

Builds a Bahth index of the XQuAD-R Arabic sentences with the options a user
would type, runs every question through ``bahth search`` in batch mode, and
prints MRR@10, nDCG@10, Recall@10 and MAP@10 beside two baselines computed in
the same run on the same questions (see ``bench/lucene_arabic.py``):

* ``lucene-arabic BM25``: Lucene's ArabicAnalyzer ported to Python, BM25
  k1 0.9 b 0.4;
* ``\\w+ BM25``: the same BM25 over lower-cased ``\\w+`` tokens.

Run from the repository root::

    python bench/relevance.py                       # all 1,190 questions
    python bench/relevance.py --limit 300 --min-recall 0.6   # the CI check

The TREC runs are written to ``bench/out/relevance/`` (ignored by git) for
``trec_eval`` or a closer look. See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from bench import metrics  # noqa: E402
from bench.lucene_arabic import BM25, arabic_analyzer, word_analyzer  # noqa: E402

DEFAULT_CORPUS_DIR = REPO_ROOT.parent / "shared" / "data" / "xquad_r_ar"
K = 10
PRODUCT_RUN_NAME = "bahth-defaults"
#: The figures issue 5 quotes for Lucene's ArabicAnalyzer + BM25 on this data.
ANCHOR = {"mrr": 0.742, "recall": 0.876}
ANCHOR_WORDS_MRR = 0.646
#: Written into an index folder this bench made, so ``--keep-index`` may
#: replace it on the next run without ever deleting a folder it did not make.
MARKER = ".bahth-relevance-bench"

# The product, driven as a user drives it. ``id`` comes from ``doc_id``; the
# English Wikipedia article title is *not* mapped to ``title``: a news title is
# Arabic text a reader searches, this one is an English label shared by every
# sentence of an article, and indexing it would only add noise (no question is
# in English).
BUILD_FIELDS = ("id=doc_id", "body=text")


@dataclass
class SystemResult:
    """One row of the table: a system's run, metrics and timings."""

    name: str
    run: dict[str, list[str]] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)
    build_seconds: float | None = None
    search_seconds: float | None = None
    queries: int = 0
    error: str | None = None

    @property
    def queries_per_second(self) -> float | None:
        if not self.search_seconds or not self.queries:
            return None
        return self.queries / self.search_seconds


def read_corpus(path: Path) -> list[dict]:
    """The JSONL sentences, in file order."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_queries(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """``(qid, question)`` pairs from a ``qid<TAB>question`` file."""
    queries = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            qid, question = line.rstrip("\n").split("\t", 1)
            queries.append((qid, question))
            if limit is not None and len(queries) >= limit:
                break
    return queries


def run_baseline(
    name: str,
    analyzer: Callable[[str], list[str]],
    corpus: Sequence[dict],
    queries: Sequence[tuple[str, str]],
    runs_dir: Path,
) -> SystemResult:
    """Index the sentences with ``analyzer`` and BM25, then run every question."""
    result = SystemResult(name=name, queries=len(queries))
    started = time.perf_counter()
    index = BM25(((doc["doc_id"], doc["text"]) for doc in corpus), analyzer)
    result.build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    hits = {qid: index.search(question, K) for qid, question in queries}
    result.search_seconds = time.perf_counter() - started
    run_name = name.split()[0].replace("\\", "").replace("+", "plus")
    path = runs_dir / f"{run_name}.trec"
    path.write_text("".join(metrics.format_run(hits, run_name)), encoding="utf-8")
    result.run = {qid: [doc for doc, _score in ranked] for qid, ranked in hits.items()}
    return result


def _bahth_command() -> list[str]:
    """The ``bahth`` console script of *this checkout* (same entry point)."""
    return [sys.executable, "-c", "from search.cli.main import main; main()"]


def _run_cli(args: list[str], stdout=None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return subprocess.run(
        _bahth_command() + args,
        cwd=REPO_ROOT,
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


def _prepare_index_dir(keep_index: Path | None) -> tuple[Path, Path | None]:
    """Where to build: a fresh temporary folder, or ``--keep-index`` DIR."""
    if keep_index is None:
        scratch = Path(tempfile.mkdtemp(prefix="bahth-relevance-"))
        return scratch / "index", scratch
    if keep_index.exists() and any(keep_index.iterdir()):
        if not (keep_index / MARKER).exists():
            raise SystemExit(
                f"--keep-index {keep_index}: folder exists and was not made by this bench; "
                "give a new or empty folder"
            )
        shutil.rmtree(keep_index)
    return keep_index, None


def run_product(
    corpus_path: Path,
    queries_path: Path,
    queries: Sequence[tuple[str, str]],
    runs_dir: Path,
    keep_index: Path | None,
    engine: str = "whoosh",
    solr_analyses: Sequence[str] = ("bahth",),
) -> list[SystemResult]:
    """Build a Bahth index with the CLI defaults and run the questions in batch.

    With ``engine="solr"`` the index is a SolrCloud collection (``BAHTH_SOLR_URL``,
    alias ``xquad``), built once and searched once per analysis in ``solr_analyses``:
    Bahth's own forms sent from Python, or Solr's stock Arabic chain.
    """
    index_dir, scratch = _prepare_index_dir(keep_index)
    where = ["--index", str(index_dir)]
    runs = [("bahth (defaults)", [], PRODUCT_RUN_NAME)]
    if engine == "solr":
        where = ["--engine", "solr", "--collection", "xquad"]
        runs = [
            (
                f"bahth on solr ({a} analysis)",
                ["--solr-analysis", a],
                f"{PRODUCT_RUN_NAME}-solr-{a}",
            )
            for a in solr_analyses
        ]
    results = [SystemResult(name=name, queries=len(queries)) for name, _, _ in runs]
    try:
        field_args = [arg for mapping in BUILD_FIELDS for arg in ("--field", mapping)]
        started = time.perf_counter()
        build = _run_cli(
            ["index", "build", "--corpus", str(corpus_path)] + where + field_args + ["--silent"]
        )
        for result in results:
            result.build_seconds = time.perf_counter() - started
        if build.returncode != 0:
            for result in results:
                result.error = f"index build exited {build.returncode}: {_last_line(build.stderr)}"
            return results
        if keep_index is not None and engine == "whoosh":
            (index_dir / MARKER).write_text("built by bench/relevance.py\n", encoding="utf-8")
        for result, (_, extra, run_name) in zip(results, runs, strict=True):
            run_path = runs_dir / f"{run_name}.trec"
            started = time.perf_counter()
            with open(run_path, "w", encoding="utf-8") as out:
                search = _run_cli(
                    ["search", *where, *extra, "--queries", str(queries_path)]
                    + ["--format", "trec", "--per-page", str(K), "--run-name", run_name],
                    stdout=out,
                )
            result.search_seconds = time.perf_counter() - started
            if search.returncode != 0:
                result.error = (
                    f"batch search exited {search.returncode}: {_last_line(search.stderr)}"
                )
                continue
            result.run = metrics.read_run(run_path)
        return results
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _last_line(text: str) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def _fmt(value: float | None, width: int, digits: int = 3) -> str:
    return f"{value:<{width}.{digits}f}" if value is not None else f"{'-':<{width}}"


def format_table(results: Sequence[SystemResult], include_words_anchor: bool = True) -> str:
    """The comparison table, with timings, as printed by the bench."""
    header = (
        f"{'system':<31}{'MRR@10':<8}{'nDCG@10':<9}{'R@10':<7}{'MAP@10':<8}"
        f"{'build s':<9}{'queries/s':<10}"
    )
    lines = [header.rstrip()]
    for result in results:
        if result.error:
            lines.append(f"{result.name:<31}unavailable: {result.error}")
            continue
        s = result.scores
        lines.append(
            f"{result.name:<31}{_fmt(s['mrr'], 8)}{_fmt(s['ndcg'], 9)}{_fmt(s['recall'], 7)}"
            f"{_fmt(s['map'], 8)}{_fmt(result.build_seconds, 9, 2)}"
            f"{_fmt(result.queries_per_second, 10, 0)}".rstrip()
        )
    lines.append(
        f"{'published anchor (issue 5)*':<31}{_fmt(ANCHOR['mrr'], 8)}{'-':<9}"
        f"{_fmt(ANCHOR['recall'], 7)}{'-'}"
    )
    if include_words_anchor:
        label = "  anchor for \\w+ BM25*"
        lines.append(f"{label:<31}{_fmt(ANCHOR_WORDS_MRR, 8)}-")
    lines.append(
        "* as quoted in issue 5; the data set's PROVENANCE.md reports no Arabic-only BM25 "
        "figure, so these are not from the LAReQA paper"
    )
    return "\n".join(lines)


def format_losses(
    product: SystemResult,
    baseline: SystemResult,
    qrels: dict[str, dict[str, int]],
    queries: Sequence[tuple[str, str]],
    texts: dict[str, str],
    limit: int,
) -> str:
    """Questions the baseline ranks better than the product, worst first."""
    base = metrics.per_query(baseline.run, qrels, "mrr", K, [q for q, _ in queries])
    prod = metrics.per_query(product.run, qrels, "mrr", K, [q for q, _ in queries])
    question_of = dict(queries)
    losses = sorted((qid for qid in base if base[qid] > prod[qid]), key=lambda q: prod[q] - base[q])
    wins = sum(1 for qid in base if prod[qid] > base[qid])
    out = [
        f"\n{product.name} vs {baseline.name}: {len(losses)} questions worse, {wins} better "
        f"(reciprocal rank at 10); showing {min(limit, len(losses))}"
    ]
    for qid in losses[:limit]:
        relevant = next(iter(qrels[qid]))
        top = (product.run.get(qid) or ["(nothing)"])[0]
        out.append(
            f"- {qid}  RR {prod[qid]:.2f} vs {base[qid]:.2f}\n"
            f"  Q: {question_of[qid]}\n"
            f"  relevant {relevant}: {texts.get(relevant, '?').strip()}\n"
            f"  bahth #1 {top}: {texts.get(top, '?').strip()}"
        )
    return "\n".join(out)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Relevance of Bahth's defaults on XQuAD-R (Arabic) against BM25 baselines."
    )
    parser.add_argument(
        "--corpus-dir",
        type=Path,
        default=DEFAULT_CORPUS_DIR,
        help="folder with corpus.jsonl, queries.tsv, qrels.txt "
        "(default: ../shared/data/xquad_r_ar from the repository root)",
    )
    parser.add_argument("--limit", type=int, help="use only the first N questions")
    parser.add_argument(
        "--min-recall",
        type=float,
        help="exit 1 if the product's Recall@10 is below this (CI: 0.6 with --limit 300)",
    )
    parser.add_argument(
        "--keep-index", type=Path, help="build the product index in DIR and leave it there"
    )
    parser.add_argument(
        "--runs-dir",
        type=Path,
        default=REPO_ROOT / "bench" / "out" / "relevance",
        help="where the TREC runs are written (default: bench/out/relevance)",
    )
    parser.add_argument(
        "--baseline-only", action="store_true", help="skip the product (baselines only)"
    )
    parser.add_argument(
        "--engine",
        choices=["whoosh", "solr"],
        default="whoosh",
        help="build and search on Whoosh, or on the SolrCloud at BAHTH_SOLR_URL (alias xquad)",
    )
    parser.add_argument(
        "--solr-analysis",
        default="bahth,solr",
        help="with --engine solr: the analyses to search, comma-separated (default both)",
    )
    parser.add_argument(
        "--show-losses",
        type=int,
        default=0,
        metavar="N",
        help="print N questions the Lucene baseline answers better than the product",
    )
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    if args.baseline_only and args.min_recall is not None:
        parser.error("--min-recall needs the product: drop --baseline-only")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus_path = args.corpus_dir / "corpus.jsonl"
    queries_path = args.corpus_dir / "queries.tsv"
    for path in (corpus_path, queries_path, args.corpus_dir / "qrels.txt"):
        if not path.is_file():
            print(
                f"relevance: missing {path}: this benchmark reads XQuAD-R from ../shared/data/"
                "xquad_r_ar beside the checkout (not part of the repository); "
                "give another copy with --corpus-dir",
                file=sys.stderr,
            )
            return 2
    corpus = read_corpus(corpus_path)
    queries = read_queries(queries_path, args.limit)
    qids = [qid for qid, _ in queries]
    qrels = metrics.read_qrels(args.corpus_dir / "qrels.txt")
    unjudged = [qid for qid in qids if qid not in qrels]
    if unjudged:
        print(f"relevance: {len(unjudged)} questions have no qrels", file=sys.stderr)
        return 2
    args.runs_dir.mkdir(parents=True, exist_ok=True)

    results = []
    product = None
    if not args.baseline_only:
        with tempfile.TemporaryDirectory(prefix="bahth-queries-") as scratch:
            batch_path = queries_path
            if args.limit is not None:
                batch_path = Path(scratch) / "queries.tsv"
                batch_path.write_text(
                    "".join(f"{qid}\t{question}\n" for qid, question in queries),
                    encoding="utf-8",
                )
            products = run_product(
                corpus_path,
                batch_path,
                queries,
                args.runs_dir,
                args.keep_index,
                args.engine,
                [a for a in args.solr_analysis.split(",") if a],
            )
        results += products
        product = products[0]
    lucene = run_baseline(
        "lucene-arabic BM25 (baseline)", arabic_analyzer, corpus, queries, args.runs_dir
    )
    words = run_baseline("\\w+ BM25", word_analyzer, corpus, queries, args.runs_dir)
    results += [lucene, words]
    for result in results:
        if not result.error:
            result.scores = metrics.evaluate(result.run, qrels, K, qids)

    print(
        f"XQuAD-R Arabic: {len(corpus)} sentences, {len(queries)} questions, "
        f"metrics at {K} (runs in {args.runs_dir})"
    )
    print(format_table(results))
    if product is not None and not product.error and args.show_losses:
        texts = {doc["doc_id"]: doc["text"] for doc in corpus}
        print(format_losses(product, lucene, qrels, queries, texts, args.show_losses))

    if product is not None and product.error:
        print(f"relevance: the product run failed: {product.error}", file=sys.stderr)
        return 1
    if args.min_recall is not None and product.scores["recall"] < args.min_recall:
        print(
            f"relevance: product Recall@{K} {product.scores['recall']:.3f} "
            f"is below --min-recall {args.min_recall}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
