"""From a query string to a :class:`~search.query.response.SearchResponse`.

:func:`run_search` is the one function the CLI, the JSON API and the page
call; they differ only in how they render its result. The query is parsed
and planned once here (:mod:`search.request.syntax`, :mod:`search.request.plan`),
names people type for a source or an actor are resolved to the values the
index holds, and the engine behind the seam (:mod:`search.engine.base`)
matches, ranks and counts; snippets are cut here from the spans it reports.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping

from search.engine.base import Engine, EngineHit, EngineResult, FacetCounts, SearchRequest
from search.query.labels import display_label, source_label
from search.query.latin import transliterate
from search.query.rerank import RERANK_DEPTH, rerank_hits
from search.query.response import Facet, FacetBucket, Hit, QueryEcho, SearchResponse
from search.query.snippets import make_snippet
from search.query.stories import StoryHit, collapsed, story_fields, story_sizes
from search.query.suggest import Hint, suggest
from search.request.changes import query_changes
from search.request.deadline import Deadline
from search.request.facets import BY_NAME
from search.request.params import SearchParams
from search.request.plan import build_plan, normalized_echo
from search.request.syntax import parse_query
from search.text.matching import find_matches
from search.text.name_resolver import NameResolver, known_names, name_key

_RESOLVERS: OrderedDict[tuple[str, str, str], NameResolver] = OrderedDict()
_KEPT_RESOLVERS = 8
#: The server searches on many threads: the table is read and changed under this lock
#: (building a resolver happens outside it; two threads may build the same one, the
#: first kept).
_RESOLVERS_LOCK = threading.Lock()


def _resolver(engine: Engine, facet: str) -> NameResolver:
    """Per engine version and facet: built once (tens of thousands of actor values)."""
    key = (engine.name, engine.status().version, facet)
    with _RESOLVERS_LOCK:
        resolver = _RESOLVERS.get(key)
    if resolver is not None:
        return resolver
    table = known_names(BY_NAME[facet].name_types)
    if facet == "source":  # the names shown for codes resolve to them, declared ones first
        shown = {name_key(label): value for value, label in engine.source_names().items()}
        table = {**table, **shown}
    built = NameResolver(engine.facet_values(facet), table)
    with _RESOLVERS_LOCK:
        resolver = _RESOLVERS.setdefault(key, built)
        while len(_RESOLVERS) > _KEPT_RESOLVERS:
            _RESOLVERS.popitem(last=False)
    return resolver


def resolve_names(engine: Engine, params: SearchParams) -> SearchParams:
    """``params`` with every selected source and actor named by its canonical value."""
    if not params.filters:
        return params
    filters = {
        name: _resolver(engine, name).resolve_all(values) for name, values in params.filters.items()
    }
    return dataclasses.replace(params, filters=filters)


def _hit(
    found: EngineHit, params: SearchParams, names: Mapping[str, str], story: StoryHit | None = None
) -> Hit:
    snippet = None
    if params.snippets:
        snippet = make_snippet(found.body, list(found.spans), params.snippet_chars)
    return Hit(
        **found.article.display_fields(),
        score=round(found.score, 4) if found.score is not None else None,
        snippet=snippet,
        source_label=source_label(found.article.source, names),
        **(story_fields(story, names) if story else {}),
    )


def _facet(name: str, counts: FacetCounts, names: Mapping[str, str]) -> Facet:
    spec = BY_NAME[name]
    values = tuple(
        FacetBucket(value, display_label(spec, value, names), count, selected)
        for value, count, selected in counts.values
    )
    return Facet(values, counts.truncated)


def ranked(engine: Engine, request: SearchRequest) -> EngineResult:
    """The engine's answer, its page in the second stage's order when the plan is
    reranked (questions, long queries; :mod:`search.query.rerank`).

    The engine is asked for its first :data:`RERANK_DEPTH` hits (more when the page
    reaches further) with their bodies; they are reordered here, the page is cut
    from them, and its spans are found with the engine's own highlight terms, so every
    engine ranks and marks a question the same way. A page past the reranked top is
    the engine's first-stage order, asked directly.
    """
    params = request.params
    start = (params.page - 1) * params.per_page
    second = request.plan.reranked and params.sort == "relevance" and start < RERANK_DEPTH
    if not second or request.deadline.expired():
        return engine.search(request)
    depth = max(start + params.per_page, RERANK_DEPTH)
    wide = dataclasses.replace(  # bodies without spans: only the page gets snippets
        params,
        page=1,
        per_page=depth,
        max_per_page=max(depth, params.max_per_page),
        snippets=False,
    )
    found = engine.search(dataclasses.replace(request, params=wide, bodies=True))
    hits = found.hits
    if hits and all(hit.score is not None for hit in hits) and not request.deadline.expired():
        words = [t for group in request.parsed.groups for c in group for t in c.tokens]
        stats, documents = engine.trigram_stats(), engine.status().documents
        hits = rerank_hits(hits, words, stats, documents, request.deadline, engine.score_scale)
    page = hits[start : start + params.per_page]
    if params.snippets:
        terms = engine.highlight_terms(request.parsed)
        page = tuple(dataclasses.replace(h, spans=tuple(find_matches(h.body, terms))) for h in page)
    return dataclasses.replace(found, hits=page)


def run_search(engine: Engine, params: SearchParams) -> SearchResponse:
    """Search through ``engine``; the one response every renderer shows."""
    started = time.perf_counter()
    params = resolve_names(engine, params)
    typed = parse_query(params.q)
    latin = transliterate(engine, typed, params.q, params.time_limit_ms)
    parsed = latin.parsed
    request = SearchRequest(parsed, build_plan(parsed), params, Deadline(params.time_limit_ms))
    stories: list[StoryHit | None] = []
    if params.collapse:
        result, found_stories = collapsed(engine, request, ranked)
        stories = list(found_stories)
    else:
        result = ranked(engine, request)
        stories = story_sizes(engine, result.hits)
    stories += [None] * (len(result.hits) - len(stories))
    hint = Hint()
    if not parsed.is_empty and not request.deadline.expired():
        hint = suggest(engine, request, result.total)
    names = engine.source_names()
    changes = query_changes(typed, request.plan) + latin.changes
    unmatched = tuple(word for word in hint.unmatched if word not in latin.typed)
    echo = QueryEcho(
        **params.query_echo(normalized_echo(parsed)), changes=changes, unmatched=unmatched
    )
    return SearchResponse(
        query=echo,
        total=result.total,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        hits=tuple(_hit(h, params, names, s) for h, s in zip(result.hits, stories, strict=True)),
        facets={name: _facet(name, counts, names) for name, counts in result.facets.items()},
        suggestion=hint.suggestion,
        partial=result.partial,
        stories=result.stories,
        params=params,
    )
