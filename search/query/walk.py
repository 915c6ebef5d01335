"""Walking every match of a search: cursor pages for the API, pages for exports.

A walk is the engines' search-after (:meth:`search.engine.base.Engine.search_after`):
each page starts after the previous page's last article, in a total order, so no
article is skipped or repeated however deep the walk goes, and nothing grows with
its depth. The order is the engines' *first stage*: relevance is (BM25 score desc,
id asc), with the score each row reports. The second stage
(:mod:`search.query.rerank`) reorders only a page view's top 100 from the bodies of
those 100; a walk does not apply it, because a position "after this article" must
mean the same on every page, and the reranked top is not a prefix of the first-stage
order. So a walk's rows are sorted by their own ``score`` column, and the search
page's first 100 may differ from a walk's first 100 in order (never in membership
past the first 100).

The API's cursor is opaque: the engine's position, the engine's name and a digest
of the search it belongs to, in base64url; a cursor from another search, another
engine or garbled is a :class:`QueryError` naming ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import time
from collections.abc import Iterator

from search.engine.base import Engine, EngineHit, EnginePage, SearchRequest
from search.errors import QueryError
from search.query.response import QueryEcho, SearchResponse
from search.query.run import _hit, resolve_names
from search.request.deadline import Deadline
from search.request.params import SearchParams
from search.request.plan import build_plan, normalized_echo
from search.request.syntax import parse_query

#: ``cursor=*`` starts a walk (Solr's word for it).
FIRST = "*"
#: Rows an export asks the engine for at a time (the memory of a page, not of the walk).
EXPORT_PAGE = 500
#: Each export page's own time: generous, since a partial page would lose rows.
EXPORT_PAGE_TIME_MS = 60_000.0


class IncompleteWalk(RuntimeError):
    """A page of an export ran out of time or lost a shard: its rows would be missing."""


def walk_request(engine: Engine, params: SearchParams, bodies: bool = False) -> SearchRequest:
    """The search, parsed and planned once, names resolved, for every page of a walk."""
    params = resolve_names(engine, params)
    parsed = parse_query(params.q)
    return SearchRequest(parsed, build_plan(parsed), params, Deadline(params.time_limit_ms), bodies)


def _fresh(request: SearchRequest) -> SearchRequest:
    """The same search with its own time (each page is a search of its own)."""
    return dataclasses.replace(request, deadline=Deadline(request.params.time_limit_ms))


def _digest(engine: Engine, params: SearchParams) -> str:
    """What a cursor belongs to: the engine and what is searched, filtered and sorted."""
    what = [engine.name, params.q, sorted((k, list(v)) for k, v in params.filters.items())]
    what += [str(params.date_from), str(params.date_to), params.sort]
    return hashlib.sha256(json.dumps(what, ensure_ascii=False).encode()).hexdigest()[:16]


def encode_cursor(engine: Engine, params: SearchParams, after: str) -> str:
    raw = json.dumps({"s": _digest(engine, params), "a": after}, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(engine: Engine, params: SearchParams, token: str) -> str | None:
    """The engine's position in ``token`` (``None`` for :data:`FIRST`)."""
    if token == FIRST:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        data = json.loads(raw.decode("utf-8"))
        digest, after = data["s"], data["a"]
    except (ValueError, binascii.Error, UnicodeDecodeError, KeyError, TypeError):
        raise QueryError("cursor", "is not a cursor this API gave") from None
    if digest != _digest(engine, params) or not isinstance(after, str):
        raise QueryError("cursor", "belongs to another search (same q, filters and sort needed)")
    return after


def cursor_page(
    engine: Engine, params: SearchParams, token: str
) -> tuple[SearchResponse, str | None]:
    """One page of ``params.per_page`` hits after ``token``, and the next page's cursor."""
    started = time.perf_counter()
    request = walk_request(engine, params)
    page = engine.search_after(request, decode_cursor(engine, params, token), params.per_page)
    params = request.params
    echo = QueryEcho(**params.query_echo(normalized_echo(request.parsed)))
    names = engine.source_names()
    response = SearchResponse(
        query=echo,
        total=page.total,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        hits=tuple(_hit(h, params, names) for h in page.hits),
        partial=page.partial,
        params=params,
    )
    following = encode_cursor(engine, params, page.after) if page.after is not None else None
    return response, following


def walk_pages(
    engine: Engine, params: SearchParams, bodies: bool = False, size: int = EXPORT_PAGE
) -> Iterator[EnginePage]:
    """Every page of the walk, first to last; :class:`IncompleteWalk` if one is partial."""
    params = dataclasses.replace(
        params, facets=False, snippets=False, time_limit_ms=EXPORT_PAGE_TIME_MS
    )
    request = walk_request(engine, params, bodies)
    after: str | None = None
    while True:
        page = engine.search_after(_fresh(request), after, size)
        if page.partial:
            raise IncompleteWalk("the search ran out of time or lost part of the index")
        yield page
        if page.after is None:
            return
        after = page.after


def walk_hits(
    engine: Engine, params: SearchParams, bodies: bool = False, size: int = EXPORT_PAGE
) -> Iterator[EngineHit]:
    """Every match, once, in the walk's order."""
    for page in walk_pages(engine, params, bodies, size):
        yield from page.hits
