"""HTML from the response's spans: the only place Bahth writes markup.

Everything is escaped; the highlighter's ``<mark>`` elements are the only
tags from the data's side, wrapped around spans the engine reported over the
original text. The article page adds its own ``<del class="removed">`` around
what cleaning left out, with the reason (a fixed Arabic phrase) in a ``<span>``.
"""

from __future__ import annotations

import re
from html import escape

from search.query.response import Snippet, Span, render_marked
from web.article import Piece

_BLANK_RUN = re.compile(r"\s*\n\s*\n\s*")


def _escape(text: str) -> str:
    return escape(text, quote=False)


def snippet_html(snippet: Snippet) -> str:
    """A snippet as escaped HTML with ``<mark>`` around the matched words."""
    return snippet.render(_escape, "<mark>", "</mark>")


def marked_html(text: str, marks: tuple[Span, ...]) -> str:
    """A whole text escaped, its marked spans in ``<mark>`` (the article view)."""
    return render_marked(text, marks, _escape, "<mark>", "</mark>")


def _piece_html(text: str, piece: Piece) -> str:
    marks = tuple((s - piece.start, e - piece.start) for s, e in piece.marks)
    return marked_html(text[piece.start : piece.end], marks)


def cleaned_html(text: str, pieces: list[Piece]) -> str:
    """The article as Bahth reads it: the kept pieces only, blank runs closed up."""
    html = "".join(_piece_html(text, p) for p in pieces if p.removed is None)
    return _BLANK_RUN.sub("\n\n", html).strip()


def published_html(text: str, pieces: list[Piece]) -> str:
    """The text as scraped, each removed piece in ``<del>`` with its reason before it."""
    out = []
    for piece in pieces:
        if piece.removed is None:
            out.append(_piece_html(text, piece))
            continue
        out.append(
            f'<del class="removed"><span class="why">{_escape(piece.removed)}</span> '
            f"{_piece_html(text, piece)}</del>"
        )
    return "".join(out).strip()
