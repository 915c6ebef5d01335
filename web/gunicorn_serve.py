"""``bahth serve``: the app from one process per core, on gunicorn threads fed whole requests.

One request costs about 8 ms of CPU and a process shares the GIL, so serving
on every core takes processes. gunicorn's master imports the app once
(``preload_app``) and forks ``workers`` processes; the master restarts a
worker that dies. What the fork shares: the imported code and the app
object, copy-on-write. What it does not: each worker opens index versions
itself, on its first request (the master never opens one, or it would hold
a version lease forever), with its own facet arrays and posting cache; the
index files themselves are read through the OS page cache, which all
workers share. Each worker's :class:`~search.engine.whoosh.reader.LiveVersion`
reads ``CURRENT`` on every request, so a rebuild reaches every worker
without a restart.

Slow clients: gunicorn's threaded worker handed a connection to a thread as
soon as its first bytes came, so a dozen clients sending a header line a
second held every thread (issue 33). :class:`BahthWorker` reads each request
whole in the worker's event loop first (:mod:`web.buffered_worker`) and drops
a client that takes more than ``--client-timeout`` seconds to send one.

Every response says which worker process answered (``X-Bahth-Worker``, an
opaque label, not the pid), so tests and the load bench can see the work
spread. gunicorn's own answers to requests it refuses before the app sees
them (a request line over ``LIMIT_REQUEST_LINE``, malformed headers) are
rewritten by :class:`BahthWorker` to carry the security headers and,
outside the pages, the API's JSON error shape.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn import util
from gunicorn.app.base import BaseApplication

from search.config import CLIENT_TIMEOUT_S
from web.buffered_worker import BufferingThreadWorker
from web.security import HEADERS

#: gunicorn's largest bounded request line (its default is 4094; a 50-value
#: filter of Arabic names needs more once percent-encoded).
LIMIT_REQUEST_LINE = 8190
WORKER_HEADER = "X-Bahth-Worker"
#: Connections one worker holds at once (a slow one costs a buffer, not a thread).
WORKER_CONNECTIONS = 1000
_label: tuple[int, str] = (0, "")


def worker_label() -> str:
    """This process's label: random, made once per process (after the fork), no pid."""
    global _label
    if _label[0] != os.getpid():
        _label = (os.getpid(), secrets.token_hex(4))
    return _label[1]


_STATUS = re.compile(rb"^HTTP/1\.[01] (\d{3}) ([^\r\n]*)")

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def with_worker_header(app: Wsgi) -> Wsgi:
    """``app`` with ``X-Bahth-Worker: <label of the process answering>`` on every response."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], *exc: Any) -> Any:
            return start_response(status, [*headers, (WORKER_HEADER, worker_label())], *exc)

        return app(environ, start)

    return wrapped


class _Capture:
    """Stands in for the client socket while gunicorn writes its error page."""

    def __init__(self, sock: Any) -> None:
        self._sock = sock
        self.data = b""

    def sendall(self, data: bytes) -> None:
        self.data += data

    def gettimeout(self) -> float:
        return 0.0  # so gunicorn calls sendall directly

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def error_response(status: int, reason: str, path: str | None) -> bytes:
    """A complete HTTP response for a request gunicorn refused itself.

    The pages get a short text; everything else (the API, and requests whose
    path could not even be read) the API's ``{"error": {...}}`` body.
    """
    if path is not None and not (path == "/api" or path.startswith("/api/")):
        body, kind = f"{status} {reason}\n".encode(), "text/plain; charset=utf-8"
    else:
        message = {"error": {"status": status, "message": reason}}
        body, kind = json.dumps(message).encode(), "application/json"
    headers = {
        "Connection": "close",
        "Content-Type": kind,
        "Content-Length": str(len(body)),
        **HEADERS,
        WORKER_HEADER: worker_label(),
    }
    head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


class BahthWorker(BufferingThreadWorker):
    """The buffering threaded worker, gunicorn's own error responses in our shape.

    gunicorn decides the status (414, 431, 400 …) and logs as usual; only the
    bytes it would send (a bare HTML page without our headers) are replaced.
    """

    def refuse(self, conn: Any, status: int, reason: str) -> None:
        """A request refused before any thread read it, in the same shape."""
        try:
            conn.sock.send(error_response(status, reason, None))
        except OSError:
            self.log.debug("Failed to send a refusal.")

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        capture = _Capture(client)
        super().handle_error(req, capture, addr, exc)
        match = _STATUS.match(capture.data)
        status, reason = (int(match[1]), match[2].decode("latin-1")) if match else (500, "Error")
        path = getattr(req, "path", None)
        try:
            util.write_nonblock(client, error_response(status, reason, path))
        except OSError:
            self.log.debug("Failed to send error message.")


class GunicornServer(BaseApplication):
    """gunicorn configured in code (no config file, no command-line parsing)."""

    def __init__(self, app: Wsgi, options: dict[str, Any], announce: Callable[[str], None]):
        self.application = app
        self.options = options
        self.announce = announce
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

        def when_ready(server: Any) -> None:
            host, port = server.LISTENERS[0].sock.getsockname()[:2]
            self.announce(f"http://{host}:{port}/")

        self.cfg.set("when_ready", when_ready)

    def load(self) -> Wsgi:
        return self.application


def serve(
    app: Wsgi,
    host: str,
    port: int,
    workers: int,
    threads: int,
    announce: Callable[[str], None],
    client_timeout: int = CLIENT_TIMEOUT_S,
) -> None:
    """Serve ``app`` until SIGINT/SIGTERM; ``announce(url)`` once the port is bound;
    a client slower than ``client_timeout`` seconds to send a request is dropped."""
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": f"{__name__}.BahthWorker",
        "worker_connections": WORKER_CONNECTIONS,
        "keepalive": client_timeout,
        "preload_app": True,
        "limit_request_line": LIMIT_REQUEST_LINE,
        "graceful_timeout": 10,
        "loglevel": "warning",
        "errorlog": "-",
        "proc_name": "bahth",
    }
    GunicornServer(with_worker_header(app), options, announce).run()  # exits the process
