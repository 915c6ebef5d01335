"""The JSON bodies of the API, from the declared response: one rendering for all.

The API returns them, the page renders the same body (Datasette style), and
``bahth search --json`` prints exactly it, facet ``toggle_url`` included.
"""

from __future__ import annotations

from typing import Any

from search.query.response import Document, SearchResponse
from web.schemas import DocumentSchema, SearchResponseSchema
from web.urls import add_toggle_urls

# Schemas hold no request state: one instance each (building one per request
# cost more than the dump itself).
SEARCH_RESPONSE = SearchResponseSchema()
DOCUMENT = DocumentSchema()

#: The page the toggle URLs of an API body point at (the API's own route).
API_SEARCH_PATH = "/api/search"


def search_body(response: SearchResponse, path: str = API_SEARCH_PATH) -> dict[str, Any]:
    """The response body: the dumped response plus a toggle URL per facet value."""
    body: dict[str, Any] = SEARCH_RESPONSE.dump(response)
    add_toggle_urls(body, path, response.params)
    return body


def document_body(document: Document) -> dict[str, Any]:
    return DOCUMENT.dump(document)
