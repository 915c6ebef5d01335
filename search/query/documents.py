"""One document by id: original text, metadata, provenance and highlights."""

from __future__ import annotations

from html import escape
from typing import Any

from search.engine.whoosh.reader import IndexHandle
from search.query.run import highlight_terms, hit_body, stored_body
from search.query.snippets import highlight_full
from search.query.syntax import parse_query


def get_document(handle: IndexHandle, doc_id: str, q: str = "") -> dict[str, Any] | None:
    """The full article as published, or ``None`` for an unknown id.

    ``text_html`` is the original text escaped, with the words of ``q`` (when
    given) marked exactly as printed.
    """
    searcher = handle.searcher()
    docnum = searcher.document_number(id=doc_id)
    if docnum is None:
        return None
    stored = searcher.stored_fields(docnum)
    text = stored.get("text") or ""
    terms = highlight_terms(parse_query(q), searcher.reader()) if q else None
    document = hit_body(stored, None, None)
    del document["score"], document["snippet"]
    agencies = stored.get("agencies")
    document.update(
        {
            "agencies": agencies.split(",") if agencies else [],
            "text": text,
            "text_html": highlight_full(text, terms) if terms else escape(text, quote=False),
            "body": stored_body(stored),
            "provenance": stored.get("provenance") or {},
        }
    )
    return document
