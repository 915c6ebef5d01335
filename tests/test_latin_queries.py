"""Names typed in Latin letters find the articles that write them in Arabic, on every
engine, and the echo says what was searched with a way back to the word as typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from search.engine.base import Engine
from search.query.latin import as_written
from search.query.response import SearchResponse
from search.query.run import run_search
from search.request.changes import TRANSLITERATED
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES

pytest_plugins = ["tests.web_conftest"]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
#: One more article that prints a Latin name as written (and no Arabic spelling of it).
PRINTED = {"id": "latin-printed", "body": "نشرت صحيفة Kommersant تقريرا عن الاقتصاد الروسي."}
#: Names Arabic writes with the article or as two words.
PARTICLES = {
    "id": "latin-particles",
    "body": "التقى الرئيس بشار الأسد في دمشق الأمين العام لحزب الله حسن نصر الله.",
}


def seed_records() -> list[dict[str, Any]]:
    manifest = [json.loads(line) for line in (SEEDS / "manifest.jsonl").read_text().splitlines()]
    records = [
        {"id": m["id"], "body": (SEEDS / m["file"]).read_text(encoding="utf-8")} for m in manifest
    ]
    return [*records, PRINTED, PARTICLES]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"latin-{request.param}")
    return ENGINES[request.param](folder, seed_records(), False)


def search(engine: Engine, q: str) -> SearchResponse:
    return run_search(engine, SearchParams(q=q, per_page=50))


def ids(response: SearchResponse) -> set[str]:
    return {hit.id for hit in response.hits}


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Putin", "بوتين"), ("Lavrov", "لافروف"), ("Xi Jinping", '"شي جين بينغ"')],
)
def test_a_name_in_latin_letters_finds_the_articles_that_write_it_in_arabic(
    engine: Engine, latin: str, arabic: str
) -> None:
    written = ids(search(engine, arabic))
    assert written
    assert written <= ids(search(engine, latin))


def test_the_echo_says_which_arabic_spellings_were_searched(engine: Engine) -> None:
    echo = search(engine, "Lavrov").query
    change = next(c for c in echo.changes if c.kind == TRANSLITERATED)
    assert (change.typed, change.searched.split("، ")[0]) == ("Lavrov", "لافروف")
    assert "Lavrov" not in echo.unmatched


def test_a_quoted_latin_word_is_searched_alone_as_written(engine: Engine) -> None:
    alone = search(engine, as_written("Lavrov", "Lavrov"))
    assert alone.total == 0
    assert not [c for c in alone.query.changes if c.kind == TRANSLITERATED]


def test_latin_text_the_corpus_prints_still_matches_as_written(engine: Engine) -> None:
    assert "latin-printed" in ids(search(engine, "Kommersant"))


def test_a_query_without_latin_letters_is_searched_as_typed(engine: Engine) -> None:
    echo = search(engine, "بوتين").query
    assert not [c for c in echo.changes if c.kind == TRANSLITERATED]
    assert echo.normalized == "بوتين"


def test_the_undo_link_quotes_only_the_latin_words() -> None:
    assert as_written("Xi Jinping الصين", "Xi Jinping") == '"Xi Jinping" الصين'
    assert as_written("Putin Lavrov", "Lavrov") == 'Putin "Lavrov"'


def test_the_page_shows_the_transliteration_and_links_to_the_word_alone(
    web_seed_client: FlaskClient,
) -> None:
    html = web_seed_client.get("/?q=Lavrov").get_data(as_text=True)
    assert 'class="changed transliterated"' in html
    assert "لافروف" in html
    assert "q=%22Lavrov%22" in html


def test_the_api_echoes_the_transliteration(web_seed_client: FlaskClient) -> None:
    body = web_seed_client.get("/api/search?q=Lavrov").get_json()
    assert {"kind": TRANSLITERATED, "typed": "Lavrov", "searched": "لافروف"} in body["query"][
        "changes"
    ]


@pytest.mark.parametrize("latin", ["al-Assad", "al Assad", "Bashar al-Assad", "Nasrallah"])
def test_name_particles_and_allah_compounds_find_the_arabic_spelling(
    engine: Engine, latin: str
) -> None:
    assert "latin-particles" in ids(search(engine, latin))
