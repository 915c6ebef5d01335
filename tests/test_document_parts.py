"""A long article is served in bounded parts, and marking it stays within the time budget.

One document response carries at most ``MAX_DOCUMENT_CHARS`` of the text as
published and of the cleaned body; ``part`` pages through the rest (issue 12,
point 2). Marking the query's words stops at the search budget with
``partial: true`` instead of running as long as the article.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.config import MAX_DOCUMENT_CHARS
from search.engine.whoosh.engine import WhooshEngine
from search.index.build import build_index
from search.query.documents import get_document
from search.text.windows import split_windows
from tests.conftest import write_jsonl
from web import create_app

SENTENCE = "أعلن الرئيس عن اتفاق جديد للتعاون بين البلدين في مجال الطاقة والتجارة.\n"
LONG_TEXT = SENTENCE * (2 * MAX_DOCUMENT_CHARS // len(SENTENCE) + 40)


@pytest.fixture(scope="module")
def long_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    records = [
        {"id": "long", "title": "مقال طويل", "body": LONG_TEXT},
        {"id": "short", "title": "قصير", "body": "الرئيس يلتقي الوزير."},
    ]
    build_index(write_jsonl(folder / "c.jsonl", records), folder / "ix", workers=1)
    return folder / "ix"


@pytest.fixture(scope="module")
def client(long_index: Path) -> FlaskClient:
    return create_app({"INDEX_DIR": long_index, "TESTING": True}).test_client()


def test_windows_cover_the_text_at_word_boundaries_and_stay_within_the_size() -> None:
    windows = split_windows(LONG_TEXT, 1000)
    assert windows[0][0] == 0 and windows[-1][1] == len(LONG_TEXT)
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:], strict=False))
    assert all(0 < end - start <= 1000 for start, end in windows)
    assert all(LONG_TEXT[end - 1].isspace() for _, end in windows[:-1])
    assert split_windows("", 10) == [(0, 0)]


def test_a_long_article_comes_in_parts_that_join_into_the_whole_text(
    client: FlaskClient, long_index: Path
) -> None:
    first = client.get("/api/documents/long").get_json()
    assert first["truncated"] is True and first["part"] == 1 and first["next_part"] == 2
    assert first["parts"] == 3 and first["text_length"] == len(LONG_TEXT)
    texts, bodies = [], []
    for part in range(1, first["parts"] + 1):
        body = client.get(f"/api/documents/long?part={part}").get_json()
        assert len(body["text"]) <= MAX_DOCUMENT_CHARS and len(body["body"]) <= MAX_DOCUMENT_CHARS
        assert body["text_offset"] == sum(map(len, texts))
        texts.append(body["text"])
        bodies.append(body["body"])
    assert "".join(texts) == LONG_TEXT
    stored = WhooshEngine(long_index).document("long")
    assert stored is not None and "".join(bodies) == stored.body
    assert body["next_part"] is None


def test_a_short_article_is_one_whole_part(client: FlaskClient) -> None:
    body = client.get("/api/documents/short").get_json()
    assert (body["part"], body["parts"], body["truncated"], body["next_part"]) == (
        1,
        1,
        False,
        None,
    )
    assert body["text"] == "الرئيس يلتقي الوزير."


@pytest.mark.parametrize("part", ["4", "0", "x"])
def test_a_part_that_does_not_exist_is_a_400_naming_the_field(
    client: FlaskClient, part: str
) -> None:
    response = client.get(f"/api/documents/long?part={part}")
    assert response.status_code == 400
    assert "part" in response.get_json()["error"]["fields"]
    assert client.get(f"/doc/long?part={part}").status_code == 400


def test_marks_in_a_later_part_point_at_the_word_in_that_part(long_index: Path) -> None:
    document = get_document(WhooshEngine(long_index), "long", "الرئيس", part=2)
    assert document is not None and document.marks and not document.partial
    assert {document.text[s:e] for s, e in document.marks} == {"الرئيس"}
    whole = LONG_TEXT[document.text_offset : document.text_offset + len(document.text)]
    assert whole == document.text


def test_marking_stops_at_the_time_budget_and_says_so(long_index: Path) -> None:
    engine = WhooshEngine(long_index)
    unhurried = get_document(engine, "long", "الرئيس")
    hurried = get_document(engine, "long", "الرئيس", time_limit_ms=0)
    assert unhurried is not None and hurried is not None
    assert hurried.partial and not unhurried.partial
    assert len(hurried.marks) < len(unhurried.marks)


def test_the_article_page_links_its_parts(client: FlaskClient) -> None:
    page = client.get("/doc/long?q=الرئيس&part=2").get_data(as_text=True)
    assert 'rel="prev"' in page and 'rel="next"' in page
    assert "هذا الجزء 2 من 3" in page
    last = client.get("/doc/long?part=3").get_data(as_text=True)
    assert 'rel="next"' not in last


def test_what_cleaning_removed_is_folded_away_in_every_part(client: FlaskClient) -> None:
    """Removed spans are offsets into the whole text: each part shows its own share."""
    readings = []
    for part in (1, 2):
        page = client.get(f"/doc/long?part={part}").get_data(as_text=True)
        cleaned = re.search(r'<div class="article-text" dir="auto">(.*?)</div>', page, re.S)
        assert cleaned is not None and "<del" in page
        readings.append(cleaned.group(1).strip())
    assert readings == [SENTENCE.strip(), ""]  # the repeats are folded away, part 2 is all repeats
