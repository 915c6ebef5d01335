"""Hostile values answer alike on both engines: a value is only ever a value.

Solr expands ``${name}`` / ``${name:default}`` from a request's other
parameters unless told not to, and reads ``(``, ``:``, ``*``, ``{!…}`` as syntax
unless escaped: ``place=${zz:واشنطن}`` counted Washington's articles on Solr
and none on Whoosh. Each value the attacks used goes in as a source, an actor,
a place, a date, a document id and a query, through the API of an app on each
engine (``tests/engine_contract_kit.py``), and the answer is the one the value
itself earns: no article, or the one article whose value it really is.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

from search.engine.base import Engine
from search.engine.solr.syntax import escaped
from tests.engine_contract_kit import CORPUS, ENGINES
from web import create_app

HOSTILE = [
    "${zz:واشنطن}",
    "${zz:alarabia}",
    "${fq}",
    "${q}",
    "x) OR *:* OR (y",
    "\\",
    "{!join from=id to=id}x",
    "${zz:a1}",
]

#: Articles whose values really are hostile, beside ones the macros would expand to.
RECORDS: list[dict[str, Any]] = [
    *CORPUS,
    {
        "id": "h1",
        "title": "زيارة إلى واشنطن",
        "source": "alarabia",
        "published": "2026-03-01",
        "body": "وصل الوزير إلى واشنطن في زيارة رسمية للقاء نظيره الأمريكي.",
    },
    {
        "id": "x) OR *:* OR (y",
        "title": "مقال بمعرف غريب",
        "source": "x) OR *:* OR (y",
        "actors": ["${fq}", "{!join from=id to=id}x"],
        "body": "نص قصير عن الطقس في المدينة.",
    },
    {
        "id": "${q}",
        "title": "مقال آخر بمعرف غريب",
        "source": "\\",
        "actors": ["${zz:a1}"],
        "body": "نص آخر عن الزراعة في الريف.",
    },
]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    engine = ENGINES[request.param](folder, RECORDS, False)
    return app_on(engine, folder).test_client()


def app_on(engine: Engine, folder: Any) -> Flask:
    if engine.name == "solr":
        alias = engine.collection  # type: ignore[attr-defined]
        return create_app({"TESTING": True, "ENGINE": "solr", "SOLR_COLLECTION": alias})
    return create_app({"TESTING": True, "INDEX_DIR": folder / "index"})


def found(client: FlaskClient, **params: str) -> set[str]:
    response = client.get("/api/search", query_string={**params, "per_page": "50"})
    assert response.status_code == 200, response.get_json()
    return {hit["id"] for hit in response.get_json()["hits"]}


def holders(field: str, value: str) -> set[str]:
    """The articles whose own ``field`` holds ``value`` (actors given by their record)."""
    if field == "source":
        return {r["id"] for r in RECORDS if r.get("source") == value}
    return {r["id"] for r in RECORDS if value in r.get("actors", ())}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_source_finds_only_the_articles_of_that_very_source(
    client: FlaskClient, value: str
) -> None:
    assert found(client, source=value) == holders("source", value)
    # beside a query (source=${q}&q=… made Solr parse the query as JSON)
    assert found(client, source=value, q="نص") <= holders("source", value)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_actor_finds_only_the_articles_naming_that_very_actor(
    client: FlaskClient, value: str
) -> None:
    assert found(client, actor=value) == holders("actors", value)
    # beside another filter, it neither pulls that filter in nor breaks the request
    kuna = holders("source", "كونا")
    assert found(client, actor=value, source="كونا") == holders("actors", value) & kuna


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_place_finds_nothing(client: FlaskClient, value: str) -> None:
    assert found(client, place=value) == set()
    assert found(client, place=value, q="واشنطن") == set()


def test_the_place_a_macro_would_expand_to_is_found_when_named_plainly(
    client: FlaskClient,
) -> None:
    assert found(client, place="واشنطن") == {"h1"}
    assert found(client, source="alarabia") == {"h1"}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_date_is_refused_naming_the_field(client: FlaskClient, value: str) -> None:
    response = client.get("/api/search", query_string={"from": value})
    assert response.status_code == 400
    assert "from" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_id_opens_only_the_article_of_that_very_id(
    client: FlaskClient, value: str
) -> None:
    response = client.get("/api/documents/" + quote_id(value))
    if value in {r["id"] for r in RECORDS}:
        assert response.status_code == 200
        assert response.get_json()["id"] == value
    else:
        assert response.status_code == 404


def quote_id(value: str) -> str:
    return quote(value, safe="")


#: What each value finds as a query: its words, as plain words (``None``: what the
#: plain words typed alone find; Latin words also search their Arabic spellings, issue 28).
AS_QUERY: dict[str, set[str] | None] = {
    "${zz:واشنطن}": set(),  # zz is in no article
    "${zz:alarabia}": set(),
    "${fq}": set(),
    "${q}": set(),
    "x) OR *:* OR (y": set(),
    "\\": {r["id"] for r in RECORDS},  # no word at all: every article
    "{!join from=id to=id}x": None,
    "${zz:a1}": set(),
}
#: The plain words of the values whose words are searched as typed alone.
PLAIN_WORDS = {"{!join from=id to=id}x": "join from id to id x"}


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_query_is_plain_words(client: FlaskClient, value: str) -> None:
    expected = AS_QUERY[value]
    if expected is None:
        expected = found(client, q=PLAIN_WORDS[value])
    assert found(client, q=value) == expected
    # with a real word beside it, only that word's articles (none of its syntax)
    plain = found(client, q=f"واشنطن {PLAIN_WORDS[value]}") if value in PLAIN_WORDS else set()
    assert found(client, q=f"واشنطن {value}") <= {"h1"} | plain


def test_the_escaped_value_is_the_value_itself(client: FlaskClient) -> None:
    """The escaping drops nothing: real values holding syntax are found by it."""
    assert found(client, source="x) OR *:* OR (y") == {"x) OR *:* OR (y"}
    assert found(client, actor="{!join from=id to=id}x") == {"x) OR *:* OR (y"}


def test_every_character_solr_reads_as_syntax_is_escaped() -> None:
    special = '$ { } ( ) : * ? ~ ^ [ ] ! / + - & | \\ "'.split() + [" ", "\t", "\n", "\u00a0"]
    for character in special:
        assert escaped(f"a{character}b") == f"a\\{character}b"
    assert escaped("واشنطن") == "واشنطن"
