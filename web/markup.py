"""HTML from the response's spans: the only place Bahth writes markup.

Everything is escaped; the highlighter's ``<mark>`` elements are the only
tags, wrapped around spans the engine reported over the original text.
"""

from __future__ import annotations

from html import escape

from search.query.response import Snippet, Span, render_marked


def _escape(text: str) -> str:
    return escape(text, quote=False)


def snippet_html(snippet: Snippet) -> str:
    """A snippet as escaped HTML with ``<mark>`` around the matched words."""
    return snippet.render(_escape, "<mark>", "</mark>")


def marked_html(text: str, marks: tuple[Span, ...]) -> str:
    """A whole text escaped, its marked spans in ``<mark>`` (the article view)."""
    return render_marked(text, marks, _escape, "<mark>", "</mark>")
