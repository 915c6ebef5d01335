"""The JSON API: search, one document, health, and its OpenAPI document.

Inputs are validated and outputs dumped through :mod:`web.schemas`; errors
take the one shape of :mod:`web.errors`.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from search import __version__
from search.query.documents import get_document
from search.query.run import run_search
from web import current_index
from web.errors import json_error
from web.openapi import openapi_document
from web.schemas import (
    DocumentArgsSchema,
    DocumentSchema,
    HealthSchema,
    SearchResponseSchema,
    load_search_params,
)
from web.urls import add_toggle_urls

bp = Blueprint("api", __name__, url_prefix="/api")

# Schemas hold no request state: one instance each (building one per request
# cost more than the dump itself).
SEARCH_RESPONSE = SearchResponseSchema()
DOCUMENT_ARGS = DocumentArgsSchema()
DOCUMENT = DocumentSchema()
HEALTH = HealthSchema()


@bp.get("/search")
def search() -> Response:
    """Search; the body is run_search's response plus facet toggle URLs."""
    params = load_search_params(request.args)
    response = run_search(current_index(), params)
    add_toggle_urls(response, request.path, params)
    return jsonify(SEARCH_RESPONSE.dump(response))


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Response:
    """One article: original text, metadata, provenance, highlights for q."""
    args = DOCUMENT_ARGS.load(request.args)
    found = get_document(current_index(), doc_id, args["q"])
    if found is None:
        return json_error(404, f"no document with id {doc_id!r}")
    return jsonify(DOCUMENT.dump(found))


@bp.get("/health")
def health() -> Response:
    """Cheap liveness and freshness: documents and build time of the live version."""
    handle = current_index()
    body = {
        "status": "ok",
        "documents": handle.doc_count,
        "built_at": handle.meta.get("built_at"),
        "index_version": handle.version,
        "version": __version__,
    }
    return jsonify(HEALTH.dump(body))


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
