"""The waitress server in front of the app, answering its own errors in our shape.

waitress rejects some requests before the app sees them: a request line or
headers over its limit (``431``), a malformed request (``400``), a body over
its limit (``413``), a transfer coding it does not implement (``501``). It
answers those in ``text/plain`` with none of the security headers, so an API
client meeting one could not parse the error as it parses every other. Here
the channel's error task renders them like the app's own errors: the
:data:`web.security.HEADERS` on every one, the ``{"error": {"status",
"message"}}`` JSON body for ``/api`` paths, and the Arabic error page elsewhere.
"""

from __future__ import annotations

import json
import re
from typing import Any

import waitress
from flask import Flask, render_template
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.task import ErrorTask

from web.errors import PAGE_MESSAGES
from web.security import HEADERS

#: The request target of a raw first line: is it an API path?
_API_TARGET = re.compile(rb"^\s*[A-Za-z]+[ \t]+(?:https?://[^/\s]*)?/api(?:[/?#\s]|$)")


def is_api_request(raw: bytes) -> bool:
    """Does the start of a raw request (possibly unparsed) ask for an ``/api`` path?"""
    return bool(_API_TARGET.match(raw[:4096]))


def error_response(
    app: Flask, status: int, reason: str, detail: str, api: bool
) -> tuple[list[tuple[str, str]], bytes]:
    """Headers and body for an error waitress found (the app's error shapes)."""
    if api:
        message = f"{reason.lower()}: {detail}" if detail else reason.lower()
        error = {"error": {"status": status, "message": message}}
        body = json.dumps(error, ensure_ascii=False, separators=(",", ":"))
        content_type = "application/json"
    else:
        text = PAGE_MESSAGES.get(status, PAGE_MESSAGES[400])
        with app.test_request_context("/"):
            body = render_template("error.html", status=status, message=text)
        content_type = "text/html; charset=utf-8"
    return [("Content-Type", content_type), *HEADERS.items()], body.encode("utf-8")


def _error_task(app: Flask) -> type[ErrorTask]:
    class BahthErrorTask(ErrorTask):
        """waitress's error task, rendering :func:`error_response` instead of plain text."""

        def execute(self) -> None:
            request: Any = self.request
            error = request.error
            raw = request.header_plus or getattr(request, "first_line", b"") or b""
            headers, body = error_response(
                app, error.code, error.reason, str(error.body), is_api_request(raw)
            )
            self.status = f"{error.code} {error.reason}"
            self.response_headers.extend(headers)
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    return BahthErrorTask


#: Request line plus headers, at most (waitress's default is 256 KB). The API's
#: longest parameter is a 1,000-character query: 64 KB leaves room for any
#: cookie or proxy header, and anything longer is answered 431 before routing.
MAX_REQUEST_HEADER_BYTES = 64 * 1024


def create_server(app: Flask, host: str, port: int, threads: int, **adjustments: Any) -> Any:
    """``waitress.create_server`` whose own error responses look like the app's."""
    adjustments.setdefault("max_request_header_size", MAX_REQUEST_HEADER_BYTES)
    server = waitress.create_server(app, host=host, port=port, threads=threads, **adjustments)
    channel = type("BahthChannel", (HTTPChannel,), {"error_task_class": _error_task(app)})
    listeners = [server] if isinstance(server, BaseWSGIServer) else list(server.map.values())
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    return server
