"""The seam between Bahth and a search engine, at the level a distributed engine works at.

``query/`` parses the user's query once (:mod:`search.query.syntax`), plans
what must match (:mod:`search.query.plan`) and validates the parameters
(:mod:`search.query.params`); an :class:`Engine` answers with ranked hits,
the spans its matches cover in each hit's body, disjunctive facet counts and
the total. Rendering (snippets, labels, URLs, HTML, JSON) stays above the
seam, so a second engine changes nothing in ``query/``, ``web/`` or the CLI.

On the write side (:class:`IndexWriter`, implemented under ``search/index/``)
an engine accepts a corpus (raw records, extracted by ``ingest/`` in worker
processes) and publishes a complete new version, or updates the live one by
id and content hash, so a failed write never shows.

Engines: :class:`search.engine.whoosh.engine.WhooshEngine` (embedded, the
default); a SolrCloud engine fills the same protocol. The contract tests
(``tests/test_engine_contract.py``) are what an engine must pass.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from search.engine.deadline import Deadline
from search.query.params import SearchParams
from search.query.plan import QueryPlan
from search.query.syntax import ParsedQuery
from search.text.matching import TermSet

Span = tuple[int, int]


@dataclass(frozen=True)
class SearchRequest:
    """One search, parsed and planned once, engine-neutral."""

    parsed: ParsedQuery
    plan: QueryPlan
    params: SearchParams  # filters (canonical values), sort, page, what to return
    deadline: Deadline


@dataclass(frozen=True)
class StoredArticle:
    """What an engine keeps of an article for display."""

    id: str
    title: str
    source: str | None
    published: str | None  # YYYY-MM-DD
    actors: tuple[str, ...]
    url: str | None

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


@dataclass
class BuildOptions:
    """How to read a corpus (the same for every engine: ``ingest/`` reads it)."""

    field_map: dict[str, str] | None = None
    skip_invalid: bool = False
    manifest: Path | None = None
    workers: int | None = None
    delete_missing: bool = True
    #: The extraction cache's folder (None: ``.extraction-cache`` beside the index;
    #: False: none kept, one build's only) and cap (:mod:`search.ingest.extraction_cache`).
    extraction_cache: Path | None | bool = None
    extraction_cache_mb: float | None = None


class Engine(Protocol):
    """What Bahth needs of a search engine."""

    name: str

    def search(self, request: SearchRequest) -> EngineResult:
        """Ranked hits of the requested page, facet counts, total."""
        ...

    def count(self, request: SearchRequest) -> int:
        """Only the total (suggestions compare respellings by it)."""
        ...

    def suggest(self, request: SearchRequest, total: int) -> str | None:
        """A respelling that finds clearly more, as the user would type it."""
        ...

    def document(self, doc_id: str) -> EngineDocument | None:
        """One article by id, as stored (``query/documents.py`` windows and marks it)."""
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

    def status(self) -> EngineStatus: ...


class IndexWriter(Protocol):
    """The write side of an engine; it lives on the build side (``search/index/``), so
    nothing that serves queries imports extraction or segment writing."""

    def build(self, corpus: Path, options: BuildOptions, progress: Any = None) -> Any:
        """Write a complete new version from ``corpus`` and publish it."""
        ...

    def update(self, corpus: Path, options: BuildOptions, progress: Any = None) -> Any:
        """Add, replace and delete by id and content hash; publish the result."""
        ...
