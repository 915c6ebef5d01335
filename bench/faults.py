"""Faults during writes: kill -9, two writers, a full disk. Nothing may be lost.

    python bench/faults.py                      # 20 kills of build, 20 of update, lock, full disk
    python bench/faults.py --repeats 40 --seed 7 --docs 3000

Every scenario runs the real ``bahth`` command in a subprocess on a small
index folder under ``bench/out/faults/`` and checks, after each fault:

* the index still opens and answers a fixed set of queries exactly as before
  the fault (or exactly as the new corpus would, when the kill came after the
  pointer swap: "old" and "new" are the only outcomes allowed);
* the worker processes of the killed command are gone within a few seconds
  (they poll their parent, or die with it);
* the next build succeeds and leaves no ``versions/.tmp-*`` folder behind;
* a second writer stops at once (exit 1, one line naming the lock);
* a full disk (RLIMIT_FSIZE, SIGXFSZ ignored so writes fail with EFBIG)
  stops the build with one line and exit 1, the previous index intact.

``tests/test_faults.py`` imports this file and runs the same scenarios with
fewer repetitions in CI. The corpus is synthetic (seeded) so the run needs no
data set; its size sets how long a build takes and so where kills land.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "faults"
CLI = [
    sys.executable,
    "-c",
    "import sys; from search.cli.main import main; sys.argv[0] = 'bahth'; main()",
]
QUERIES = ["بوتين", "الصين", '"الرئيس الروسي"', "اقتصاد -ترامب", "قمة OR اتفاقية", "مؤشر"]
WORKER_GRACE_SECONDS = 10.0

_WORDS = (
    "الرئيس الروسي فلاديمير بوتين الصين بكين موسكو القاهرة ترامب الاقتصاد الطاقة اتفاقية قمة"
    " التعاون العلاقات الحكومة البرلمان الانتخابات النفط الغاز الأسواق الأسهم البنك المركزي"
    " التضخم الفائدة الصادرات الواردات الجيش الحدود المفاوضات السلام الأمن مجلس الوزراء"
    " المنتخب المباراة الدوري البطولة الهدف المدرب الفريق اللاعب الملعب الجمهور الموسم"
    " التقنية الهاتف الشركة الذكاء الاصطناعي البيانات الشبكة الإنترنت الفضاء القمر الصناعي"
).split()
_SOURCES = ["الأهرام", "الجزيرة", "سبوتنيك", "العربية", "فرانس 24"]


def article(rng: random.Random, n: int, marker: str | None = None) -> dict[str, Any]:
    """One synthetic news record (JSONL with our own key names)."""
    sentences = []
    for _ in range(rng.randint(6, 14)):
        words = rng.choices(_WORDS, k=rng.randint(8, 16))
        sentences.append(" ".join(words) + ".")
    if marker:
        sentences.append(f"{marker} مؤشر")
    month = rng.randint(1, 12)
    return {
        "id": f"{'marker' if marker else 'doc'}-{n:05d}",
        "title": " ".join(rng.choices(_WORDS, k=6)),
        "body": "\n".join(sentences),
        "source": rng.choice(_SOURCES),
        "published": f"2025-{month:02d}-{rng.randint(1, 28):02d}",
    }


def write_corpora(folder: Path, docs: int, extra: int, seed: int = 1) -> tuple[Path, Path]:
    """``old.jsonl`` (``docs`` records) and ``new.jsonl`` (the same plus ``extra`` markers)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    base = [article(rng, i) for i in range(docs)]
    markers = [article(rng, i, marker="مؤشر") for i in range(extra)]
    old, new = folder / "old.jsonl", folder / "new.jsonl"
    for path, records in [(old, base), (new, base + markers)]:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return old, new


def bahth(*args: str | Path) -> list[str]:
    return [*CLI, *(str(a) for a in args)]


