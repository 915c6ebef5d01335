"""The web app against hostile clients: schemathesis, hostile strings, headers, paths.

* schemathesis generates requests from ``/api/openapi.json`` (valid ones and,
  in its coverage phase, invalid ones): no 5xx, every response matches its
  documented schema and status. CI runs about a hundred examples per
  operation; ``BAHTH_SCHEMATHESIS_EXAMPLES=500`` runs the full check (three
  operations, over 1,000 requests).
* hostile strings in every field of an article and in the query reach the
  page and the API: nothing is markup but ``<mark>``.
* security headers on pages, API answers and errors; ``bahth serve`` binds
  127.0.0.1 and is never in debug mode; no URL reads a file outside the index.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from web import create_app

pytest_plugins = ["tests.web_conftest"]

EXAMPLES = int(os.environ.get("BAHTH_SCHEMATHESIS_EXAMPLES", "100"))


# --- schemathesis -------------------------------------------------------------


@pytest.fixture(scope="session")
def web_api_schema(web_news_app: Flask) -> Any:
    return schemathesis.openapi.from_wsgi("/api/openapi.json", web_news_app)


schema = schemathesis.pytest.from_fixture("web_api_schema")


def dates_reversed_is_the_only_valid_looking_400(ctx: Any, response: Any, case: Any) -> None:
    """Replaces ``positive_data_acceptance``: a request the schema allows is
    answered 200, except ``from`` after ``to``, a rule across two parameters
    that OpenAPI cannot state (the 400 then names ``from``), and a ``cursor`` the
    API did not give (opaque: its validity cannot be stated either)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return
    fields = response.json()["error"].get("fields", {})
    query = case.query or {}
    if set(fields) == {"from"} and str(query.get("from")) > str(query.get("to")):
        return
    # A cursor is opaque: one the API did not give (or a page beside it) is a 400 naming it.
    if set(fields) <= {"cursor", "page"} and query.get("cursor") not in (None, "*"):
        return
    if set(fields) == {"page"} and query.get("cursor") == "*" and str(query.get("page")) != "1":
        return
    raise AssertionError(f"a valid request was rejected: {response.text}")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_matches_its_openapi_document(case: Any) -> None:
    response = case.call_and_validate(
        excluded_checks=[
            schemathesis.checks.positive_data_acceptance,
            # The API is lenient by design where the document cannot say so: empty
            # values are dropped before validation (an empty form field), and
            # schemathesis' invalid objects and nulls serialize to those same empty
            # values in a query string. Types, ranges and lengths are still checked
            # by the 400 tests of test_api.py.
            schemathesis.checks.negative_data_rejection,
        ],
        additional_checks=[dates_reversed_is_the_only_valid_looking_400],
    )
    assert response.status_code < 500
    headers = {name.lower() for name in response.headers}
    assert {"content-security-policy", "x-content-type-options", "referrer-policy"} <= headers


# --- hostile strings in every field -------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS = "javascript:alert(1)"
TEMPLATE = "{{7*7}}"
RLO = "\u202e"
HOSTILE = [SCRIPT, IMG, JS, TEMPLATE, RLO]


def hostile_record(n: int, bad: str) -> dict[str, Any]:
    return {
        "id": f"bad-{n}",
        "title": f"عنوان خبيث {bad} رقم {n}",
        "body": f"نص خبيث {bad} عن بوتين {bad} وعن الصين.\n{bad}",
        "source": f"مصدر {bad}",
        "published": "2026-02-04",
        "actors": [f"فاعل {bad}", bad],
        "url": bad if n % 2 else f"https://example.com/{bad}",
    }


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory, web_kit: ModuleType) -> FlaskClient:
    records = [hostile_record(n, bad) for n, bad in enumerate(HOSTILE)]
    root = web_kit.build_jsonl_index(tmp_path_factory.mktemp("hostile"), records)
    return web_kit.make_app(root).test_client()


# Every element the templates write; anything else in a page came from data.
TEMPLATE_TAGS = set(
    "a article aside bdi body br button caption dd div dl dt footer form h1 h2 h3 head header "
    "html input kbd label li link main meta nav ol option p script section select small span "
    "strong table tbody td th thead time title tr ul mark details summary del".split()
)


