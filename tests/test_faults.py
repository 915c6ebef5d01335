"""Faults while writing an index: kill -9, two writers, a full disk. Nothing is lost.

The scenarios live in ``bench/faults.py`` (which runs them 20 times each);
here they run a few times on a small synthetic corpus, against the real
``bahth`` command in subprocesses.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
REPEATS = 3
DOCS = 600


def _load(name: str):
    """Import a bench module from its file: ``bench/`` is scripts, not a package."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


faults = _load("faults")


@pytest.mark.parametrize("command", ["build", "update"])
def test_kill_9_at_random_moments_loses_nothing(tmp_path: Path, command: str) -> None:
    summary = faults.kill_runs(tmp_path, REPEATS, seed=11, docs=DOCS, commands=(command,))
    assert len(summary.kills) == REPEATS
    assert summary.failures() == []
    for kill in summary.kills:
        assert kill.outcome in {"old", "new"}
        assert kill.workers_gone_s is not None  # every worker exited after its parent
        assert kill.tmp_after_next_build == []


def test_second_writer_stops_at_once_naming_the_lock(tmp_path: Path) -> None:
    result = faults.second_writer(tmp_path, DOCS)
    # Behaviour, not wall-clock time: the second writer fails while the first holds the lock.
    assert result["second_exit"] == 1
    message = result["second_stderr"]
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "being written" in message and str(tmp_path / "index" / ".lock") in message
    assert result["first_exit"] == 0, result["first_stderr"]
    assert result["index_after"] == result["expected_after"]
    assert result["tmp_after"] == []


def test_full_disk_is_one_line_and_keeps_the_index(tmp_path: Path) -> None:
    result = faults.full_disk(tmp_path, DOCS)
    for command in ["build", "update"]:
        outcome = result[command]
        assert outcome["exit"] == 1, outcome
        assert len(outcome["stderr"].splitlines()) == 1, outcome
        assert "Traceback" not in outcome["stderr"]
        assert "File too large" in outcome["stderr"]
        assert outcome["intact"] and outcome["tmp"] == []
    assert result["next_build_intact"] and result["next_build_tmp"] == []
