"""The JSON API through Flask's test web_client: shapes, filters, every error path."""

from __future__ import annotations

import copy
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from search.engine.whoosh.engine import WhooshEngine
from search.index.build import build_index
from search.query.run import run_search
from search.request.params import SearchParams
from web.bodies import SEARCH_RESPONSE

pytest_plugins = ["tests.web_conftest"]

AHRAM, JAZEERA, SPUTNIK = "الأهرام", "الجزيرة", "سبوتنيك"
PUTIN = "فلاديمير بوتين"
SCRIPT = "<script>alert(1)</script>"


def get_json(web_client: FlaskClient, url: str, status: int = 200) -> dict[str, Any]:
    response = web_client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


# --- search -------------------------------------------------------------------


def test_search_body_is_run_search_plus_toggle_urls(
    web_client: FlaskClient, web_news_index: Path
) -> None:
    body = get_json(web_client, "/api/search?q=بوتين&per_page=5")
    engine = WhooshEngine(web_news_index)
    expected = SEARCH_RESPONSE.dump(run_search(engine, SearchParams(q="بوتين", per_page=5)))
    got = copy.deepcopy(body)
    for facet in got["facets"].values():
        for item in facet["results"]:
            assert item.pop("toggle_url").startswith("/api/search?")
    got["took_ms"] = expected["took_ms"] = 0
    assert got == expected
    assert body["total"] == 7
    assert len(body["hits"]) == 5
    assert all("<mark>" in hit["snippet"] for hit in body["hits"])


def test_search_facets_have_counts_selection_and_toggles(web_client: FlaskClient) -> None:
    body = get_json(web_client, f"/api/search?q=بوتين&source={AHRAM}")
    assert body["total"] == 1
    sources = {r["value"]: r for r in body["facets"]["source"]["results"]}
    # Disjunctive: the other sources keep their counts while one is ticked.
    assert {v: r["count"] for v, r in sources.items()} == {AHRAM: 1, JAZEERA: 3, SPUTNIK: 3}
    assert sources[AHRAM]["selected"] and not sources[JAZEERA]["selected"]
    off = parse_qs(urlsplit(sources[AHRAM]["toggle_url"]).query)
    assert off == {"q": ["بوتين"]}
    both = parse_qs(urlsplit(sources[JAZEERA]["toggle_url"]).query)
    assert both["source"] == [AHRAM, JAZEERA]
    months = {r["value"]: r for r in body["facets"]["date"]["results"]}
    month_args = parse_qs(urlsplit(months["2025-12"]["toggle_url"]).query)
    assert month_args["from"] == ["2025-12-01"] and month_args["to"] == ["2025-12-31"]


def test_search_filters_combine(web_client: FlaskClient) -> None:
    body = get_json(
        web_client,
        f"/api/search?actor={PUTIN}&source={JAZEERA}&source=سبوتنيك"
        "&from=2026-01-01&to=2026-01-31&sort=newest",
    )
    assert [h["id"] for h in body["hits"]] == ["news-06", "news-05"]
    assert body["query"]["filters"] == {
        "source": [JAZEERA, SPUTNIK],
        "actor": [PUTIN],
        "place": [],
        "from": "2026-01-01",
        "to": "2026-01-31",
    }
    months = body["facets"]["date"]["results"]
    assert [m for m in months if m["selected"]] == [
        {**months[1], "value": "2026-01", "selected": True}
    ]


def test_sort_and_paging(web_client: FlaskClient) -> None:
    newest = get_json(web_client, "/api/search?sort=newest&per_page=3&page=2")
    assert [h["id"] for h in newest["hits"]] == ["news-09", "news-08", "news-07"]
    oldest = get_json(web_client, "/api/search?sort=oldest&per_page=12")
    assert [h["id"] for h in oldest["hits"]] == [f"news-{n:02d}" for n in range(1, 13)]
    beyond = get_json(web_client, "/api/search?page=1000")
    assert beyond["hits"] == [] and beyond["total"] == 12


def test_empty_form_fields_are_no_filter(web_kit: ModuleType, web_client: FlaskClient) -> None:
    body = get_json(web_client, "/api/search?q=&from=&to=&source=&sort=&unknown=1")
    assert body["total"] == len(web_kit.NEWS)
    assert body["query"]["sort"] == "relevance"


