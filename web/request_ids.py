"""A request id on every response, so a reader's error report finds the server's log line.

An error body says only what the reader can act on (:mod:`web.errors`); what
went wrong inside (the engine's own message, hosts, the generated query) is
logged with this id, which the body and the ``X-Request-Id`` header carry.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, has_request_context

REQUEST_ID_HEADER = "X-Request-Id"
#: Longest part of a client's value an error message quotes.
QUOTED_CHARS = 200


def request_id() -> str:
    """This request's id (made on first use: 16 hex digits, random, unguessable)."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        g.request_id = secrets.token_hex(8)
    return str(g.request_id)


def shown(value: str) -> str:
    """A client's value as an error message quotes it: the first :data:`QUOTED_CHARS`
    characters, in quotes, with an ellipsis when there was more."""
    if len(value) <= QUOTED_CHARS:
        return repr(value)
    return repr(value[:QUOTED_CHARS]) + "…"


def _with_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


def init_request_ids(app: Flask) -> None:
    app.after_request(_with_id)
