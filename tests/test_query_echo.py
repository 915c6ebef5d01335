"""The query is echoed as the reader typed it; a change is shown only where the search
differs from the words typed (a respelled name, a common word not required), worded
as such, in the API, on the page and in the CLI (issue 32, item 3).

Normalisation never shows: «علاقه» searched as typed reads as a misspelling when
echoed as (علاقه) beside «علاقة».
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.cli.main import main
from tests.engine_contract_kit import CORPUS, cli_built_index
from web import create_app


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_built_index(tmp_path_factory.mktemp("echo"), CORPUS)


@pytest.fixture(scope="module")
def client(index_dir: Path) -> FlaskClient:
    return create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()


def api_query(client: FlaskClient, q: str) -> dict:
    return json.loads(client.get("/api/search", query_string={"q": q}).data)["query"]


def test_a_normalised_spelling_is_not_a_change(client: FlaskClient) -> None:
    echo = api_query(client, "علاقه")
    assert echo["q"] == "علاقه" and echo["changes"] == []
    assert api_query(client, "العلاقةُ")["changes"] == []


def test_a_respelled_name_is_reported_as_a_respelling(client: FlaskClient) -> None:
    changes = api_query(client, "شي جين بينج")["changes"]
    assert changes == [{"kind": "respelled", "typed": "بينج", "searched": "بينغ"}]


def test_a_common_word_that_is_not_required_is_reported(client: FlaskClient) -> None:
    changes = api_query(client, "العلاقات مع روسيا")["changes"]
    assert changes == [{"kind": "not_required", "typed": "مع", "searched": ""}]


def test_the_page_shows_the_query_as_typed_and_only_real_changes(client: FlaskClient) -> None:
    plain = client.get("/", query_string={"q": "علاقه"}).get_data(as_text=True)
    assert "لـ«<bdi>علاقه</bdi>»" in plain and 'class="changed"' not in plain
    respelled = client.get("/", query_string={"q": "شي جين بينج"}).get_data(as_text=True)
    assert "بحثنا عن «بينغ» بدل «بينج»" in respelled
    common = client.get("/", query_string={"q": "العلاقات مع روسيا"}).get_data(as_text=True)
    assert "الكلمة الشائعة «مع» ليست شرطًا في النتائج" in common


def test_the_cli_prints_the_query_as_typed_and_only_real_changes(index_dir: Path) -> None:
    plain = CliRunner().invoke(main, ["search", "علاقه", "--index", str(index_dir)])
    assert plain.exit_code == 0, plain.output
    first = plain.output.splitlines()[0]
    assert "results for «علاقه» in" in first and "(" not in first.split(" in ")[0]
    assert "searched" not in plain.output
    respelled = CliRunner().invoke(main, ["search", "شي جين بينج", "--index", str(index_dir)])
    assert "searched «بينغ» for «بينج»" in respelled.output
