"""Corpus ingest: formats, field mapping, manifests, and every bad-input path."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from search.errors import CorpusError
from search.ingest.articles import parse_published, prepare_article
from search.ingest.corpus import CorpusReport, iter_raw_records, parse_field_map
from tests.conftest import SEEDS, write_jsonl


def read_all(path: Path, **kwargs) -> list:
    return [prepare_article(r) for r in iter_raw_records(path, **kwargs)]


def good(i: int, **extra) -> dict:
    return {"id": f"a{i}", "title": f"عنوان {i}", "body": f"نص الخبر رقم {i}", **extra}


def test_seed_folder_reads_five_articles_in_file_order() -> None:
    articles = read_all(SEEDS)
    assert [a.id for a in articles] == sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert all(a.text for a in articles)


def test_text_file_title_is_first_non_empty_line_without_a_better_headline(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("\n\n  خبر عاجل عن الاقتصاد  \nالنص هنا.\n", "utf-8")
    [article] = read_all(tmp_path)
    assert article.title == "خبر عاجل عن الاقتصاد"


def test_manifest_overrides_what_is_read(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("سطر أول\nنص الخبر", "utf-8")
    manifest = {
        "file": "x.txt",
        "id": "kuna-1",
        "title": "عنوان من البيان",
        "source": "كونا",
        "published": "2026-02-04",
        "url": "https://example.org/1",
    }
    write_jsonl(tmp_path / "manifest.jsonl", [manifest])
    [article] = read_all(tmp_path)
    assert (article.id, article.title, article.url) == (
        "kuna-1",
        "عنوان من البيان",
        "https://example.org/1",
    )
    assert article.source.value == "كونا" and article.source.origin == "manifest"
    assert article.published.date.isoformat() == "2026-02-04"


def test_jsonl_field_mapping_reads_foreign_keys(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "ant.jsonl",
        [
            {
                "doc_id": "SKY-1",
                "text": "نص",
                "title": "عنوان",
                "time_iso": "2018-02-18T21:35:43+04:00",
                "source": "skynews",
            },
        ],
    )
    mapping = parse_field_map(["id=doc_id", "body=text", "published=time_iso"])
    [article] = read_all(path, field_map=mapping)
    assert article.id == "SKY-1"
    assert article.published.date.isoformat() == "2018-02-18"
    assert article.source.value == "skynews" and article.source.origin == "record"


def test_gzipped_jsonl_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(good(1), ensure_ascii=False) + "\n")
    assert [a.id for a in read_all(path)] == ["a1"]


def test_folders_are_read_recursively_in_a_stable_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    write_jsonl(tmp_path / "b" / "x.jsonl", [good(2)])
    write_jsonl(tmp_path / "a" / "y.jsonl", [good(1)])
    (tmp_path / "notes.md").write_text("not an article", "utf-8")
    report = CorpusReport()
    assert [a.id for a in read_all(tmp_path, report=report)] == ["a1", "a2"]
    assert report.ignored_files == [str(tmp_path / "notes.md")]


def test_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [json.dumps(good(i), ensure_ascii=False) for i in range(1, 7)] + ["{broken"]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(CorpusError) as caught:
        read_all(path)
    assert str(caught.value).startswith(f"{path}:7: malformed JSON")


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"body": "نص"}, "no id"),
        ({"id": "x"}, "no body"),
        ({"id": "x", "body": "   "}, "no body"),
        ([1, 2], "one JSON object"),
    ],
)
def test_records_without_id_or_body_are_rejected(tmp_path: Path, record, reason: str) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps(good(1)) + "\n" + json.dumps(record) + "\n", "utf-8")
    with pytest.raises(CorpusError, match=f":2: .*{reason}"):
        read_all(path)


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "c.jsonl", [good(1), good(2), good(1)])
    with pytest.raises(CorpusError, match=r"c.jsonl:3: duplicate id 'a1' \(first at .*c.jsonl:1\)"):
        read_all(path)


def test_non_utf8_text_file_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes("سطر\nسطر ثان\n".encode() + "عربي".encode("cp1256"))
    with pytest.raises(CorpusError, match=r"bad.txt:3: not UTF-8"):
        read_all(tmp_path)


def test_skip_invalid_skips_and_reports_every_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    rows = [
        json.dumps(good(1)),
        "{oops",
        json.dumps({"id": "x"}),
        json.dumps(good(2)),
        json.dumps(good(1)),
    ]
    path.write_text("\n".join(rows) + "\n", "utf-8")
    report = CorpusReport()
    articles = read_all(path, skip_invalid=True, report=report)
    assert [a.id for a in articles] == ["a1", "a2"]
    assert [e.line for e in report.skipped] == [2, 3, 5]


def test_utf8_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes("\ufeffعنوان\r\nنص الخبر\r\n".encode())
    [article] = read_all(tmp_path)
    assert article.title == "عنوان"


@pytest.mark.parametrize(
    "value", ["2018-02-18", "2018-02-18T21:35:43+04:00", "2018-02-18T21:35:43Z", "2018-02-18 21:35"]
)
def test_published_accepts_iso_dates_and_datetimes(value: str) -> None:
    assert parse_published(value, "f", 1).isoformat() == "2018-02-18"


@pytest.mark.parametrize("value", ["18/02/2018", "yesterday", 2018, ""])
def test_published_rejects_anything_but_iso(value) -> None:
    with pytest.raises(CorpusError, match="f:4: published"):
        parse_published(value, "f", 4)


@pytest.mark.parametrize("pair", ["id", "=x", "colour=hue"])
def test_field_map_rejects_malformed_or_unknown_targets(pair: str) -> None:
    with pytest.raises(ValueError, match="--field"):
        parse_field_map([pair])


def test_content_hash_changes_with_content_only(tmp_path: Path) -> None:
    first = read_all(write_jsonl(tmp_path / "a.jsonl", [good(1)]))[0]
    same = read_all(write_jsonl(tmp_path / "b.jsonl", [good(1)]))[0]
    changed = read_all(write_jsonl(tmp_path / "c.jsonl", [good(1, body="نص آخر")]))[0]
    assert first.content_hash == same.content_hash != changed.content_hash


def test_missing_corpus_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or folder"):
        read_all(tmp_path / "nowhere")
