"""What a new user meets first: bad records skipped, copies recognised, names resolved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine.whoosh.reader import OpenVersion
from search.errors import CorpusError
from search.index.build import build_index, update_index
from search.ingest.corpus import CorpusReport, iter_raw_records
from search.request.params import SearchParams
from tests.conftest import SEEDS, search_json

BAD_LINES = {
    "not-a-date": '{"id": "a", "body": "نص", "published": "not-a-date"}',
    "five-digit year": '{"id": "b", "body": "نص", "published": "99999-01-01"}',
    "NaN": '{"id": "c", "body": "نص", "published": NaN}',
    "a number": '{"id": "d", "body": "نص", "published": 12345}',
    "deep nesting": "[" * 100_000 + "]" * 100_000,
    "an object id": '{"id": {"x": 1}, "body": "نص"}',
    "a list id": '{"id": [1], "body": "نص"}',
    "a boolean id": '{"id": true, "body": "نص"}',
}
GOOD_LINE = '{"id": "ok", "body": "نص عربي سليم عن العلاقات"}'


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_a_bad_record_stops_the_read_naming_file_and_line(tmp_path: Path, bad: str) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(GOOD_LINE + "\n" + bad + "\n", "utf-8")
    with pytest.raises(CorpusError) as error:
        list(iter_raw_records(corpus))
    assert str(error.value).startswith(f"{corpus}:2: ")


@pytest.mark.parametrize("bad", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_skip_invalid_skips_every_kind_of_bad_record_and_builds_the_rest(
    tmp_path: Path, bad: str
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(bad + "\n" + GOOD_LINE + "\n", "utf-8")
    report = build_index(corpus, tmp_path / "ix", skip_invalid=True, workers=2)
    assert report.documents == 1
    assert len(report.skipped) == 1 and report.skipped[0].startswith(f"{corpus}:1: ")


def test_a_bad_date_in_the_manifest_is_an_error_of_its_line(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text("عنوان\nنص عربي عن العلاقات الثنائية\n", "utf-8")
    (corpus / "manifest.jsonl").write_text('{"file": "a.txt", "published": "2026-13-40"}\n')
    report = CorpusReport()
    assert list(iter_raw_records(corpus, skip_invalid=True, report=report)) == []
    assert "published '2026-13-40'" in str(report.skipped[0])


def test_a_copy_of_the_corpus_without_its_manifest_is_unchanged(tmp_path: Path) -> None:
    index = tmp_path / "ix"
    build_index(SEEDS, index, workers=1)
    copy = tmp_path / "elsewhere" / "copy"
    shutil.copytree(SEEDS, copy)
    (copy / "manifest.jsonl").unlink()
    live = (index / "CURRENT").read_text()
    report = update_index(copy, index, workers=1)
    assert (report.unchanged, report.added, report.replaced, report.deleted) == (5, 0, 0, 0)
    # Nothing changed, so nothing is published: the live version keeps serving, alone.
    assert not report.published and report.version in live
    assert (index / "CURRENT").read_text() == live
    assert [p.name for p in (index / "versions").iterdir()] == [report.version]


@pytest.mark.parametrize("name", ["كونا", "KUNA", "kuna", "وكالة الأنباء الكويتية"])
def test_a_source_is_found_by_any_of_its_known_names(seed_index: OpenVersion, name: str) -> None:
    body = search_json(seed_index, SearchParams(q="علاقة", filters={"source": (name,)}))
    assert [hit["source"] for hit in body["hits"]] == ["وكالة الأنباء الكويتية (كونا)"]
    assert body["query"]["filters"]["source"] == ["وكالة الأنباء الكويتية (كونا)"]
    selected = [r["value"] for r in body["facets"]["source"]["results"] if r["selected"]]
    assert selected == ["وكالة الأنباء الكويتية (كونا)"]


@pytest.mark.parametrize("name", ["شي جين بينغ", "شي جين بينج", "Xi Jinping", "شي"])
def test_an_actor_is_found_by_any_of_its_known_names(seed_index: OpenVersion, name: str) -> None:
    by_name = search_json(seed_index, SearchParams(filters={"actors": (name,)}))
    canonical = search_json(seed_index, SearchParams(filters={"actors": ("شي جين بينغ",)}))
    assert by_name["total"] == canonical["total"] >= 4


def test_an_unknown_name_filters_to_nothing_rather_than_failing(seed_index: OpenVersion) -> None:
    assert search_json(seed_index, SearchParams(filters={"source": ("لا أحد",)}))["total"] == 0


def test_the_api_resolves_names_too(seed_index_dir: Path) -> None:
    from web import create_app

    client = create_app({"INDEX_DIR": seed_index_dir, "TESTING": True}).test_client()
    body = client.get("/api/search", query_string={"q": "علاقة", "source": "كونا"}).get_json()
    assert body["total"] == 1


def test_batch_mode_reads_a_thousand_deep(tmp_path: Path, seed_index_dir: Path) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("1\tعلاقة\n2\tروسيا\n", "utf-8")
    result = CliRunner().invoke(
        main,
        ["search", "--queries", str(queries), "--per-page", "1000", "--index", str(seed_index_dir)],
    )
    assert result.exit_code == 0, result.output
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("1 Q0")) == 5


def test_a_single_search_is_still_capped_at_a_hundred(seed_index_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["search", "علاقة", "--per-page", "101", "--index", str(seed_index_dir)]
    )
    assert result.exit_code == 2 and "at most 100" in result.output


def test_batch_json_prints_one_response_body_per_query(
    tmp_path: Path, seed_index_dir: Path
) -> None:
    queries = tmp_path / "q.tsv"
    queries.write_text("a\tعلاقة\nb\tلافروف\n", "utf-8")
    result = CliRunner().invoke(
        main, ["search", "--queries", str(queries), "--json", "--index", str(seed_index_dir)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(b["qid"], b["query"]["q"]) for b in lines] == [("a", "علاقة"), ("b", "لافروف")]
    assert lines[0]["total"] == 5 and "facets" in lines[0]


def test_stats_come_from_the_version_metadata(seed_index_dir: Path) -> None:
    from search.store.layout import current_version_dir, read_meta

    counts = read_meta(current_version_dir(seed_index_dir))["counts"]
    result = CliRunner().invoke(main, ["index", "stats", "--json", "--index", str(seed_index_dir)])
    stats = json.loads(result.output)
    assert stats["terms_exact"] == counts["terms_exact"] > 0
    assert stats["documents"] == 5 and stats["sources"] == 5
