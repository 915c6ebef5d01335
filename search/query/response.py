"""The search response, declared once: what ``run_search`` returns to every renderer.

The API dumps it through marshmallow schemas (:mod:`web.schemas`), the page
renders that same body, and the CLI prints it as text or as the API's JSON.
Snippets are carried as spans over the original text, not as HTML: the web
layer renders them escaped with ``<mark>``, the terminal with brackets, from
the one :meth:`Snippet.render`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from search.engine.base import StoredArticle
from search.request.changes import QueryChange
from search.request.params import SearchParams

Span = tuple[int, int]
ELLIPSIS = "…"


def render_marked(
    text: str, marks: tuple[Span, ...], escape: Callable[[str], str], before: str, after: str
) -> str:
    """``text`` escaped, each mark wrapped in ``before`` … ``after`` (marks in order)."""
    out: list[str] = []
    cursor = 0
    for start, end in marks:
        if start < cursor or end > len(text):
            continue
        out.append(escape(text[cursor:start]))
        out.append(before + escape(text[start:end]) + after)
        cursor = end
    out.append(escape(text[cursor:]))
    return "".join(out)


@dataclass(frozen=True)
class Fragment:
    """A piece of an article's text: where it starts in the text, and its marked words."""

    start: int
    text: str
    marks: tuple[Span, ...] = ()  # offsets into ``text``
    cut_before: bool = False  # the article goes on before this piece
    cut_after: bool = False  # … and after it


@dataclass(frozen=True)
class Snippet:
    """Up to a few fragments around the matches (or the opening, when none is marked)."""

    fragments: tuple[Fragment, ...]
    opening: bool = False  # no match to show: the article's first words

    def render(self, escape: Callable[[str], str], before: str, after: str) -> str:
        """One line: fragments with collapsed whitespace, joined by ellipses."""
        if self.opening:
            piece = self.fragments[0]
            return escape(" ".join(piece.text.split())) + (ELLIPSIS if piece.cut_after else "")
        pieces = []
        for piece in self.fragments:
            marked = " ".join(render_marked(piece.text, piece.marks, escape, before, after).split())
            prefix = ELLIPSIS + " " if piece.cut_before else ""
            suffix = " " + ELLIPSIS if piece.cut_after else ""
            pieces.append(prefix + marked + suffix)
        return " ".join(pieces).replace(ELLIPSIS + " " + ELLIPSIS, ELLIPSIS)


@dataclass(frozen=True)
class StoryVersion:
    """Another article of a hit's story: who carried it and when (search/query/stories.py)."""

    id: str
    source: str | None
    source_label: str
    published: str | None
    title: str


@dataclass(frozen=True)
class Hit(StoredArticle):
    """One ranked article of a results page: what the engine stores of it (id, title,
    source, date, facet values, URL), its score and its snippet."""

    score: float | None  # None when sorted by date
    snippet: Snippet | None
    source_label: str = ""  # what a reader sees for ``source`` (query/labels.py)
    #: Articles in its story (1: no other version), and the others, first published first.
    story_size: int = field(default=1, kw_only=True)
    others: tuple[StoryVersion, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class FacetBucket:
    """One value of a facet as a results page lists it, with its count (an extracted
    value with its provenance is :class:`search.ingest.extract.model.FacetValue`)."""

    value: str  # the canonical value: what URLs and the API carry
    label: str  # what a reader sees
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    results: tuple[FacetBucket, ...]
    truncated: bool


@dataclass(frozen=True)
class QueryEcho:
    """The request as understood: the query as typed, its normalised form, what the
    search changed in it (shown to the reader), filters, order, page."""

    q: str
    normalized: str
    filters: dict[str, Any]
    sort: str
    page: int
    per_page: int
    changes: tuple[QueryChange, ...] = ()
    unmatched: tuple[str, ...] = ()  # words typed that no article holds


@dataclass(frozen=True)
class SearchResponse:
    query: QueryEcho
    total: int
    took_ms: float
    hits: tuple[Hit, ...]
    facets: dict[str, Facet] = field(default_factory=dict)
    suggestion: str | None = None
    partial: bool = False
    #: Distinct stories among the matches (None: not counted, ``collapse=off``).
    stories: int | None = None
    # The parameters as understood (names resolved to canonical values): what the
    # page's links and the API's toggle URLs are built from. Not part of the body.
    params: SearchParams = field(default_factory=SearchParams, compare=False)


@dataclass(frozen=True)
class Document(StoredArticle):
    """One article: what the engine stores of it, the text as published with the
    query's words marked."""

    agencies: tuple[str, ...]
    text: str  # one window (``part``) of the text as published
    marks: tuple[Span, ...]  # spans of ``text`` matching the query
    body: str  # the same part of the cleaned body
    provenance: dict[str, Any]
    part: int = 1
    parts: int = 1
    text_offset: int = 0  # where ``text`` starts in the whole published text
    text_length: int = 0  # of the whole published text
    body_offset: int = 0
    body_length: int = 0
    partial: bool = False  # marking ran out of time: some matches are not marked
    source_label: str = ""  # what a reader sees for ``source`` (query/labels.py)

    @property
    def truncated(self) -> bool:
        """The article is longer than this response: other parts hold the rest."""
        return self.parts > 1
