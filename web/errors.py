"""One error shape for the API, an Arabic error page for people.

Every failure under ``/api/`` answers ``{"error": {"status", "message",
"fields"?}}`` as JSON (unknown routes and wrong methods included, which is
why the handlers sit on the app, not the blueprint: routing fails before a
blueprint is chosen). Elsewhere the same status comes with an Arabic page.
Tracebacks are logged, never sent, and so is what an engine said when it
failed (its message names hosts, fields, the generated query): the body says
what the reader can act on (``the search cluster is not reachable``, ``part of
the index is unavailable``) and carries the request id the log line has.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from search.errors import EngineUnavailableError, IndexMissingError, QueryError
from web.request_ids import request_id
from web.schemas import ErrorSchema, error_fields

PAGE_MESSAGES = {
    400: "الطلب غير صالح.",
    404: "الصفحة المطلوبة غير موجودة.",
    405: "هذه الطريقة غير مسموح بها لهذا العنوان.",
    503: "الفهرس غير متاح الآن، حاول بعد قليل.",
    500: "حدث خطأ غير متوقع في الخادم. حاول مرة أخرى.",
}


def wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


ERROR = ErrorSchema()


def json_error(status: int, message: str, fields: dict[str, list[str]] | None = None) -> Response:
    """The API's error body with its status (and the request id the log names)."""
    detail: dict[str, Any] = {"status": status, "message": message}
    if fields:
        detail["fields"] = fields
    detail["request_id"] = request_id()
    response = jsonify(ERROR.dump({"error": detail}))
    response.status_code = status
    return response


def page_error(status: int, message: str | None = None) -> tuple[str, int]:
    text = message or PAGE_MESSAGES.get(status, PAGE_MESSAGES[500])
    page = render_template("error.html", status=status, message=text, request_id=request_id())
    return page, status


def invalid_params(error: ValidationError | QueryError) -> Response:
    """400 naming each bad parameter (API)."""
    fields = error_fields(error)
    summary = "; ".join(f"{name}: {' '.join(msgs).rstrip('.')}" for name, msgs in fields.items())
    noun = "parameters" if len(fields) > 1 else "parameter"
    return json_error(400, f"invalid {noun}: {summary}", fields)


def _invalid(error: ValidationError | QueryError) -> Any:
    return invalid_params(error) if wants_json() else page_error(400)


def _http_error(error: HTTPException) -> Any:
    status = error.code or 500
    if wants_json():
        response = json_error(status, error.description or error.name)
        allow = error.get_response().headers.get("Allow") if status == 405 else None
        if allow:
            response.headers["Allow"] = allow
        return response
    return page_error(status)


def _unexpected(error: Exception) -> Any:
    """Anything unforeseen: logged with its traceback, answered without it."""
    rid = request_id()
    if isinstance(error, EngineUnavailableError):
        status, message = 503, error.reader_message
        current_app.logger.warning(
            "request %s: engine unavailable on %s: %s", rid, request.path, error
        )
    elif isinstance(error, IndexMissingError):
        status, message = 503, "index not available"
        current_app.logger.warning("request %s: no index on %s: %s", rid, request.path, error)
    else:
        status, message = 500, "internal server error"
        current_app.logger.exception(
            "request %s: unhandled error on %s %s", rid, request.method, request.path
        )
    if wants_json():
        return json_error(status, message)
    return page_error(status)


def init_errors(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ValidationError, _invalid)
    app.register_error_handler(QueryError, _invalid)
    app.register_error_handler(Exception, _unexpected)
