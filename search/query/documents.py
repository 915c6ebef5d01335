"""One document by id: original text, metadata, provenance, the query's words marked."""

from __future__ import annotations

from search.engine.base import Engine
from search.query.response import Document
from search.query.syntax import parse_query


def get_document(engine: Engine, doc_id: str, q: str = "") -> Document | None:
    """The full article as published, or ``None`` for an unknown id.

    ``marks`` are the spans of the text that match ``q`` (when given), exactly
    as printed; renderers escape the text and mark them.
    """
    found = engine.document(doc_id, parse_query(q) if q else None)
    if found is None:
        return None
    article = found.article
    return Document(
        id=article.id,
        title=article.title,
        source=article.source,
        published=article.published,
        actors=article.actors,
        url=article.url,
        agencies=found.agencies,
        text=found.text,
        marks=found.marks,
        body=found.body,
        provenance=found.provenance,
    )
