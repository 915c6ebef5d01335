"""Snippets: a few fragments of an article's body around the words a query matched.

Matches come as character spans of the body (the engine finds them: our
analyzer for Whoosh, Solr's highlighter for Solr), so a fragment covers the
words exactly as printed. Fragments are widened to word boundaries and at
most :data:`FRAGMENTS` are kept; rendering (HTML for the web, text for the
terminal) is the response's job (:meth:`search.query.response.Snippet.render`).
"""

from __future__ import annotations

from search.query.response import Fragment, Snippet, Span

FRAGMENTS = 3
CONTEXT_CHARS = 80
FALLBACK_CHARS = 200


def _window(text: str, first: int, last: int) -> tuple[int, int]:
    """Widen a span to word boundaries about CONTEXT_CHARS either side."""
    start = max(0, first - CONTEXT_CHARS)
    end = min(len(text), last + CONTEXT_CHARS)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", last, end)
        end = space if space != -1 else end
    return start, end


def make_snippet(text: str, spans: list[Span]) -> Snippet:
    """Fragments of ``text`` around ``spans`` (in order), or its opening words."""
    if not spans:
        end = len(text) if len(text) <= FALLBACK_CHARS else text.rfind(" ", 0, FALLBACK_CHARS)
        end = end if end > 0 else min(len(text), FALLBACK_CHARS)
        opening = Fragment(0, text[:end], cut_after=end < len(text))
        return Snippet((opening,), opening=True)
    windows: list[tuple[int, int]] = []
    for s, e in spans:
        start, end = _window(text, s, e)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        elif len(windows) < FRAGMENTS:
            windows.append((start, end))
    fragments = tuple(
        Fragment(
            start=start,
            text=text[start:end],
            marks=tuple((s - start, e - start) for s, e in spans if s >= start and e <= end),
            cut_before=start > 0,
            cut_after=end < len(text),
        )
        for start, end in windows
    )
    return Snippet(fragments)
