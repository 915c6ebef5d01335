"""Any id the corpus allows is a link that opens its article and never leaves ``/doc/``;
a query's bidi controls never reach ``<title>`` raw (issue 33)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.cli.main import main
from tests.engine_contract_kit import CORPUS, whoosh_engine, write_corpus
from web import create_app

ODD_IDS = ["2018/05/a.html", "../../etc/passwd", "/lead", "a//b/", "a b?c#d%2F", "..%2F.."]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    folder = tmp_path_factory.mktemp("odd-ids")
    records = CORPUS + [
        {"id": i, "title": f"عنوان {n}", "body": "نص عن الطقس في المدينة."}
        for n, i in enumerate(ODD_IDS)
    ]
    whoosh_engine(folder, records, False)
    return create_app({"TESTING": True, "INDEX_DIR": folder / "index"}).test_client()


def links(client: FlaskClient, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(/doc/[^"]*)"', html)]


def test_every_id_is_a_link_that_opens_its_own_article(client: FlaskClient) -> None:
    found = links(client, "/?q=الطقس&per_page=50")
    assert len(found) == len(ODD_IDS)
    titles = set()
    for link in found:
        page = client.get(link)
        assert page.status_code == 200
        titles.add(re.search(r"<h1><bdi>(.*?)</bdi>", page.get_data(as_text=True))[1])
    assert titles == {f"عنوان {n}" for n in range(len(ODD_IDS))}


def test_no_link_resolves_outside_the_article_route(client: FlaskClient) -> None:
    for link in links(client, "/?q=الطقس&per_page=50"):
        resolved = urljoin("http://bahth.test/", link)  # as a browser resolves it
        assert resolved.startswith("http://bahth.test/doc/"), link
        assert "/doc/" not in link[len("/doc/") :].split("?")[0]  # one path segment


def test_the_api_opens_an_id_holding_slashes(client: FlaskClient) -> None:
    for link in links(client, "/?q=الطقس&per_page=50"):
        api = "/api/documents/" + link[len("/doc/") :].split("?")[0]
        assert client.get(api).get_json()["id"] in ODD_IDS


@pytest.mark.parametrize("ident", [".", ".."])
def test_an_id_that_is_a_path_step_is_refused_at_build_time_with_its_line(
    tmp_path: Path, ident: str
) -> None:
    corpus = write_corpus(
        tmp_path / "c.jsonl", [CORPUS[0], {"id": ident, "title": "t", "body": "نص عن الطقس."}]
    )
    result = CliRunner().invoke(
        main, ["index", "build", "--corpus", str(corpus), "--index", str(tmp_path / "i")]
    )
    assert result.exit_code != 0
    assert f"c.jsonl:2: id {ident!r} cannot be a link" in result.output


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"])
def test_bidi_controls_in_the_query_never_reach_the_title(
    client: FlaskClient, control: str
) -> None:
    html = client.get("/", query_string={"q": f"الطقس {control}evil"}).get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    inner = title.split("\u2068", 1)[1].split("\u2069", 1)[0]  # the isolated query
    assert inner == "الطقس evil"
    assert title.startswith("\u2068") and title.count("\u2069") == 1
