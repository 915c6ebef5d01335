"""Every command in the README's "Using it" block runs, on a copy of the seeds, and finds something.

The commands are read from README.md itself, so an example that stops
working (or a new one that never did) fails here.
"""

from __future__ import annotations

import json
import os
import re
import shlex
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
    """A folder laid out like a fresh checkout: the seeds, with the shipped questions file."""
    folder = tmp_path_factory.mktemp("readme")
    shutil.copytree(SEEDS, folder / "seeds")
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


def test_the_shipped_questions_file_is_qid_tab_query() -> None:
    lines = (SEEDS / "questions.tsv").read_text("utf-8").splitlines()
    assert lines and all(re.fullmatch(r"q\d+\t\S.*", line) for line in lines)


def test_every_readme_example_runs_in_order_and_does_what_it_says(workdir: Path) -> None:
    """The block's commands, in order, on a fresh index: each one's own claim is checked."""
    articles = len((workdir / "seeds" / "manifest.jsonl").read_text("utf-8").splitlines())
    qids = [
        line.split("\t")[0]
        for line in (SEEDS / "questions.tsv").read_text("utf-8").split("\n")
        if line
    ]
    for command in readme_examples():
        result = run(command, workdir)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr, command
        check = next((c for prefix, c in CHECKS if command.startswith(prefix)), None)
        assert check is not None, f"{command}: no check says what it does"
        check(command, result, workdir, articles, qids)


Result = subprocess.CompletedProcess[str]


def built(command: str, result: Result, workdir: Path, articles: int, _: list[str]) -> None:
    assert f": {articles} documents in" in result.stderr, result.stderr
    assert (workdir / "indexes" / "default" / "CURRENT").exists()


def updated(command: str, result: Result, workdir: Path, articles: int, _: list[str]) -> None:
    # The seeds did not change: every article is recognised as unchanged, nothing is published.
    assert "nothing changed: version " in result.stderr, result.stderr
    assert f"{articles} documents ({articles} unchanged)" in result.stderr


def stats(command: str, result: Result, workdir: Path, articles: int, _: list[str]) -> None:
    assert re.search(rf"^\s*documents: {articles}$", result.stdout, re.M), result.stdout


def searched(command: str, result: Result, workdir: Path, articles: int, qids: list[str]) -> None:
    if "--queries" in command:
        return batch(command, result, workdir, qids)
    if "--json" in command:
        body = json.loads(result.stdout)
        assert body["total"] > 0
        source = re.search(r'--source "([^"]+)"', command)
        after = re.search(r"--from (\S+)", command)
        chosen = body["query"]["filters"]["source"]  # the name typed, resolved to its source
        assert source is None or (len(chosen) == 1 and source.group(1) in chosen[0])
        for hit in body["hits"]:
            assert source is None or hit["source"] in chosen
            assert after is None or (hit["published"] or "") >= after.group(1)
        return
    first, hits = result.stdout.split("\n", 1)
    total = int(first.split(" ", 1)[0])
    assert total > 0 and "[" in hits, f"{command}: no results or no marks"
    assert hits.count("\n1. ") + hits.startswith("1. ") == 1
    for word in re.findall(r"\s-(\w+)", command):
        assert word not in hits, f"{command}: shows the excluded {word}"
    query = shlex.split(command)[2]
    for phrase in re.findall(r'"([^"]+)"', query):
        if " " in phrase:  # a phrase is one mark where it occurs
            assert f"[{phrase}]" in hits, f"{command}: the phrase is not marked whole"


def batch(command: str, result: Result, workdir: Path, qids: list[str]) -> None:
    assert f"wrote {len(qids)} queries" in result.stderr
    lines = (workdir / command.rsplit(">", 1)[1].strip()).read_text("utf-8").splitlines()
    if "--json" in command:
        bodies = [json.loads(line) for line in lines]
        assert [b["qid"] for b in bodies] == qids and all(b["total"] > 0 for b in bodies)
    else:  # TREC: qid Q0 docid rank score run, every query answered
        rows = [line.split() for line in lines]
        assert all(len(r) == 6 and r[1] == "Q0" for r in rows)
        assert list(dict.fromkeys(r[0] for r in rows)) == qids


def exported(command: str, result: Result, workdir: Path, articles: int, _: list[str]) -> None:
    count = int(re.search(r"exported (\d+) articles", result.stderr).group(1))  # type: ignore[union-attr]
    rows = (workdir / shlex.split(command)[-1]).read_text("utf-8-sig").splitlines()
    assert 0 < count <= articles and rows[0].startswith("id,title,outlet")


def watched(command: str, result: Result, workdir: Path, articles: int, _: list[str]) -> None:
    new = int(re.search(r"(\d+) new", result.stderr).group(1))  # type: ignore[union-attr]
    assert new > 0 and len(result.stdout.splitlines()) == new
    assert (workdir / "watch.json").exists()


CHECKS = [
    ("bahth index build", built),
    ("bahth index update", updated),
    ("bahth index stats", stats),
    ("bahth search", searched),
    ("bahth export", exported),
    ("bahth watch", watched),
]
