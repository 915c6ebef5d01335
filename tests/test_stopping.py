"""SIGTERM stops a build cleanly: no ``.tmp-*`` left, the previous version live.

Run as a real ``bahth index build`` in a subprocess, stopped once its
temporary version exists (the moment is observed, not timed).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.index.build import build_index, update_index
from search.index.stopping import BuildStopped, sigterm_stops_build, stoppable
from search.store.layout import current_version_dir

ROOT = Path(__file__).resolve().parents[1]


def _big_corpus(path: Path, records: int) -> Path:
    bodies = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(records):
            body = f"{bodies[n % len(bodies)]}\nرقم {n}"
            handle.write(json.dumps({"id": f"a{n}", "body": body}, ensure_ascii=False) + "\n")
    return path


def _wait_for_tmp(versions: Path, process: subprocess.Popen) -> bool:
    while process.poll() is None:
        if any(p.name.startswith(".tmp-") for p in versions.iterdir()):
            return True
        time.sleep(0.05)
    return False


def test_sigterm_during_a_build_removes_its_tmp_folder_and_keeps_the_live_version(
    tmp_path: Path,
) -> None:
    root = tmp_path / "index"
    build_index(ROOT / "seeds", root)
    before = current_version_dir(root)
    corpus = _big_corpus(tmp_path / "big.jsonl", 30_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "search.cli", "index", "build"]
    process = subprocess.Popen(
        [*command, "--corpus", str(corpus), "--index", str(root), "--silent"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert _wait_for_tmp(root / "versions", process), "the build ended before it was stopped"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 1
    assert stderr.strip().splitlines() == [stderr.strip()] and "SIGTERM" in stderr
    assert not [p.name for p in (root / "versions").iterdir() if p.name.startswith(".tmp-")]
    assert current_version_dir(root) == before
    assert whoosh_index.open_dir(str(before)).doc_count() == 5


def test_sigterm_is_only_a_request_until_the_next_safe_point() -> None:
    """The handler raises nothing (it may run inside a queue's lock); the next record does."""
    read: list[int] = []
    with sigterm_stops_build():
        items = stoppable(range(5))
        read.append(next(items))
        os.kill(os.getpid(), signal.SIGTERM)
        with pytest.raises(BuildStopped):
            read.extend(items)
    assert read == [0]
    assert list(stoppable(range(3))) == [0, 1, 2]  # the request ends with the block


def test_sigterm_during_an_update_publishes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "index"
    build_index(ROOT / "seeds", root, workers=1)
    before = current_version_dir(root)
    corpus = _big_corpus(tmp_path / "more.jsonl", 50)

    def stop_after_ten(pass_name: str, done: int, seen: list[int] = []) -> None:  # noqa: B006
        seen.append(done)
        if len(seen) == 10:
            os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(BuildStopped):
        update_index(corpus, root, workers=1, progress=stop_after_ten)
    assert current_version_dir(root) == before
    assert not [p.name for p in (root / "versions").iterdir() if p.name.startswith(".tmp-")]


def test_a_child_forked_during_a_build_gets_the_default_sigterm_back() -> None:
    """A worker stuck on a lock inherited at the fork must still die of terminate()."""
    with sigterm_stops_build():
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # the child reports its SIGTERM disposition
            os.write(
                write, b"default" if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL else b"ours"
            )
            os._exit(0)
        os.waitpid(child, 0)
        assert os.read(read, 16) == b"default"
        os.close(read)
        os.close(write)
        assert signal.getsignal(signal.SIGTERM) not in (
            signal.SIG_DFL,
            None,
        )  # the parent keeps ours