def run(*args: str | Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(bahth(*args), capture_output=True, text=True, timeout=600, **kwargs)


def index_args(command: str, corpus: Path, index: Path) -> list[str | Path]:
    """``index build|update --corpus C --index I --silent``."""
    return ["index", command, "--corpus", corpus, "--index", index, "--silent"]


def build(corpus: Path, index: Path) -> None:
    result = run(*index_args("build", corpus, index))
    if result.returncode:
        raise RuntimeError(f"build failed: {result.stderr.strip()}")


def snapshot(index: Path) -> dict[str, Any]:
    """What the live index answers: totals, and the ids where they all fit on a page.

    (The order of equal scores follows document numbers, which differ between
    two builds of one corpus: the workers' segments interleave differently.)
    """
    from search.engine.whoosh.engine import WhooshEngine
    from search.engine.whoosh.reader import LiveVersion
    from search.query.run import run_search
    from search.request.params import SearchParams
    from web.bodies import search_body

    handle = LiveVersion(index).get()
    answers: dict[str, Any] = {"documents": handle.doc_count}
    for q in QUERIES:
        body = search_body(
            run_search(
                WhooshEngine.of(handle),
                SearchParams(q=q, per_page=100, facets=False, snippets=False),
            )
        )
        ids = sorted(hit["id"] for hit in body["hits"]) if body["total"] <= 100 else None
        answers[q] = [body["total"], ids]
    handle.index.close()
    return answers


def tmp_versions(index: Path) -> list[str]:
    versions = index / "versions"
    return sorted(p.name for p in versions.iterdir() if p.name.startswith(".tmp-"))


def children_of(pid: int) -> set[int]:
    """Live descendants of ``pid`` (read from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for init to reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in {"Z", "X"}


@dataclass
class KillOutcome:
    command: str
    delay: float
    outcome: str  # "old", "new" or "CORRUPT"
    workers: int
    workers_gone_s: float | None  # None: some still alive after WORKER_GRACE_SECONDS
    tmp_after_next_build: list[str]
    exit_signal: int


@dataclass
class Summary:
    kills: list[KillOutcome] = field(default_factory=list)

    def failures(self) -> list[str]:
        bad = []
        for k in self.kills:
            if k.outcome not in {"old", "new"}:
                bad.append(f"{k.command} killed at {k.delay:.2f}s: index answers changed")
            if k.workers_gone_s is None:
                bad.append(f"{k.command} killed at {k.delay:.2f}s: workers still alive")
            if k.tmp_after_next_build:
                bad.append(f"{k.command}: leftover {k.tmp_after_next_build}")
        return bad


def kill_once(
    command: str, index: Path, old: Path, new: Path, delay: float, expected: dict[str, Any]
) -> KillOutcome:
    """Start ``bahth index <command>`` towards ``new``, kill -9 it after ``delay`` s."""
    process = subprocess.Popen(
        bahth(*index_args(command, new, index)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and process.poll() is None:
        workers |= children_of(process.pid)
        time.sleep(0.02)
    workers |= children_of(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = time.monotonic()
    gone: float | None = None
    while time.monotonic() - killed_at < WORKER_GRACE_SECONDS:
        if not any(alive(pid) for pid in workers):
            gone = time.monotonic() - killed_at
            break
        time.sleep(0.05)
    for pid in workers:  # never leave strays behind, whatever the verdict
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
    answers = snapshot(index)
    outcome = next((name for name, snap in expected.items() if snap == answers), "CORRUPT")
    build(old, index)  # the next build: must work and clean up
    leftover = tmp_versions(index)
    if snapshot(index) != expected["old"]:
        outcome = "CORRUPT"
    return KillOutcome(command, delay, outcome, len(workers), gone, leftover, -process.returncode)


def timed_build(corpus: Path, index: Path) -> float:
    started = time.monotonic()
    build(corpus, index)
    return time.monotonic() - started


def kill_runs(
    folder: Path, repeats: int, seed: int, docs: int, extra: int = 20, commands=("build", "update")
) -> Summary:
    """``repeats`` kills of each command at seeded random moments of its run."""
    old, new = write_corpora(folder / "corpus", docs, extra, seed)
    index = folder / "index"
    shutil.rmtree(index, ignore_errors=True)
    expected = {"new": None, "old": None}
    build(new, index)
    expected["new"] = snapshot(index)
    build(old, index)
    expected["old"] = snapshot(index)
    rng = random.Random(seed)
    summary = Summary()
    for command in commands:
        # How long the command runs uninterrupted (then the index is back at "old").
        started = time.monotonic()
        if command == "build":
            build(new, index)
        else:
            result = run(*index_args("update", new, index))
            assert result.returncode == 0, result.stderr
        span = time.monotonic() - started
        build(old, index)
        for _ in range(repeats):
            delay = rng.uniform(0.05, span * 1.1)
            summary.kills.append(kill_once(command, index, old, new, delay, expected))
    return summary


def second_writer(folder: Path, docs: int) -> dict[str, Any]:
    """Start a build, then a second one on the same index while the first holds the lock."""
    old, new = write_corpora(folder / "corpus", docs, 5)
    index = folder / "index"
    shutil.rmtree(index, ignore_errors=True)
    build(old, index)
    before = snapshot(index)
    first = subprocess.Popen(
        bahth(*index_args("build", new, index)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not tmp_versions(index) and time.monotonic() < deadline:  # the lock is held
        time.sleep(0.01)
    started = time.monotonic()
    second = run(*index_args("build", old, index))
    second_seconds = time.monotonic() - started
    first_out, first_err = first.communicate(timeout=600)
    after = snapshot(index)
    build(old, index)
    return {
        "second_exit": second.returncode,
        "second_stderr": second.stderr.strip(),
        "second_seconds": round(second_seconds, 2),
        "first_exit": first.returncode,
        "first_stderr": first_err.strip(),
        "index_before": before,
        "index_after": after,
        "expected_after": snapshot_of(new, folder / "check"),
        "tmp_after": tmp_versions(index),
    }


def snapshot_of(corpus: Path, index: Path) -> dict[str, Any]:
    shutil.rmtree(index, ignore_errors=True)
    build(corpus, index)
    return snapshot(index)


def _limit_file_size(limit: int) -> Any:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def full_disk(folder: Path, docs: int, limit: int = 64 * 1024) -> dict[str, Any]:
    """A build whose files may not grow past ``limit`` bytes (a disk that fills up)."""
    old, new = write_corpora(folder / "corpus", docs, 5)
    index = folder / "index"
    shutil.rmtree(index, ignore_errors=True)
    build(old, index)
    before = snapshot(index)
    results = {}
    for command in ["build", "update"]:
        result = run(
            *index_args(command, new, index),
            preexec_fn=_limit_file_size(limit),  # noqa: PLW1509 - no threads started yet
        )
        results[command] = {
            "exit": result.returncode,
            "stderr": result.stderr.strip(),
            "intact": snapshot(index) == before,
            "tmp": tmp_versions(index),
        }
    build(old, index)
    results["next_build_tmp"] = tmp_versions(index)
    results["next_build_intact"] = snapshot(index) == before
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=20, help="kills per command (20)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--docs", type=int, default=2000, help="synthetic corpus size (2000)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []

    started = time.monotonic()
    summary = kill_runs(args.out / "kill", args.repeats, args.seed, args.docs)
    print(f"kill -9 at seeded random moments (seed {args.seed}, {args.docs} documents):")
    for command in ["build", "update"]:
        kills = [k for k in summary.kills if k.command == command]
        outcomes = {o: sum(k.outcome == o for k in kills) for o in ["old", "new", "CORRUPT"]}
        gone = [k.workers_gone_s for k in kills if k.workers and k.workers_gone_s is not None]
        with_workers = sum(1 for k in kills if k.workers)
        stuck = sum(1 for k in kills if k.workers_gone_s is None)
        leftovers = sum(1 for k in kills if k.tmp_after_next_build)
        print(
            f"  {command:>6}: {len(kills)} kills (delays {min(k.delay for k in kills):.2f}–"
            f"{max(k.delay for k in kills):.2f} s); index answers as before: {outcomes['old']},"
            f" as the finished new one: {outcomes['new']}, otherwise: {outcomes['CORRUPT']};"
            f" kills with live workers: {with_workers}, workers gone in max "
            f"{max(gone, default=0):.2f} s, still alive after {WORKER_GRACE_SECONDS:.0f} s:"
            f" {stuck}; .tmp-* left after the next build: {leftovers}"
        )
    failures += summary.failures()

    lock = second_writer(args.out / "lock", args.docs)
    print(
        f"two builds at once: second exit {lock['second_exit']} after "
        f"{lock['second_seconds']} s: {lock['second_stderr']!r}; first exit {lock['first_exit']};"
        f" result = first build's corpus: {lock['index_after'] == lock['expected_after']};"
        f" .tmp-* left: {len(lock['tmp_after'])}"
    )
    if lock["second_exit"] != 1 or ".lock" not in lock["second_stderr"]:
        failures.append("second writer did not stop with exit 1 naming the lock")
    if lock["first_exit"] != 0 or lock["index_after"] != lock["expected_after"]:
        failures.append("first writer's build was disturbed")

    disk = full_disk(args.out / "disk", args.docs)
    for command in ["build", "update"]:
        r = disk[command]
        print(
            f"full disk during {command}: exit {r['exit']}, {len(r['stderr'].splitlines())} "
            f"line(s): {r['stderr'][:150]!r}; previous index intact: {r['intact']}"
        )
        if r["exit"] != 1 or len(r["stderr"].splitlines()) != 1 or not r["intact"]:
            failures.append(f"full disk during {command}: {r}")
        if "Traceback" in r["stderr"]:
            failures.append(f"full disk during {command}: traceback")
    print(
        f"next build after the full disk: intact {disk['next_build_intact']}, "
        f".tmp-* left: {len(disk['next_build_tmp'])}"
    )
    print(f"total {time.monotonic() - started:.0f} s; failures: {len(failures)}")
    for failure in failures:
        print("  FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
