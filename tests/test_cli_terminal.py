"""The CLI in a real terminal: a pseudo-terminal on stderr gets a progress bar, a pipe does not."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS

BAHTH = str(Path(sys.executable).with_name("bahth"))


def run_in_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run ``bahth`` with stdout and stderr on a pseudo-terminal; its exit code and output."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [BAHTH, *args], stdin=follower, stdout=follower, stderr=follower, cwd=cwd
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


def test_a_build_in_a_terminal_draws_a_bar_per_pass_and_one_rate(tmp_path: Path) -> None:
    code, output = run_in_terminal(
        "index", "build", "--corpus", str(SEEDS), "--index", "ix", cwd=tmp_path
    )
    assert code == 0, output
    assert "Traceback" not in output
    assert "extracting" in output and "indexing" in output and "5/5" in output
    assert output.count("docs/s") == 1  # the summary's rate, the only one printed
    assert "built version" in output


def test_an_update_in_a_terminal_draws_a_bar_too(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    assert (
        run_in_terminal("index", "build", "--corpus", str(corpus), "--index", "ix", cwd=tmp_path)[0]
        == 0
    )
    (corpus / "new.txt").write_text("عنوان جديد\nمقال جديد عن العلاقات الصينية الروسية.\n")
    code, output = run_in_terminal(
        "index", "update", "--corpus", str(corpus), "--index", "ix", cwd=tmp_path
    )
    assert code == 0, output
    assert "updating" in output and "6/6" in output and "+1 added" in output


def test_an_empty_folder_in_a_terminal_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = run_in_terminal(
        "index", "build", "--corpus", "empty", "--index", "ix", cwd=tmp_path
    )
    assert code == 1
    assert "no articles found" in output and "Traceback" not in output


def test_silent_draws_nothing_even_in_a_terminal(tmp_path: Path) -> None:
    code, output = run_in_terminal(
        "index", "build", "--corpus", str(SEEDS), "--index", "ix", "--silent", cwd=tmp_path
    )
    assert code == 0
    assert output.strip() == ""


def test_output_to_a_pipe_gets_the_summary_without_a_bar(tmp_path: Path) -> None:
    result = subprocess.run(
        [BAHTH, "index", "build", "--corpus", str(SEEDS), "--index", "ix"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "indexing" not in result.stderr and "built version" in result.stderr
