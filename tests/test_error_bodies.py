"""Error bodies tell the reader what they can act on; internals go to the log.

An engine's own message names hosts, fields and the query Bahth generated
(``Solr refused /probe/select: … actors:("${fq}")``). The API's 503 says
``the search cluster is not reachable`` or ``part of the index is
unavailable`` instead, with a request id that the ``X-Request-Id`` header and
the server's log line carry too. Runs on both engines: a Whoosh app without
an index, a Solr app on a closed port and on an alias that does not exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from tests.engine_contract_kit import CORPUS, solr_reachable, whoosh_engine
from web import create_app

CLOSED = "http://127.0.0.1:9/solr"
#: What no error body may show: hosts, ports, engine and field names, Solr's words.
INTERNALS = ("127.0.0.1", "http", "/solr", "select", "no_such_alias", "actors:", "Exception")


def unavailable_apps(tmp_path: Path) -> list[tuple[Flask, str]]:
    """Apps whose engine cannot answer, and the message each must give."""
    apps = [
        (create_app({"TESTING": True, "INDEX_DIR": tmp_path / "none"}), "index not available"),
        (
            create_app({"TESTING": True, "ENGINE": "solr", "SOLR_URL": CLOSED}),
            "the search cluster is not reachable",
        ),
    ]
    if solr_reachable() is None:
        missing = create_app(
            {"TESTING": True, "ENGINE": "solr", "SOLR_COLLECTION": "no_such_alias"}
        )
        apps.append((missing, "the index is not built yet"))
    return apps


def test_a_503_says_what_the_reader_can_act_on_and_no_internals(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    for app, message in unavailable_apps(tmp_path):
        response = app.test_client().get("/api/search?q=الصين&actor=${fq}")
        assert response.status_code == 503
        error = response.get_json()["error"]
        assert error["message"] == message
        body = response.get_data(as_text=True)
        assert not [word for word in INTERNALS if word in body]
        # the request id is the header's and the log's, where the details are
        assert error["request_id"] == response.headers["X-Request-Id"]
        logged = [r.getMessage() for r in caplog.records if error["request_id"] in r.getMessage()]
        assert logged, f"no log line names request {error['request_id']}"


def test_the_closed_cluster_is_named_in_the_log_not_the_body(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app({"TESTING": True, "ENGINE": "solr", "SOLR_URL": CLOSED})
    response = app.test_client().get("/api/search?q=الصين")
    rid = response.get_json()["error"]["request_id"]
    assert any(rid in r.getMessage() and CLOSED in r.getMessage() for r in caplog.records)
    assert CLOSED not in response.get_data(as_text=True)
    page = app.test_client().get("/?q=الصين")
    assert page.status_code == 503 and page.headers["X-Request-Id"] in page.get_data(as_text=True)


def test_every_response_has_its_own_request_id(tmp_path: Path) -> None:
    whoosh_engine(tmp_path, CORPUS, False)
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index"}).test_client()
    seen = {client.get(url).headers["X-Request-Id"] for url in ["/api/search", "/", "/api/x"]}
    assert len(seen) == 3


def test_an_error_quotes_at_most_200_characters_of_a_value(tmp_path: Path) -> None:
    whoosh_engine(tmp_path, CORPUS, False)
    client = create_app({"TESTING": True, "INDEX_DIR": tmp_path / "index"}).test_client()
    response = client.get("/api/documents/" + "ب" * 7000)
    assert response.status_code == 404
    message = response.get_json()["error"]["message"]
    assert "ب" * 200 in message and "ب" * 201 not in message
