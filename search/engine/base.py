"""The seam between Bahth and a search engine, at the level a distributed engine works at.

``query/`` parses the user's query once (:mod:`search.request.syntax`), plans
what must match (:mod:`search.request.plan`) and validates the parameters
(:mod:`search.request.params`); an :class:`Engine` answers with ranked hits,
the spans its matches cover in each hit's body, disjunctive facet counts and
the total. Rendering (snippets, labels, URLs, HTML, JSON) stays above the
seam, so a second engine changes nothing in ``query/``, ``web/`` or the CLI.

The write side is not here: :mod:`search.index.writer_seam` (an engine's
writer lives on the build side, under ``search/index/``).

Engines: :class:`search.engine.whoosh.engine.WhooshEngine` (embedded, the
default); a SolrCloud engine fills the same protocol. The contract tests
(``tests/test_engine_contract.py``) are what an engine must pass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from search.request.deadline import Deadline
from search.request.params import SearchParams
from search.request.plan import QueryPlan
from search.request.syntax import ParsedQuery
from search.store.trigrams import TrigramStats
from search.text.latin.candidates import SkeletonIndex
from search.text.matching import TermSet

Span = tuple[int, int]


@dataclass(frozen=True)
class SearchRequest:
    """One search, parsed and planned once, engine-neutral."""

    parsed: ParsedQuery
    plan: QueryPlan
    params: SearchParams  # filters (canonical values), sort, page, what to return
    deadline: Deadline
    #: Each hit's body even without snippets (the second stage, above the seam, reads them).
    bodies: bool = False
    #: Count the distinct stories of every match too (:attr:`EngineResult.stories`).
    count_stories: bool = False
    #: Hits carry only ``id``, ``story`` and score, their other stored fields left empty:
    #: collapsing ranks many candidates and reads the rest for the page alone
    #: (:meth:`Engine.stored_hits`). ``story`` may be None for an article alone in its story.
    keys_only: bool = False


@dataclass(frozen=True)
class StoredArticle:
    """What an engine keeps of an article for display."""

    id: str
    title: str
    source: str | None
    published: str | None  # YYYY-MM-DD
    #: Each multi-valued facet's values (registry name → values: actors, places).
    facet_values: dict[str, tuple[str, ...]]
    url: str | None
    #: The story the article belongs to (search/index/stories.py); None: built without.
    story: str | None = field(default=None, kw_only=True)

    def display_fields(self) -> dict[str, Any]:
        """The fields a hit and a document both show, by name (``Hit(**…)``, ``Document(**…)``)."""
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class EngineHit:
    article: StoredArticle
    score: float | None
    body: str = ""  # the indexed (cleaned) body, when snippets were asked for
    spans: tuple[Span, ...] = ()  # where the query matched in ``body``


@dataclass(frozen=True)
class FacetCounts:
    """One facet's shown values, in display order: (value, count, selected)."""

    values: tuple[tuple[str, int, bool], ...]
    truncated: bool


@dataclass(frozen=True)
class EngineResult:
    total: int
    hits: tuple[EngineHit, ...]
    facets: dict[str, FacetCounts] = field(default_factory=dict)
    partial: bool = False  # the deadline passed: what was found in time
    #: Distinct stories among all the matches, when the request asked (``count_stories``).
    stories: int | None = None


@dataclass(frozen=True)
class EnginePage:
    """One page of a walk through every match (:meth:`Engine.search_after`)."""

    total: int
    hits: tuple[EngineHit, ...]
    #: The engine's opaque position after the last hit (``None``: no more hits).
    after: str | None
    partial: bool = False


@dataclass(frozen=True)
class EngineDocument:
    article: StoredArticle
    agencies: tuple[str, ...]
    text: str  # as published
    body: str  # as indexed
    provenance: dict[str, Any]


@dataclass(frozen=True)
class EngineStatus:
    documents: int
    version: str
    built_at: str | None


