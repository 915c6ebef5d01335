"""Taking every match away: ``/api/export``, ``bahth export`` and cursor pages of the API.

Titles here are hostile on purpose: quotes, commas, newlines and cells a
spreadsheet would run as formulas must come out as the same text, quoted, with
formulas neutralised.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.cli.main import main
from search.query.export import BOM, DEFAULT_FIELDS
from tests.engine_contract_kit import CORPUS

pytest_plugins = ["tests.web_conftest"]

HOSTILE_TITLES = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\tطاقة مخفية",
    "\rسطر",
    'عنوان فيه "اقتباس" وفاصلة, وسطر\nجديد',
    "عنوان عادي عن الطاقة",
]
HOSTILE = [
    {
        "id": f"h{i}",
        "title": title,
        "body": f"خبر عن الكهرباء رقم {i}.",
        "source": "=cmd" if i == 0 else "كونا",
        "published": f"2026-03-0{i + 1}",
    }
    for i, title in enumerate(HOSTILE_TITLES)
]


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory, web_kit: Any) -> Path:
    return web_kit.build_jsonl_index(tmp_path_factory.mktemp("hostile"), HOSTILE + CORPUS)


@pytest.fixture
def client(hostile_index: Path, web_kit: Any) -> FlaskClient:
    return web_kit.make_app(hostile_index).test_client()


def csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))


def test_a_csv_export_has_every_match_once_with_a_header(client: FlaskClient) -> None:
    total = client.get("/api/search?q=الكهرباء").get_json()["total"]
    answer = client.get("/api/export?q=الكهرباء&format=csv")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    assert "attachment" in answer.headers["Content-Disposition"]
    header, *rows = csv_rows(answer.data)
    assert header == list(DEFAULT_FIELDS)
    assert len(rows) == total == len(HOSTILE)
    assert len({r[0] for r in rows}) == len(rows)


def test_hostile_titles_survive_csv_quoting_and_formulas_are_neutralised(
    client: FlaskClient,
) -> None:
    answer = client.get("/api/export?q=الكهرباء&format=csv&fields=id,title,outlet&sort=date")
    _, *rows = csv_rows(answer.data)
    titles = {r[0]: r[1] for r in rows}
    for record in HOSTILE:
        title = record["title"]
        expected = "'" + title if title[0] in "=+-@\t\r" else title
        assert titles[record["id"]] == expected
    assert rows[0][2] == "'=cmd"  # the outlet is data too
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def test_a_jsonl_export_keeps_values_untouched_and_can_carry_the_text(
    client: FlaskClient,
) -> None:
    answer = client.get("/api/export?q=الكهرباء&format=jsonl&with_text=1&sort=date")
    assert answer.mimetype == "application/x-ndjson"
    lines = [json.loads(line) for line in answer.data.decode("utf-8").splitlines()]
    assert [line["title"] for line in lines] == HOSTILE_TITLES  # by date: oldest first
    assert all(line["text"].startswith("خبر عن الكهرباء") for line in lines)
    assert set(lines[0]) == {*DEFAULT_FIELDS, "text"}


def test_an_export_in_rank_order_is_by_its_own_score_column(client: FlaskClient) -> None:
    answer = client.get("/api/export?q=الكهرباء النفط روسيا&format=jsonl")
    lines = [json.loads(line) for line in answer.data.decode("utf-8").splitlines()]
    keys = [(-line["score"], line["id"]) for line in lines]
    assert keys == sorted(keys) and len(keys) > 5


@pytest.mark.parametrize(
    ("query", "field"),
    [("format=xls", "format"), ("fields=id,secret", "fields"), ("with_text=maybe", "with_text"),
     ("sort=sideways", "sort"), ("from=yesterday", "from")],
)  # fmt: skip
def test_bad_export_parameters_are_a_400_naming_the_field(
    client: FlaskClient, query: str, field: str
) -> None:
    answer = client.get(f"/api/export?q=الكهرباء&{query}")
    assert answer.status_code == 400
    assert field in answer.get_json()["error"]["fields"]


def test_cursor_pages_of_the_api_walk_every_match_once(client: FlaskClient) -> None:
    total = client.get("/api/search?q=روسيا").get_json()["total"]
    seen: list[str] = []
    cursor: str | None = "*"
    while cursor is not None:
        body = client.get("/api/search", query_string={"q": "روسيا", "per_page": 2,
                                                        "cursor": cursor}).get_json()  # fmt: skip
        assert body["total"] == total and body["facets"] == {}
        seen += [hit["id"] for hit in body["hits"]]
        cursor = body["next_cursor"]
    assert len(seen) == len(set(seen)) == total


def test_a_cursor_from_another_search_is_a_400(client: FlaskClient) -> None:
    first = client.get("/api/search?q=روسيا&per_page=2&cursor=*").get_json()
    other = client.get(f"/api/search?q=النفط&cursor={first['next_cursor']}")
    assert other.status_code == 400
    assert "cursor" in other.get_json()["error"]["fields"]
    assert client.get("/api/search?q=روسيا&cursor=*&page=2").status_code == 400


def test_bahth_export_writes_every_match_to_a_file(hostile_index: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    done = CliRunner().invoke(
        main, ["export", "", "--index", str(hostile_index), "--sort", "newest", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    _, *rows = csv_rows(out.read_bytes())
    assert len(rows) == len(HOSTILE) + len(CORPUS)
    assert f"exported {len(rows)} articles" in done.output
    dates = [r[3] for r in rows]
    assert dates == sorted(dates, reverse=True)


def test_bahth_export_refuses_an_unknown_column(hostile_index: Path) -> None:
    done = CliRunner().invoke(main, ["export", "x", "--index", str(hostile_index),
                                     "--fields", "id,nope"])  # fmt: skip
    assert done.exit_code == 1
    assert "fields" in done.output