def test_suggestion_when_nothing_matches(web_client: FlaskClient) -> None:
    body = get_json(web_client, "/api/search?q=بوتبن")
    assert body["total"] == 0
    assert body["suggestion"] == "بوتين"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=0", "per_page"),
        ("per_page=1000", "per_page"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=1001", "page"),
        ("from=2026-13-40", "from"),
        ("to=yesterday", "to"),
        ("sort=popular", "sort"),
        ("from=2026-02-01&to=2026-01-01", "from"),
        ("q=" + "ب" * 1001, "q"),
        ("source=x" + "&source=y" * 60, "source"),
        ("snippet_chars=99", "snippet_chars"),
        ("snippet_chars=1001", "snippet_chars"),
        ("snippet_chars=long", "snippet_chars"),
    ],
)
def test_bad_parameter_is_400_naming_the_field(
    web_client: FlaskClient, query: str, field: str
) -> None:
    body = get_json(web_client, f"/api/search?{query}", status=400)
    error = body["error"]
    assert error["status"] == 400
    assert list(error["fields"]) == [field]
    assert field in error["message"]
    assert "Traceback" not in json.dumps(body)


def test_a_longer_snippet_is_given_when_asked_and_the_default_stays_short(
    tmp_path: Path, web_kit: ModuleType
) -> None:
    sentence = "قال الوزير إن النفط والغاز يمثلان ثروة البلاد وإن الاقتصاد ينمو. "
    record = {"id": "long", "title": "تقرير", "body": sentence * 40}
    client = web_kit.make_app(web_kit.build_jsonl_index(tmp_path, [record])).test_client()

    def snippet_text(query: str) -> str:
        html = get_json(client, f"/api/search?q=النفط{query}")["hits"][0]["snippet"]
        return html.replace("<mark>", "").replace("</mark>", "")

    short, longer = snippet_text(""), snippet_text("&snippet_chars=1000")
    assert len(short) <= 300 + 20  # ellipses and joining spaces on top of the text
    assert 900 <= len(longer) <= 1000 + 20


def test_several_bad_parameters_are_all_named(web_client: FlaskClient) -> None:
    body = get_json(web_client, "/api/search?per_page=0&page=x&sort=y", status=400)
    assert set(body["error"]["fields"]) == {"per_page", "page", "sort"}


# --- documents, health, routing -----------------------------------------------


def test_document_with_highlights_and_provenance(
    web_kit: ModuleType, web_client: FlaskClient
) -> None:
    doc = get_json(web_client, "/api/documents/news-09?q=بوتين")
    assert doc["title"] == web_kit.NEWS[8]["title"]
    assert doc["text"].startswith(web_kit.NEWS[8]["body"][:20])
    assert "<mark>بوتين</mark>" in doc["text_html"]
    assert doc["source"] == SPUTNIK and doc["published"] == "2026-02-04"
    assert doc["provenance"]["source"]["origin"] == "record"
    assert doc["provenance"]["actors"][0]["value"] == PUTIN
    plain = get_json(web_client, "/api/documents/news-09")
    assert "<mark>" not in plain["text_html"]


def test_unknown_document_is_404(web_client: FlaskClient) -> None:
    error = get_json(web_client, "/api/documents/nope", status=404)["error"]
    assert error["status"] == 404 and "nope" in error["message"]


def test_health(web_kit: ModuleType, web_client: FlaskClient) -> None:
    body = get_json(web_client, "/api/health")
    assert body["status"] == "ok" and body["documents"] == len(web_kit.NEWS)
    assert body["built_at"] and body["version"] and body["index_version"]


@pytest.mark.parametrize("url", ["/api/nope", "/api/", "/api/documents/"])
def test_unknown_api_route_is_json_404(web_client: FlaskClient, url: str) -> None:
    assert get_json(web_client, url, status=404)["error"]["status"] == 404


def test_wrong_method_is_json_405(web_client: FlaskClient) -> None:
    response = web_client.post("/api/search?q=x")
    assert response.status_code == 405
    assert response.get_json()["error"]["status"] == 405
    assert "GET" in response.headers["Allow"]


def test_unexpected_exception_is_json_500_without_traceback(
    web_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: Any) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("web.api.run_search", explode)
    response = web_client.get("/api/search?q=x")
    assert response.status_code == 500
    rid = response.headers["X-Request-Id"]  # the log line's, the body's (issue 33)
    assert response.get_json() == {
        "error": {"status": 500, "message": "internal server error", "request_id": rid}
    }


def test_missing_index_is_json_503(web_kit: ModuleType, tmp_path: Path) -> None:
    web_client = web_kit.make_app(tmp_path / "none").test_client()
    assert get_json(web_client, "/api/health", status=503)["error"]["status"] == 503


def test_security_headers_everywhere(web_client: FlaskClient) -> None:
    for url in ["/api/search", "/api/nope", "/", "/static/style.css", "/doc/nope"]:
        with web_client.get(url) as response:  # static files hold an open file
            headers = response.headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] in {"same-origin", "no-referrer"}


# --- OpenAPI --------------------------------------------------------------------