class PageAudit(HTMLParser):
    """Elements and attributes of a page, for what could only come from data."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TEMPLATE_TAGS:
            self.problems.append(f"element <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            scheme = re.match(r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE)
            if name in {"href", "src", "action"} and scheme and value != "data:,":  # favicon
                self.problems.append(f"{name}={value!r} on <{tag}>")
        if tag == "script" and dict(attrs).get("src") != "/static/app.js":
            self.problems.append(f"script {attrs}")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def audit(html: str) -> PageAudit:
    parser = PageAudit()
    parser.feed(html)
    parser.close()
    return parser


def only_marks(html: str) -> bool:
    return re.search(r"<(?!/?mark>)", html) is None


def test_hostile_strings_are_text_in_every_page(hostile_client: FlaskClient) -> None:
    urls = ["/?q=خبيث", "/?q=خبيث&sort=newest", "/?q=خبيث&per_page=1&page=2"]
    for n, bad in enumerate(HOSTILE):
        urls += [
            f"/doc/bad-{n}?q=خبيث",
            f"/doc/bad-{n}?q={bad} خبيث",
            f"/?q={bad}",
            f"/?q=خبيث {bad}",
            f"/?source=مصدر {bad}",
            f"/?actor=فاعل {bad}&q=بوتين",
            f"/?q={bad} خبيت",  # misspelled: the page offers 'did you mean'
        ]
    shown = set()
    for url in urls:
        response = hostile_client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        page = audit(html)
        assert page.problems == [], (url, page.problems)
        text = "".join(page.text)
        shown |= {bad for bad in HOSTILE if bad in text}
    assert shown == set(HOSTILE)  # each string reached a page as text ({{7*7}} not evaluated)
    suggestion = hostile_client.get("/?q=خبيت").get_data(as_text=True)
    assert "هل تقصد" in suggestion and "خبيث" in suggestion


def test_hostile_strings_in_the_api_are_data_and_html_fields_only_mark(
    hostile_client: FlaskClient,
) -> None:
    for n, bad in enumerate(HOSTILE):
        for url in [f"/api/search?q=خبيث {bad}", f"/api/search?q={bad}&source=مصدر {bad}"]:
            response = hostile_client.get(url)
            assert response.status_code == 200 and response.mimetype == "application/json"
            body = response.get_json()
            assert body["query"]["q"].endswith(bad)
            for hit in body["hits"]:
                assert only_marks(hit["snippet"] or ""), hit["snippet"]
        # خبيث first: a quote in ``bad`` opens a phrase to the end, marked only where it occurs
        doc = hostile_client.get(f"/api/documents/bad-{n}?q=خبيث {bad}").get_json()
        assert doc["title"] == f"عنوان خبيث {bad} رقم {n}"  # JSON carries the text as it is
        assert bad in doc["source"] and f"فاعل {bad}" in doc["actors"]
        assert only_marks(doc["text_html"]), doc["text_html"]
        assert "<mark>خبيث</mark>" in doc["text_html"]
    search = hostile_client.get("/api/search?q=خبيت").get_json()
    assert search["suggestion"] == "خبيث"


# --- headers, serve defaults, paths ---------------------------------------------


@pytest.mark.parametrize(
    "method,url,status",
    [
        ("GET", "/", 200),
        ("GET", "/?page=0", 400),
        ("GET", "/doc/nope", 404),
        ("GET", "/nope", 404),
        ("GET", "/api/search?q=بوتين", 200),
        ("GET", "/api/search?page=0", 400),
        ("GET", "/api/documents/nope", 404),
        ("GET", "/api/nope", 404),
        ("POST", "/api/search", 405),
        ("GET", "/api/openapi.json", 200),
        ("GET", "/static/style.css", 200),
    ],
)
def test_security_headers_on_pages_api_and_errors(
    web_client: FlaskClient, method: str, url: str, status: int
) -> None:
    with web_client.open(url, method=method) as response:
        assert response.status_code == status
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] in {"same-origin", "no-referrer", "strict-origin"}


def test_a_crash_is_a_500_with_headers_and_no_traceback(
    web_client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: Any) -> None:
        raise RuntimeError("/etc/passwd secret detail")

    monkeypatch.setattr("web.pages.run_search", explode)
    response = web_client.get("/?q=x")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret detail" not in html and "Traceback" not in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_app_is_never_in_debug_mode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FLASK_DEBUG", "1")
    app = create_app({"INDEX_DIR": tmp_path})
    assert not app.debug
    assert not app.config["DEBUG"]


def test_serve_binds_loopback_by_default_and_not_in_debug(
    tmp_path: Path, web_news_index: Path
) -> None:
    command = [sys.executable, "-c", "from search.cli.main import main; main()"]
    env = {**os.environ, "FLASK_DEBUG": "1"}
    process = subprocess.Popen(
        [*command, "serve", "--index", str(web_news_index), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        line = process.stderr.readline()
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        assert match, line
        assert match.group(1) == "127.0.0.1"
        port = int(match.group(2))
        listening = _listening_addresses(port)
        assert listening == {"127.0.0.1"}, listening
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/nope-{time.time()}") as r:
            raise AssertionError(r.status)
    except urllib.error.HTTPError as error:
        assert error.code == 404
        body = error.read().decode()
        assert "Traceback" not in body and "Werkzeug Debugger" not in body
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


def _listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ["/proc/net/tcp", "/proc/net/tcp6"]:
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                if len(address) == 8:
                    found.add(".".join(str(int(address[i : i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add(address)
    return found


@pytest.fixture(scope="module")
def secret_beside_index(
    tmp_path_factory: pytest.TempPathFactory, web_kit: ModuleType
) -> tuple[FlaskClient, str]:
    """An index whose folder has a secret file beside it, and a document named like a path."""
    folder = tmp_path_factory.mktemp("paths")
    secret = "SECRET-" + os.urandom(4).hex()
    (folder / "secret.txt").write_text(secret, "utf-8")
    records = [
        {"id": "../secret.txt", "title": "وثيقة", "body": "نص عن بوتين والصين."},
        {"id": "safe", "title": "وثيقة أخرى", "body": "نص آخر عن الصين."},
    ]
    root = web_kit.build_jsonl_index(folder, records)
    return web_kit.make_app(root).test_client(), secret


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd",
        "/api/documents//etc/passwd",
        "/api/documents/../../etc/passwd",
        "/api/documents/..",
        "/api/documents/..%2Fsecret.txt",
        "/api/documents/..%2F..%2Fsecret.txt",
        "/api/documents/%2E%2E%2Fsecret.txt",
        "/api/documents/..%5Csecret.txt",
        "/api/documents/%00",
        "/api/documents/CURRENT",
        "/api/documents/meta.json",
        "/doc/..%2F..%2Fetc%2Fpasswd",
        "/doc/..%2Fsecret.txt",
        "/static/..%2F..%2Fsecret.txt",
        "/static/../../secret.txt",
        "/static/%2Fetc%2Fpasswd",
        "/static/..%2F__init__.py",
        "/api/search?q=..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_no_url_reads_a_file_outside_the_index(
    secret_beside_index: tuple[FlaskClient, str], url: str
) -> None:
    client, secret = secret_beside_index
    with client.get(url) as response:
        body = response.get_data(as_text=True)
        assert response.status_code in {200, 308, 400, 404}, (url, response.status_code)
    assert secret not in body and "root:x:0:0" not in body
    assert "from __future__" not in body  # no source file either


def test_a_document_id_that_looks_like_a_path_is_only_an_id(
    secret_beside_index: tuple[FlaskClient, str],
) -> None:
    client, secret = secret_beside_index
    body = client.get("/api/documents/..%2Fsecret.txt").get_json()
    if "error" in body:  # the router may refuse a slash in the id: 404, no file read
        assert body["error"]["status"] == 404
    else:
        assert body["id"] == "../secret.txt" and secret not in str(body)
    hits = client.get("/api/search?q=بوتين").get_json()["hits"]
    assert [h["id"] for h in hits] == ["../secret.txt"]
