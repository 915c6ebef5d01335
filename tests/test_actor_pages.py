"""A page for every actor and place: the same facts from both engines, as HTML, JSON
and on the command line, linked from the facets and the article page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.cli.main import main
from search.engine.base import Engine
from search.query.profiles import profile
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import CORPUS, ENGINES

pytest_plugins = ["tests.web_conftest"]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"profiles-{request.param}")
    return ENGINES[request.param](folder, CORPUS, False)


def test_an_actor_page_counts_the_articles_naming_it_by_month_and_outlet(engine: Engine) -> None:
    found = profile(engine, "actors", "شي جين بينغ")
    assert found is not None
    filtered = run_search(engine, SearchParams(filters={"actors": ("شي جين بينغ",)}))
    assert found.articles == filtered.total == 2
    assert {(m.value, m.count) for m in found.months} == {("2026-01", 1), ("2026-02", 1)}
    assert {o.count for o in found.outlets} == {1}
    assert [a.id for a in found.latest] == ["a3", "a1"]


def test_an_actor_page_lists_the_actors_named_beside_it(engine: Engine) -> None:
    found = profile(engine, "actors", "شي جين بينغ")
    assert found is not None
    beside = {a.value: a.count for a in found.actors}
    assert beside.get("روسيا") == 1
    assert "شي جين بينغ" not in beside


def test_a_name_no_article_holds_has_no_page(engine: Engine) -> None:
    assert profile(engine, "actors", "لا أحد بهذا الاسم") is None


def test_the_actor_page_is_rtl_html_with_links_to_pages_and_searches(
    web_seed_client: FlaskClient,
) -> None:
    response = web_seed_client.get("/actor/بوتين")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in html
    assert "فلاديمير بوتين" in html and "Poutine" in html
    assert 'href="/actor/%D8%B4%D9%8A' in html  # شي جين بينغ's own page
    assert "/?actor=" in html and "place=" in html  # the searches for both


def test_the_api_gives_the_same_facts_as_json(web_seed_client: FlaskClient) -> None:
    body = web_seed_client.get("/api/actors/بوتين").get_json()
    assert body["name"] == "فلاديمير بوتين"
    assert body["articles"] == len(body["latest"]) == 4
    assert all(item["page"].startswith("/actor/") for item in body["actors"])
    assert all(item["page"].startswith("/place/") for item in body["places"])
    missing = web_seed_client.get("/api/places/nowhere")
    assert missing.status_code == 404 and missing.get_json()["error"]["status"] == 404
    assert web_seed_client.get("/actor/" + "x" * 300).status_code == 400


def test_facets_and_the_article_page_link_every_actor_to_its_page(
    web_seed_client: FlaskClient,
) -> None:
    results = web_seed_client.get("/?q=بوتين").get_data(as_text=True)
    assert 'class="profile-link" href="/actor/' in results
    assert 'class="profile-link" href="/place/' in results
    article = web_seed_client.get("/doc/000_1ac7d227b2dc0de5").get_data(as_text=True)
    assert 'class="profile-link" href="/actor/' in article


def test_bahth_actor_prints_the_facts_and_json_prints_the_api_body(
    web_seed_index: Path, web_seed_client: FlaskClient
) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["actor", "بوتين", "--index", str(web_seed_index)])
    assert text.exit_code == 0 and text.output.startswith("فلاديمير بوتين: 4 articles")
    as_json = runner.invoke(main, ["actor", "بوتين", "--index", str(web_seed_index), "--json"])
    assert json.loads(as_json.output) == web_seed_client.get("/api/actors/بوتين").get_json()
    missing = runner.invoke(main, ["actor", "لا أحد", "--index", str(web_seed_index)])
    assert missing.exit_code == 1 and "no article names" in missing.output


@pytest.mark.parametrize(
    "hostile", ["x) OR *:* OR (y", "${zz:روسيا}", "\\", "{!join from=id to=id}a"]
)
def test_a_hostile_name_finds_no_page_and_breaks_nothing(engine: Engine, hostile: str) -> None:
    assert profile(engine, "actors", hostile) is None
    assert engine.cooccurring("actors", hostile, 10) == []