def test_openapi_document_is_valid(web_client: FlaskClient) -> None:
    spec = get_json(web_client, "/api/openapi.json")
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert {"/api/search", "/api/documents/{doc_id}", "/api/health"} <= set(spec["paths"])
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert names == {
        "q",
        "source",
        "actor",
        "place",
        "from",
        "to",
        "sort",
        "page",
        "per_page",
        "snippet_chars",
        "cursor",
        "complete",
        "collapse",
        "count",
    }
    assert {"SearchResponse", "Document", "Health", "Error"} <= set(spec["components"]["schemas"])


# --- escaping -------------------------------------------------------------------


def test_script_in_document_stays_text_in_api_and_page(web_xss_client: FlaskClient) -> None:
    body = get_json(web_xss_client, "/api/search?q=خبيث")
    hit = body["hits"][0]
    assert hit["title"] == f"عنوان {SCRIPT} خبيث"  # JSON carries the text as it is
    # Snippets are HTML: whatever of the body the cleaner keeps arrives escaped.
    assert "<script" not in hit["snippet"]
    doc = get_json(web_xss_client, "/api/documents/xss-1?q=خبيث")
    assert SCRIPT not in doc["text_html"] and "&lt;script&gt;" in doc["text_html"]
    assert "<mark>خبيث</mark>" in doc["text_html"]
    for url in ["/?q=خبيث", "/doc/xss-1?q=خبيث", f"/?q={SCRIPT}", f"/?source=مصدر {SCRIPT}"]:
        html = web_xss_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in html, url
        assert "javascript:" not in html, url
    results = web_xss_client.get("/?q=خبيث").get_data(as_text=True)
    assert "عنوان &lt;script&gt;alert(1)&lt;/script&gt; خبيث" in results
    article = web_xss_client.get("/doc/xss-1?q=خبيث").get_data(as_text=True)
    assert "نص <mark>خبيث</mark> &lt;script&gt;alert(1)&lt;/script&gt;" in article


# --- rebuild while serving --------------------------------------------------------


def fetch(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_rebuild_is_served_without_restart_or_failed_request(
    web_kit: ModuleType, tmp_path: Path
) -> None:
    root = web_kit.build_jsonl_index(tmp_path / "a", web_kit.NEWS[:4])
    extra = web_kit.write_jsonl(tmp_path / "b.jsonl", web_kit.NEWS)
    failures: list[tuple[int, Any]] = []
    stop = threading.Event()
    with web_kit.serving(web_kit.make_app(root)) as base:
        url = f"{base}/api/search?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86&per_page=3"
        assert fetch(url)[1]["total"] == 2

        def hammer() -> None:
            while not stop.is_set():
                status, body = fetch(url)
                if status != 200:
                    failures.append((status, body))

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for thread in threads:
            thread.start()
        try:
            for corpus in [extra, tmp_path / "a" / "corpus.jsonl", extra]:
                build_index(corpus, root, workers=1)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        assert fetch(url)[1]["total"] == 7
        assert fetch(f"{base}/api/health")[1]["documents"] == len(web_kit.NEWS)
    assert failures == []


# --- nothing a web_client sends makes a 500 --------------------------------------------

PARAM_NAMES = st.sampled_from(["q", "source", "actor", "from", "to", "sort", "page", "per_page"])
PARAM_VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['"', "-", "OR", "- -", '""', "«بوتين", "ـــ", "\x00", "%", "1e3", "-1"]),
    st.sampled_from(["2026-02-30", "0001-01-01", "9999-12-31", "99999999999999999999"]),
)


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(PARAM_NAMES, PARAM_VALUES), max_size=6),
    path=st.sampled_from(["/api/search", "/"]),
)
def test_any_query_string_is_answered_200_or_400(
    web_news_app: Flask, pairs: list[tuple[str, str]], path: str
) -> None:
    response = web_news_app.test_client().get(f"{path}?{urlencode(pairs)}")
    assert response.status_code in {200, 400}, response.get_data(as_text=True)


@settings(max_examples=100, deadline=None)
@given(doc_id=st.text(min_size=1, max_size=20), q=st.text(max_size=20))
def test_any_document_url_is_answered_without_error(
    web_news_app: Flask, doc_id: str, q: str
) -> None:
    web_client = web_news_app.test_client()
    for base in ["/api/documents/", "/doc/"]:
        response = web_client.get(base + quote(doc_id, safe="") + "?" + urlencode({"q": q}))
        assert response.status_code in {200, 308, 404}, response.get_data(as_text=True)


def test_seed_index_answers_putin(web_seed_client: FlaskClient) -> None:
    body = get_json(web_seed_client, "/api/search?q=بوتين")
    assert body["total"] >= 3
    assert all("<mark>" in hit["snippet"] for hit in body["hits"])
    assert get_json(web_seed_client, "/api/health")["documents"] == 5
