"""One document by id: a bounded part of it, the query's words marked in time.

An article may be up to ``MAX_ARTICLE_CHARS`` long; one response carries at
most ``MAX_DOCUMENT_CHARS`` of its published text and as much of its cleaned
body (``part`` pages through the rest), and marking the query's words stops
at the search time budget, with ``partial`` set, so no document request's
time, memory or body grows with the article.
"""

from __future__ import annotations

from search.config import MAX_DOCUMENT_CHARS, MAX_DOCUMENT_MARKS, SEARCH_TIME_LIMIT_MS
from search.engine.base import Engine
from search.errors import QueryError
from search.query.labels import source_label
from search.query.response import Document
from search.request.deadline import Deadline
from search.request.syntax import parse_query
from search.text.matching import find_matches_until
from search.text.windows import split_windows


def get_document(
    engine: Engine,
    doc_id: str,
    q: str = "",
    part: int = 1,
    time_limit_ms: float = SEARCH_TIME_LIMIT_MS,
) -> Document | None:
    """Part ``part`` of the article, or ``None`` for an unknown id.

    ``marks`` are the spans of the part's text that match ``q`` (when given),
    exactly as printed; renderers escape the text and mark them. A part past
    the last is a :class:`QueryError` naming ``part``.
    """
    deadline = Deadline(time_limit_ms)
    found = engine.document(doc_id)
    if found is None:
        return None
    text_windows = split_windows(found.text, MAX_DOCUMENT_CHARS)
    body_windows = split_windows(found.body, MAX_DOCUMENT_CHARS)
    parts = max(len(text_windows), len(body_windows))
    if not 1 <= part <= parts:
        raise QueryError("part", f"must be between 1 and {parts} for this document")
    text_start, text_end = _window(text_windows, part, len(found.text))
    body_start, body_end = _window(body_windows, part, len(found.body))
    text = found.text[text_start:text_end]
    marks: list[tuple[int, int]] = []
    partial = False
    parsed = parse_query(q) if q else None
    if parsed is not None and not parsed.is_empty:
        terms = engine.highlight_terms(parsed)
        marks, partial = find_matches_until(text, terms, MAX_DOCUMENT_MARKS, deadline.expired)
    return Document(
        **found.article.display_fields(),
        agencies=found.agencies,
        text=text,
        marks=tuple(marks),
        body=found.body[body_start:body_end],
        provenance=found.provenance,
        part=part,
        parts=parts,
        text_offset=text_start,
        text_length=len(found.text),
        body_offset=body_start,
        body_length=len(found.body),
        partial=partial,
        source_label=source_label(found.article.source, engine.source_names()),
    )


def _window(windows: list[tuple[int, int]], part: int, length: int) -> tuple[int, int]:
    """The ``part``-th window, or an empty one at the end when this text has fewer."""
    return windows[part - 1] if part <= len(windows) else (length, length)
