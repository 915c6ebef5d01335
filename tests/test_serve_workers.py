"""``bahth serve --workers 2``: two processes answer, both follow a rebuild, and
gunicorn's own refusals carry our headers (issue 12, point 6)."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from search.index.build import build_index
from tests.conftest import write_jsonl
from tests.serving import bahth_serve
from web.security import HEADERS

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = [
    {"id": f"w{n}", "title": f"خبر رقم {n}", "body": f"نص عن الاقتصاد والطاقة في العام {n}."}
    for n in range(4)
]
MARKER = {"id": "marker", "title": "مقال جديد", "body": "كلمة zqxworkermarker بعد إعادة البناء."}
MAX_REQUESTS = 400  # bounds every polling loop below


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def health(port: int) -> tuple[str, str]:
    """(pid of the worker that answered, index version it serves)."""
    status, headers, body = get(port, "/api/health")
    assert status == 200
    return headers["X-Bahth-Worker"], json.loads(body)["index_version"]


def versions_by_worker(port: int, until: Callable[[dict[str, set[str]]], bool]) -> dict:
    """Ask /api/health from 8 threads at a time until ``until(seen)`` or MAX_REQUESTS."""
    seen: dict[str, set[str]] = {}
    with ThreadPoolExecutor(8) as pool:
        for _ in range(MAX_REQUESTS // 8):
            for pid, version in pool.map(lambda _: health(port), range(8)):
                seen.setdefault(pid, set()).add(version)
            if until(seen):
                break
    return seen


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """``bahth serve --workers 2 --port 0`` on a small index, in a subprocess
    (one per module: the rebuild test comes last)."""
    folder = tmp_path_factory.mktemp("served")
    corpus = write_jsonl(folder / "corpus.jsonl", ARTICLES)
    index = folder / "index"
    first = build_index(corpus, index, workers=1).version
    with bahth_serve(index, workers=2, threads=2) as server:
        yield {"host": server.host, "port": server.port, "index": index, "first": first,
               "folder": folder, "line": server.line}  # fmt: skip


def test_serve_binds_loopback_and_answers_from_two_worker_processes(served: dict) -> None:
    assert served["host"] == "127.0.0.1"
    assert "2 workers" in served["line"]
    seen = versions_by_worker(served["port"], lambda seen: len(seen) >= 2)
    assert len(seen) == 2
    assert all(versions == {served["first"]} for versions in seen.values())


def test_a_request_line_gunicorn_refuses_is_414_in_the_api_error_shape_with_our_headers(
    served: dict,
) -> None:
    status, headers, body = get(served["port"], "/api/search?q=" + quote("ب" * 2000))
    assert status == 414
    assert all(headers.get(name) == value for name, value in HEADERS.items())
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["status"] == 414


def test_a_header_gunicorn_refuses_still_carries_our_headers(served: dict) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", served["port"], timeout=30)
    try:
        connection.request("GET", "/", headers={"X-Long": "x" * 9000})
        response = connection.getresponse()
        assert response.status == 431
        assert all(response.getheader(name) == value for name, value in HEADERS.items())
    finally:
        connection.close()


def test_a_rebuild_is_served_by_every_worker_without_a_restart(served: dict) -> None:
    port = served["port"]
    workers = versions_by_worker(port, lambda seen: len(seen) >= 2)
    assert len(workers) == 2
    corpus = write_jsonl(served["folder"] / "more.jsonl", [*ARTICLES, MARKER])
    second = build_index(corpus, served["index"], workers=1).version

    def all_on_second(seen: dict[str, set[str]]) -> bool:
        return set(workers) <= {pid for pid, versions in seen.items() if second in versions}

    seen = versions_by_worker(port, all_on_second)
    assert all_on_second(seen), seen
    status, _, body = get(port, "/api/search?q=zqxworkermarker")
    assert status == 200 and json.loads(body)["total"] == 1