class Lexicon(Protocol):
    """The indexed words of one engine version, as suggestions need them (exact forms
    of bodies), and the total of a respelled search."""

    #: The suggestion's whole budget (lexicon scan and respelled counts).
    time_limit_ms: float

    def frequency(self, exact: str, stemmed: str) -> int:
        """Articles the word is found in, in its most frequent variant (title or body,
        exact or stemmed)."""
        ...

    def frequencies(self, words: list[tuple[str, str]]) -> list[int]:
        """:meth:`frequency` of each ``(exact, stemmed)`` pair (one round trip on a
        cluster: every multi-word search past a few hits asks, for its unmatched words)."""
        ...

    def near(self, exact: str, edits: int, deadline: Deadline | None) -> Iterable[str]:
        """Indexed body words with the same first letter within ``edits`` of ``exact``
        (any order; may stop at the deadline with what it found)."""
        ...

    def body_frequencies(self, words: list[str]) -> dict[str, int]:
        """Articles whose body holds each word."""
        ...

    def count(self, request: SearchRequest) -> int:
        """The total of a search, in the same version as the words."""
        ...

    def words(self, least: int) -> Iterable[tuple[str, int]]:
        """Every exact body word of Arabic letters in at least ``least`` articles, with
        its article count (the candidates of Latin names, :mod:`search.query.latin`)."""
        ...


class Engine(Protocol):
    """What Bahth needs of a search engine."""

    name: str
    #: First-stage scores are Bahth's BM25 (k1 0.9, b 0.4) times this: the second stage
    #: adds its own score in the same units.
    score_scale: float

    def search(self, request: SearchRequest) -> EngineResult:
        """Ranked hits of the requested page, facet counts, total."""
        ...

    def count(self, request: SearchRequest) -> int:
        """Only the total (suggestions compare respellings by it)."""
        ...

    def lexicon(self) -> Lexicon:
        """The words and counts "did you mean" needs (:mod:`search.query.suggest`
        decides), of one version."""
        ...

    def document(self, doc_id: str) -> EngineDocument | None:
        """One article by id, as stored (``query/documents.py`` windows and marks it)."""
        ...

    def trigram_stats(self) -> TrigramStats:
        """The live version's stem-trigram statistics (the second stage's idf)."""
        ...

    def highlight_terms(self, parsed: ParsedQuery) -> TermSet:
        """The words that mark ``parsed`` in a text, as this engine matches them
        (its own prefix expansions included)."""
        ...

    def facet_values(self, facet: str) -> list[str]:
        """Every value a keyword facet holds (to resolve names people type)."""
        ...

    def source_names(self) -> dict[str, str]:
        """The names the corpus declares for its sources (``source_name``), by value."""
        ...

    def cooccurring(self, facet: str, value: str, limit: int) -> list[tuple[str, int]]:
        """The ``limit`` values of the multi-valued ``facet`` most often in the articles
        holding ``value`` in it, with those article counts (an actor's page)."""
        ...

    def story_versions(self, stories: list[str]) -> dict[str, list[StoredArticle]]:
        """Every article of each story (any order): the versions a collapsed hit lists."""
        ...

    def stored_hits(self, ids: list[str], bodies: bool) -> dict[str, EngineHit]:
        """The stored article (and its body when ``bodies``) of each id found, by id, in one
        look-up: the page a keys-only search chose (score and spans left empty)."""
        ...

    def story_documents(self, story: str) -> list[EngineDocument]:
        """Every article of one story with its text (the story page compares them)."""
        ...

    def latin_skeletons(self, wait_s: float) -> SkeletonIndex | None:
        """The live version's Latin-name candidates, or None if not ready within
        ``wait_s`` seconds (their building never runs inside a search)."""
        ...

    def status(self) -> EngineStatus: ...

    def search_after(self, request: SearchRequest, after: str | None, size: int) -> EnginePage:
        """The ``size`` matches after position ``after`` (``None``: from the first), in a
        total order that never ties: relevance is (first-stage score desc, id asc), newest
        (undated last, day desc, id asc), oldest (undated last, day asc, id asc). Walking
        from ``None`` to the end gives every match once (no deep offsets: search-after on
        Whoosh, ``cursorMark`` on Solr). No second stage, no facets."""
        ...

    def timeline(self, request: SearchRequest) -> dict[str, int]:
        """Matches per month (``YYYY-MM`` → count, months with none left out), every filter
        applied, the from/to filter too."""
        ...
