"""Highlight spans on the stored body, from Solr's unified highlighter or from Bahth's terms.

With Solr's analysis the unified highlighter marks the whole stored body
(``hl.fragsize=0``) between two private-use characters; removing them gives
the body back and the spans of each marked word on it, on the text as
printed (diacritics, clitics), because the postings keep the original offsets.
With Bahth's analysis the terms are Python's, so the spans are found as the
Whoosh engine finds them (:func:`search.text.matching.find_matches`), and the
two engines mark the same words.
"""

from __future__ import annotations

import re

from search.query.plan import highlight_terms
from search.query.syntax import ParsedQuery
from search.text.matching import MAX_MATCHES, TermSet

PRE = "\ue000"
POST = "\ue001"
Span = tuple[int, int]
_MARKER = re.compile(f"([{PRE}{POST}])")

HIGHLIGHT_PARAMS = {
    "hl": "true",
    "hl.method": "unified",
    "hl.fl": "body",
    "hl.fragsize": "0",
    "hl.tag.pre": PRE,
    "hl.tag.post": POST,
    "hl.snippets": "1",
    "hl.maxAnalyzedChars": "2000000",
    "hl.defaultSummary": "false",
}


def marked_spans(marked: str, limit: int = MAX_MATCHES) -> tuple[str, list[Span]]:
    """The text without the markers, and the spans they enclosed (the first ``limit``)."""
    plain: list[str] = []
    spans: list[Span] = []
    at = 0
    start: int | None = None
    for piece in _MARKER.split(marked):
        if piece == PRE:
            start = at
        elif piece == POST:
            if start is not None and len(spans) < limit:
                spans.append((start, at))
            start = None
        else:
            plain.append(piece)
            at += len(piece)
    return "".join(plain), spans


def query_terms(parsed: ParsedQuery) -> TermSet:
    """Exact and stemmed terms of the positive clauses (a prefix is marked as a word)."""
    return highlight_terms(parsed)
