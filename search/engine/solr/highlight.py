"""Highlight spans on the stored body, from Solr's unified highlighter, in both analyses.

The unified highlighter marks the whole stored body (``hl.fragsize=0``) between
two private-use characters; removing them gives the body back and the spans of
each marked word on it, on the text as printed (diacritics, clitics), because
the postings keep the original offsets. With Solr's analysis it marks the
query's own terms on ``body``. With Bahth's analysis (the default) it marks
``body_pa``, whose tokens Python placed at each word's offsets (``x:`` exact
form, ``s:`` stem; :mod:`search.index.solr_documents`), with a highlight query
of the query's :class:`TermSet` (:func:`bahth_highlight`): the words the Whoosh
engine marks, found by Solr.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from search.engine.solr.syntax import quoted
from search.request.plan import highlight_terms
from search.request.syntax import ParsedQuery
from search.text.matching import MAX_MATCHES, TermSet

PRE = "\ue000"
POST = "\ue001"
Span = tuple[int, int]
_MARKER = re.compile(f"([{PRE}{POST}])")

Expand = Callable[[str], tuple[set[str], set[str]] | None]
#: Marks one highlight query may name: Solr refuses more than 1,024 clauses in a query
#: (``maxBooleanClauses``), which a query of many prefixes, 128 words each, would pass.
MAX_MARKS = 1000

#: The body with Bahth's tokens at their offsets (a ``PreAnalyzedField``).
BAHTH_FIELD = "body_pa"

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
    "hl.weightMatches": "true",  # a phrase is one mark, where it occurs
}


def bahth_highlight(terms: TermSet) -> dict[str, str]:
    """Highlight parameters marking ``terms`` on ``body_pa`` (Bahth's analysis).

    A phrase is a phrase query of its ``x:`` terms (the field's query analyzer
    splits on spaces), which Lucene's weight matches mark as one span, only
    where the words stand together.
    """
    marks = [" ".join(f"x:{w}" for w in phrase) for phrase in sorted(terms.phrases)]
    marks += [f"x:{t}" for t in sorted(terms.exact)] + [f"s:{t}" for t in sorted(terms.stemmed)]
    marks = marks[:MAX_MARKS]
    literals = " OR ".join(quoted(m) for m in marks)
    return {
        **HIGHLIGHT_PARAMS,
        "hl.fl": BAHTH_FIELD,
        "hl.q": f"{BAHTH_FIELD}:({literals})",
        "hl.qparser": "lucene",
        "hl.requireFieldMatch": "true",
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


def query_terms(parsed: ParsedQuery, expand: Expand | None = None) -> TermSet:
    """Exact and stemmed terms of the positive clauses (a prefix marks what ``expand``
    says it stands for, or else the word it starts)."""
    return highlight_terms(parsed, expand)
