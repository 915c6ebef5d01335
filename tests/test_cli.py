"""The bahth command through click's CliRunner: build, update, stats, search, batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from tests.conftest import SEEDS, write_jsonl


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def records(n: int, prefix: str = "d") -> list[dict]:
    return [
        {
            "id": f"{prefix}{i}",
            "title": f"خبر {i}",
            "body": f"نص عن الاقتصاد رقم {i}",
            "source": "كونا" if i % 2 else "سبوتنيك",
        }
        for i in range(1, n + 1)
    ]


def test_build_then_search_json_returns_every_seed(runner: CliRunner, tmp_path: Path) -> None:
    index = tmp_path / "ix"
    built = runner.invoke(
        main, ["index", "build", "--corpus", str(SEEDS), "--index", str(index), "--silent"]
    )
    assert built.exit_code == 0, built.output
    result = runner.invoke(main, ["search", "علاقة", "--index", str(index), "--json"])
    assert result.exit_code == 0
    body = json.loads(result.output)
    assert body["total"] == 5
    assert all("<mark>" in hit["snippet"] for hit in body["hits"])
    assert set(body) == {
        "query", "total", "took_ms", "hits", "facets", "suggestion", "partial", "stories"
    }  # fmt: skip
    assert body["partial"] is False


def test_readable_search_output_lists_hits(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(main, ["search", "بوتين", "--index", str(seed_index_dir)])
    assert result.exit_code == 0
    assert "results for «بوتين»" in result.output and "[بوتين]" in result.output


def test_broken_line_fails_with_file_and_line_and_keeps_previous_index(
    runner: CliRunner, tmp_path: Path
) -> None:
    index = tmp_path / "ix"
    good = write_jsonl(tmp_path / "good.jsonl", records(3))
    assert (
        runner.invoke(
            main, ["index", "build", "--corpus", str(good), "--index", str(index), "--silent"]
        ).exit_code
        == 0
    )
    bad = tmp_path / "bad.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in records(6, "b")] + ['{"id": "b7", ']
    bad.write_text("\n".join(lines) + "\n", "utf-8")
    failed = runner.invoke(main, ["index", "build", "--corpus", str(bad), "--index", str(index)])
    assert failed.exit_code == 1
    assert f"{bad}:7: malformed JSON" in failed.output
    assert "Traceback" not in failed.output
    after = runner.invoke(main, ["search", "الاقتصاد", "--index", str(index), "--json"])
    assert json.loads(after.output)["total"] == 3
    assert not [p for p in (index / "versions").iterdir() if p.name.startswith(".tmp-")]


def test_skip_invalid_builds_and_reports_skipped_lines(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(records(1)[0]) + "\n{nope\n", "utf-8")
    result = runner.invoke(
        main,
        ["index", "build", "--corpus", str(bad), "--index", str(tmp_path / "ix"), "--skip-invalid"],
    )
    assert result.exit_code == 0
    assert f"skipped {bad}:2: malformed JSON" in result.output
    assert "1 skipped" in result.output


def test_update_adds_replaces_and_deletes_by_content_hash(
    runner: CliRunner, tmp_path: Path
) -> None:
    index = tmp_path / "ix"
    corpus = write_jsonl(tmp_path / "c.jsonl", records(4))
    runner.invoke(
        main, ["index", "build", "--corpus", str(corpus), "--index", str(index), "--silent"]
    )
    changed = records(4)[1:]  # d1 deleted
    changed[0]["body"] = "نص جديد عن الزراعة"  # d2 replaced
    changed.append({"id": "d9", "body": "خبر إضافي عن الاقتصاد"})  # d9 added
    write_jsonl(corpus, changed)
    result = runner.invoke(
        main, ["index", "update", "--corpus", str(corpus), "--index", str(index)]
    )
    assert result.exit_code == 0, result.output
    assert "+1 added, 1 replaced, 1 deleted, 2 unchanged" in result.output
    found = json.loads(
        runner.invoke(main, ["search", "الزراعة", "--index", str(index), "--json"]).output
    )
    assert [h["id"] for h in found["hits"]] == ["d2"]
    everything = json.loads(
        runner.invoke(main, ["search", "--index", str(index), "--json", "--per-page", "50"]).output
    )
    assert sorted(h["id"] for h in everything["hits"]) == ["d2", "d3", "d4", "d9"]


def test_stats_reports_documents_and_facets(runner: CliRunner, seed_index_dir: Path) -> None:
    result = runner.invoke(main, ["index", "stats", "--index", str(seed_index_dir), "--json"])
    stats = json.loads(result.output)
    assert stats["documents"] == 5 and stats["terms_exact"] > 100 and stats["size_mb"] > 0


def test_batch_mode_writes_a_trec_run_for_a_thousand_queries(
    runner: CliRunner, seed_index_dir: Path, tmp_path: Path
) -> None:
    words = ["علاقة", "بوتين", "الصين", "روسيا", "التعاون", "شنغهاي", "الطاقة", "قمة"]
    queries = tmp_path / "q.tsv"
    queries.write_text(
        "".join(
            f"q{i}\t{words[i % len(words)]} {words[(i * 3) % len(words)]}\n" for i in range(1000)
        ),
        "utf-8",
    )
    run = tmp_path / "run.txt"
    result = runner.invoke(
        main,
        [
            "search",
            "--index",
            str(seed_index_dir),
            "--queries",
            str(queries),
            "--format",
            "trec",
            "--output",
            str(run),
        ],
    )
    assert result.exit_code == 0, result.output
    lines = run.read_text("utf-8").splitlines()
    qids = {line.split()[0] for line in lines}
    assert len(qids) > 900
    for line in lines:
        qid, q0, docid, rank, score, name = line.split()
        assert q0 == "Q0" and int(rank) >= 1 and float(score) >= 0 and name == "bahth"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["search", "x", "--index", "{missing}"], 1, "no index at"),
        (["search", "x", "--from", "2026-13-40", "--index", "{seeds}"], 1, "from: must be a date"),
        (["search", "x", "--per-page", "0"], 2, "Invalid value"),
        (["search", "x", "--sort", "random"], 2, "Invalid value"),
        (["index", "build", "--field", "colour=x", "--index", "{tmp}"], 2, "--field"),
        (
            ["index", "build", "--corpus", "{missing}", "--index", "{tmp}"],
            1,
            "no such file or folder",
        ),
        (["nonsense"], 2, "No such command"),
    ],
)
def test_errors_exit_with_one_line_and_the_right_code(
    runner: CliRunner,
    tmp_path: Path,
    seed_index_dir: Path,
    args: list[str],
    code: int,
    message: str,
) -> None:
    paths = {
        "{missing}": str(tmp_path / "missing"),
        "{seeds}": str(seed_index_dir),
        "{tmp}": str(tmp_path / "ix"),
    }
    result = runner.invoke(main, [paths.get(a, a) for a in args])
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_second_writer_stops_at_once_with_a_clear_message(tmp_path: Path) -> None:
    from search.errors import IndexLockedError
    from search.index.build import build_index, writer_lock

    with writer_lock(tmp_path / "ix"), pytest.raises(IndexLockedError, match="being written"):
        build_index(SEEDS, tmp_path / "ix", workers=1)


def test_search_json_prints_exactly_the_api_body(runner: CliRunner, seed_index_dir: Path) -> None:
    from web import create_app

    args = ["search", "علاقة", "--source", "كونا", "--from", "2026-01-01", "--json"]
    printed = json.loads(runner.invoke(main, [*args, "--index", str(seed_index_dir)]).output)
    client = create_app({"INDEX_DIR": seed_index_dir, "TESTING": True}).test_client()
    query = {"q": "علاقة", "source": "كونا", "from": "2026-01-01"}
    served = client.get("/api/search", query_string=query).get_json()
    printed["took_ms"] = served["took_ms"] = 0
    assert printed == served
    assert printed["total"] == 1
    assert printed["facets"]["source"]["results"][0]["toggle_url"].startswith("/api/search?")
