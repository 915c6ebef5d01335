"""The JSON API: search, one document, health, and its OpenAPI document.

Inputs are validated and outputs dumped through :mod:`web.schemas`; errors
take the one shape of :mod:`web.errors`.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from search import __version__
from search.errors import QueryError
from search.query.documents import get_document
from search.query.run import run_search
from search.query.walk import cursor_page
from web.bodies import document_body, search_body
from web.current import current_engine
from web.errors import json_error
from web.openapi import openapi_document
from web.request_ids import shown
from web.schemas import (
    DocumentArgsSchema,
    HealthSchema,
    load_search_params,
)

bp = Blueprint("api", __name__, url_prefix="/api")

# Schemas hold no request state: one instance each (building one per request
# cost more than the dump itself).
DOCUMENT_ARGS = DocumentArgsSchema()
HEALTH = HealthSchema()


@bp.get("/search")
def search() -> Response:
    """Search; the body is run_search's response plus facet toggle URLs."""
    params = load_search_params(request.args)
    token = request.args.get("cursor")
    if token:  # a walk through every match (search-after): no facets, no second stage
        if params.page != 1:
            raise QueryError("page", "cannot be combined with cursor")
        found, following = cursor_page(current_engine(), params, token)
        return jsonify({**search_body(found, request.path), "next_cursor": following})
    return jsonify(search_body(run_search(current_engine(), params), request.path))


@bp.get("/documents/<docid:doc_id>")
def document(doc_id: str) -> Response:
    """One article: original text, metadata, provenance, highlights for q."""
    args = DOCUMENT_ARGS.load(request.args)
    found = get_document(current_engine(), doc_id, args["q"], args["part"])
    if found is None:
        return json_error(404, f"no document with id {shown(doc_id)}")
    return jsonify(document_body(found))


@bp.get("/health")
def health() -> Response:
    """Cheap liveness and freshness: documents and build time of the live version."""
    status = current_engine().status()
    body = {
        "status": "ok",
        "documents": status.documents,
        "built_at": status.built_at,
        "index_version": status.version,
        "version": __version__,
    }
    return jsonify(HEALTH.dump(body))


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
