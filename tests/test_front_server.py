"""Responses the server in front makes itself look like the app's: our headers, our errors.

A real ``bahth serve`` (gunicorn, one worker) on a free port, spoken to over
a raw socket, since these requests never reach Flask (issue 12, point 5).
"""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from search.index.build import build_index
from tests.serving import bahth_serve
from web.security import HEADERS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    root = tmp_path_factory.mktemp("front") / "index"
    build_index(ROOT / "seeds", root, workers=1)
    with bahth_serve(root, workers=1, threads=2) as server:
        yield server.port


def _exchange(port: int, request: bytes) -> tuple[str, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        data = b""
        # the server may answer and close before it has read the whole request
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(request)
            while chunk := sock.recv(65536):
                data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return status, headers, body


def _long_request_line(path: str) -> bytes:
    return f"GET {path}?q={'a' * 100_000} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def test_an_api_request_line_of_100_kb_gets_414_as_json_with_our_headers(port: int) -> None:
    status, headers, body = _exchange(port, _long_request_line("/api/search"))
    assert status.split()[1] == "414"
    assert headers["Content-Type"] == "application/json"
    assert all(headers.get(name) == value for name, value in HEADERS.items())
    assert json.loads(body)["error"]["status"] == 414


def test_a_request_line_too_long_to_read_gets_the_json_error_with_our_headers(port: int) -> None:
    """gunicorn cannot read the path of such a line (nor of a request whose headers
    it refuses), so it cannot tell a page from the API: the API's shape it is."""
    status, headers, body = _exchange(port, _long_request_line("/"))
    assert status.split()[1] == "414"
    assert all(headers.get(name) == value for name, value in HEADERS.items())
    assert json.loads(body)["error"]["status"] == 414


def test_a_malformed_api_request_gets_400_as_json_with_our_headers(port: int) -> None:
    request = b"GET /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
    status, headers, body = _exchange(port, request)
    assert status.split()[1] == "400"
    assert all(headers.get(name) == value for name, value in HEADERS.items())
    assert json.loads(body)["error"]["status"] == 400


def test_a_double_slash_path_is_not_found_rather_than_redirected_to_the_host_header(
    port: int,
) -> None:
    request = b"GET /static//x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
    status, headers, _ = _exchange(port, request)
    assert status.split()[1] == "404"
    assert "Location" not in headers


def test_static_files_and_pages_still_answer(port: int) -> None:
    for path in ("/static/style.css", "/", "/api/search?q=" + quote("الصين")):
        request = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode()
        assert _exchange(port, request)[0].split()[1] == "200", path
