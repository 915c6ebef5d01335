"""A misspelt word inside a longer query is named, and the query respelled for it
(issue 32, item 2): «ليفربول محمد صلاخ» found articles by its other words and said
nothing of ``صلاخ``, which no article holds.

The words no article holds are listed in ``query.unmatched``, with one suggestion for
the whole query, on every engine, on the page (with a link) and in the CLI.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine.base import Engine
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES, cli_built_index
from web import create_app

RECORDS = [
    {"id": f"s{i}", "title": "مباراة", "body": f"فاز ليفربول بهدف محمد صلاح في المباراة {i}."}
    for i in range(8)
] + [
    {"id": f"m{i}", "title": "تصريح", "body": f"قال محمد إن ليفربول فريق كبير في الموسم {i}."}
    for i in range(6)
]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"unmatched-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def test_a_misspelt_word_in_a_longer_query_is_named_and_respelled(engine: Engine) -> None:
    response = run_search(engine, SearchParams(q="ليفربول محمد صلاخ"))
    assert response.total > 3  # the other words find articles
    assert response.query.unmatched == ("صلاخ",)
    assert response.suggestion == "ليفربول محمد صلاح"


def test_a_query_whose_words_all_match_names_none(engine: Engine) -> None:
    response = run_search(engine, SearchParams(q="ليفربول محمد صلاح"))
    assert response.query.unmatched == () and response.suggestion is None


def test_a_word_no_article_holds_and_nothing_near_is_named_without_a_suggestion(
    engine: Engine,
) -> None:
    response = run_search(engine, SearchParams(q="ليفربول محمد زنجبيل"))
    assert response.query.unmatched == ("زنجبيل",) and response.suggestion is None


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_built_index(tmp_path_factory.mktemp("unmatched-cli"), RECORDS)


def test_the_page_names_the_word_and_links_the_respelled_query(index_dir: Path) -> None:
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    html = client.get("/", query_string={"q": "ليفربول محمد صلاخ"}).get_data(as_text=True)
    assert "لم ترد في أي مقال: «<bdi>صلاخ</bdi>»" in html
    assert "هل تقصد:" in html and "<bdi>ليفربول محمد صلاح</bdi></a>" in html
    api = json.loads(client.get("/api/search", query_string={"q": "ليفربول محمد صلاخ"}).data)
    assert api["query"]["unmatched"] == ["صلاخ"] and api["suggestion"] == "ليفربول محمد صلاح"


def test_the_cli_names_the_word_and_suggests_the_respelled_query(index_dir: Path) -> None:
    result = CliRunner().invoke(main, ["search", "ليفربول محمد صلاخ", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "no article has: «صلاخ»" in result.output
    assert "did you mean: ليفربول محمد صلاح" in result.output
