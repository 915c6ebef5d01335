"""Slow clients cannot starve ``bahth serve``, and one too slow is dropped (issue 33).

Before, a thread of the server read each request itself: sixteen sockets
sending half a request held both threads of a worker, and every normal
request timed out. Now the worker's event loop holds them (a buffer each) and
hands a thread only whole requests. Real gunicorn on 127.0.0.1, no clocks
asserted: the loops are bounded by counts.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from urllib.parse import quote

import pytest

from search.index.build import build_index
from tests.conftest import write_jsonl
from tests.serving import Served, bahth_serve

SLOW = 16  # sockets of each kind: eight times the worker's threads
ARTICLES = [
    {"id": f"s{n}", "title": f"خبر رقم {n}", "body": f"نص عن الاقتصاد والطاقة في العام {n}."}
    for n in range(4)
] + [{"id": "2018/05/a.html", "title": "مقال بمعرف فيه شرطة", "body": "نص عن الطقس."}]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("slow-clients")
    build_index(write_jsonl(folder / "c.jsonl", ARTICLES), folder / "index", workers=1)
    with bahth_serve(folder / "index", workers=1, threads=2, client_timeout=3) as server:
        yield server


def get(server: Served, path: str) -> tuple[int, dict[str, str]]:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def held_open(server: Served, stack: ExitStack, start: bytes) -> None:
    """A socket that sent ``start`` of a request and nothing more, until the block ends."""
    sock = stack.enter_context(socket.create_connection((server.host, server.port)))
    sock.sendall(start)


def test_normal_requests_are_answered_while_slow_clients_hold_connections(
    served: Served,
) -> None:
    with ExitStack() as stack:
        for _ in range(SLOW):
            held_open(served, stack, b"GET /api/search?q=x HTTP/1.1\r\nHost: slow\r\n")
            held_open(served, stack, b"GET /api/health HTTP/1.1\r\nContent-Length: 100\r\n\r\nx")
            idle = stack.enter_context(socket.create_connection((served.host, served.port), 10))
            idle.sendall(b"GET /api/health HTTP/1.1\r\nHost: idle\r\n\r\n")
            assert idle.recv(65536).startswith(b"HTTP/1.1 200")  # then kept alive, idle
        statuses = [get(served, f"/api/search?q={quote('الاقتصاد')}")[0] for _ in range(10)]
        statuses += [get(served, "/?q=" + quote("الطاقة"))[0] for _ in range(5)]
    assert statuses == [200] * 15


def test_a_client_too_slow_to_send_its_request_is_dropped(served: Served) -> None:
    request = b"GET /api/health HTTP/1.1\r\nHost: dribble\r\nX-Pad: " + b"a" * 200
    with socket.create_connection((served.host, served.port)) as sock:
        sock.settimeout(0.5)
        dropped = False
        for byte in request:  # one byte per half second, for up to 100 s: never finishes
            try:
                sock.send(bytes([byte]))
                dropped = sock.recv(1024) == b""
            except TimeoutError:
                continue
            except OSError:
                dropped = True
            if dropped:
                break
    assert dropped


@pytest.mark.parametrize(
    "request_bytes,status",
    [
        (b"GET /api/health HTTP/1.1\r\nContent-Length: 10000000\r\n\r\nxx", b"413"),
        (b"GET /api/health HTTP/1.1\r\n" + b"X-Pad: " + b"a" * 200_000, b"431"),
    ],
)
def test_a_request_too_large_to_hold_is_refused_before_any_thread_waits_on_it(
    served: Served, request_bytes: bytes, status: bytes
) -> None:
    with socket.create_connection((served.host, served.port), 10) as sock:
        with suppress(OSError):  # refused while still sending: the answer is there to read
            sock.sendall(request_bytes)
        answer = sock.recv(65536)
    assert answer.split(b" ")[1] == status
    assert b"Content-Security-Policy" in answer and b'"error"' in answer


def test_an_id_holding_slashes_opens_through_the_server(served: Served) -> None:
    assert get(served, "/doc/" + quote("2018/05/a.html", safe=""))[0] == 200
    assert get(served, "/api/documents/" + quote("2018/05/a.html", safe=""))[0] == 200


def test_no_header_names_a_process_id(served: Served) -> None:
    workers = {
        int(pid)
        for task in Path(f"/proc/{served.pid}/task").iterdir()
        for pid in (task / "children").read_text().split()
    }
    _, headers = get(served, "/api/health")
    assert workers and headers["X-Bahth-Worker"] not in {str(p) for p in workers | {served.pid}}
