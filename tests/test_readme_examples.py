"""Every command in the README's "Using it" block runs, on a copy of the seeds, and finds something.

The commands are read from README.md itself, so an example that stops
working (or a new one that never did) fails here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

BIN = Path(sys.executable).parent


def readme_examples() -> list[str]:
    """The commands of the fenced block under '## Using it', comments removed."""
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split("## Using it", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "README.md has no bash block under 'Using it'"
    commands = [re.sub(r"\s+#[^'\"]*$", "", line).strip() for line in block.group(1).splitlines()]
    return [c for c in commands if c]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder laid out like a checkout: the seeds, and a questions file for batch mode."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "questions.tsv").write_text(
        "q1\tمتى زار شي جين بينغ موسكو؟\nq2\tالعلاقات الصينية الروسية\n", "utf-8"
    )
    return folder


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_readme_has_examples_of_building_searching_and_updating() -> None:
    commands = readme_examples()
    assert commands[0].startswith("bahth index build")
    assert any(c.startswith("bahth index update") for c in commands)
    assert sum(c.startswith("bahth search") for c in commands) >= 4


@pytest.mark.parametrize("command", readme_examples())
def test_each_readme_example_works_and_finds_something(workdir: Path, command: str) -> None:
    if not (workdir / "indexes" / "default" / "CURRENT").exists():
        assert run(readme_examples()[0], workdir).returncode == 0
    result = run(command, workdir)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if "--queries" in command:
        output = (workdir / command.rsplit(">", 1)[1].strip()).read_text("utf-8")
        assert output.strip(), f"{command}: wrote nothing"
        if "--json" in command:
            assert all(json.loads(line)["total"] > 0 for line in output.splitlines())
    elif "--json" in command:
        assert json.loads(result.stdout)["total"] > 0
    elif command.startswith("bahth search"):
        total = int(result.stdout.split(" ", 1)[0])
        assert total > 0, f"{command}: no results"
        hits = result.stdout.split("\n", 1)[1]  # below the echo of the query
        for word in re.findall(r"\s-(\w+)", command):
            assert word not in hits, f"{command}: shows the excluded {word}"
