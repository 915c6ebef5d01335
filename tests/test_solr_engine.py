"""The Solr engine at its edges: a cluster that is not there, a collection that is not there,
input that is Lucene syntax, and the highlighter's markers turned into spans.

Runs against the real cluster (``deploy/solr/cluster start``), never a mock; the unreachable
cases use a closed port.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine import open_engine
from search.engine.base import Engine
from search.engine.solr.highlight import POST, PRE, marked_spans
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import CORPUS, solr_engine
from web import create_app

CLOSED = "http://127.0.0.1:9/solr"


def test_markers_become_spans_on_the_plain_text() -> None:
    text, spans = marked_spans(f"أكد {PRE}والعلاقاتُ{POST} بين {PRE}البلدين{POST}.")
    assert text == "أكد والعلاقاتُ بين البلدين."
    assert [text[s:e] for s, e in spans] == ["والعلاقاتُ", "البلدين"]
    assert marked_spans("بلا علامات") == ("بلا علامات", [])


def test_an_unreachable_cluster_is_one_line_and_exit_1() -> None:
    result = CliRunner().invoke(main, ["search", "--engine", "solr", "--solr-url", CLOSED, "x"])
    assert result.exit_code == 1
    assert "Solr cluster not reachable at http://127.0.0.1:9/solr" in result.output
    assert "Traceback" not in result.output
    build = CliRunner().invoke(
        main, ["index", "build", "--engine", "solr", "--solr-url", CLOSED, "--silent"]
    )
    assert build.exit_code == 1 and "not reachable" in build.output


def test_an_unreachable_cluster_is_a_503_with_the_error_body() -> None:
    app = create_app({"TESTING": True, "ENGINE": "solr", "SOLR_URL": CLOSED})
    found = app.test_client().get("/api/search?q=الصين")
    assert found.status_code == 503
    error = found.get_json()["error"]
    assert error["status"] == 503 and "not reachable" in error["message"]
    assert app.test_client().get("/?q=الصين").status_code == 503


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return solr_engine(tmp_path_factory.mktemp("solr-edges"), CORPUS, False)


def test_a_missing_collection_is_unavailable_not_a_500(engine: Engine) -> None:
    app = create_app({"TESTING": True, "ENGINE": "solr", "SOLR_COLLECTION": "no_such_alias"})
    found = app.test_client().get("/api/search?q=x")
    assert found.status_code == 503
    # the alias and the node are the log's; the reader is told what is wrong (issue 33)
    assert found.get_json()["error"]["message"] == "the index is not built yet"


@pytest.mark.parametrize(
    "q",
    [
        'النفط"',
        "\\",
        "body:النفط",
        "{!frange l=0}1",
        "النفط AND OR NOT",
        "* ? ~ ^ : / [ ] { } ( )",
        "-",
        "النفط -",
        "ن*",
        "نف*",
        "a" * 300,
        "؟",
        "شي جين بينغ والعلاقات النفط الكويت روسيا؟",
        "شي جين بينغ والعلاقات النفط الكويت روسيا موسكو",
    ],
)
def test_lucene_syntax_in_a_query_is_text(engine: Engine, q: str) -> None:
    response = run_search(engine, SearchParams(q=q))
    assert response.total >= 0 and not response.partial


def test_long_queries_need_some_of_their_words(engine: Engine) -> None:
    # Eight words: at least two must match (MIN_SHOULD_MATCH), as on Whoosh.
    found = run_search(engine, SearchParams(q="النفط أوبك زلزال بركان إعصار فيضان جفاف قحط"))
    assert {h.id for h in found.hits} == {"a4"}
    # None of the required combinations matches: any word will do.
    loose = run_search(engine, SearchParams(q="النفط زلزال بركان إعصار فيضان جفاف قحط عاصفة"))
    assert {h.id for h in loose.hits} == {"a4", "a8"}


def test_the_cli_answers_from_solr(engine: Engine, tmp_path: Path) -> None:
    alias = engine.status().version.rsplit("_v", 1)[0]
    result = CliRunner().invoke(
        main, ["search", "--engine", "solr", "--collection", alias, "علاقة", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"total": 3' in result.output
    same = open_engine("solr", collection=alias)
    assert same.status().documents == 8
