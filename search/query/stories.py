"""Collapsing a results page by story, above the engine seam.

Each story shows once, at its best-ranked article: the engine's ranked
candidates (with the second stage's order when the plan is reranked) are read in
order and an article whose story is already on the list is folded into it. This
runs over the first :func:`collapse_depth` candidates (at least the second
stage's 100, more for deeper pages, at most :data:`MAX_COLLAPSE_DEPTH`), as
LexisNexis groups duplicates among its first results; both engines give the same
ranked candidates, so both collapse the same way, and a story whose articles
sit on different SolrCloud shards collapses as well as one on a single shard.
The total of stories among *all* matches is the engine's (exact on both).

The candidates are read as keys only (id, story, score: Whoosh's columns, Solr's
``fl=id,story,score``) and the stored fields (whole text included) of the page
alone afterwards, so collapsing costs about what a page without it does; a
reranked plan reads every candidate's body anyway (the second stage needs them).

A collapsed hit carries its story's size and its other versions (outlet, date,
title), listed from the engine; facet counts stay article counts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from search.engine.base import Engine, EngineHit, EngineResult, SearchRequest, StoredArticle
from search.query.labels import source_label
from search.query.rerank import RERANK_DEPTH
from search.query.response import StoryVersion
from search.request.params import MAX_BATCH_DEPTH, MAX_PER_PAGE
from search.text.matching import find_matches

#: Candidates a collapsed page is cut from, at most.
MAX_COLLAPSE_DEPTH = MAX_BATCH_DEPTH
#: A page needs this many candidates per hit it shows (stories of several versions).
CANDIDATES_PER_HIT = 3
#: The most hits of one uncollapsed page whose stories are sized (an API page's cap).
MAX_SIZED_HITS = MAX_PER_PAGE


@dataclass(frozen=True)
class StoryHit:
    """One collapsed hit: the best-ranked article and the rest of its story."""

    hit: EngineHit
    size: int
    others: tuple[StoredArticle, ...]


def collapse_depth(start: int, per_page: int) -> int:
    return min(MAX_COLLAPSE_DEPTH, max(RERANK_DEPTH, CANDIDATES_PER_HIT * (start + per_page)))


def story_of(article: StoredArticle) -> str:
    """The key a hit collapses on: its story, or itself when it has none."""
    return article.story or "\x00" + article.id


def collapse_hits(hits: tuple[EngineHit, ...]) -> list[EngineHit]:
    """The first hit of each story, in rank order."""
    seen: set[str] = set()
    out = []
    for hit in hits:
        key = story_of(hit.article)
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def read_page(engine: Engine, page: list[EngineHit], bodies: bool) -> list[EngineHit]:
    """The keys-only hits of a page with their stored articles (and bodies), ranks kept."""
    stored = engine.stored_hits([h.article.id for h in page], bodies)
    return [
        dataclasses.replace(h, article=stored[h.article.id].article, body=stored[h.article.id].body)
        if h.article.id in stored
        else h
        for h in page
    ]


def collapsed(
    engine: Engine, request: SearchRequest, ranked: Callable[[Engine, SearchRequest], EngineResult]
) -> tuple[EngineResult, list[StoryHit]]:
    """The page of stories ``request`` asks for, and the engine's answer it came from
    (total, facets and story count over every match)."""
    params = request.params
    start = (params.page - 1) * params.per_page
    depth = collapse_depth(start, params.per_page)
    wide = dataclasses.replace(
        params, page=1, per_page=depth, max_per_page=max(depth, params.max_per_page),
        snippets=False,
    )  # fmt: skip
    # The second stage reads every candidate's body; otherwise the candidates are only
    # keys (id, story, score) and the page alone is read whole.
    second = request.plan.reranked and params.sort == "relevance"
    found = ranked(
        engine,
        dataclasses.replace(
            request, params=wide, bodies=second, keys_only=not second, count_stories=True
        ),
    )
    page = collapse_hits(found.hits)[start : start + params.per_page]
    keys = [h.article.story for h in page if h.article.story]  # keys only: shared stories
    if not second and page:
        page = read_page(engine, page, params.snippets)
    if params.snippets and page:
        terms = engine.highlight_terms(request.parsed)
        page = [dataclasses.replace(h, spans=tuple(find_matches(h.body, terms))) for h in page]
    versions = engine.story_versions(sorted(set(keys))) if keys else {}
    stories = []
    for hit in page:
        members = versions.get(hit.article.story or "", [])
        others = tuple(
            sorted(
                (a for a in members if a.id != hit.article.id),
                key=lambda a: (a.published or "9999", a.id),
            )
        )
        stories.append(StoryHit(hit, max(1, len(others) + 1), others))
    return dataclasses.replace(found, hits=tuple(h.hit for h in stories)), stories


def story_sizes(engine: Engine, hits: tuple[EngineHit, ...]) -> list[StoryHit | None]:
    """With ``collapse=off`` each article is shown, yet each still says how many articles
    its story holds (``story_size``, no others folded under it). A batch's deep pages
    (over :data:`MAX_SIZED_HITS`) are not sized: their hits say 1."""
    if len(hits) > MAX_SIZED_HITS:
        return [None] * len(hits)
    keys = sorted({h.article.story for h in hits if h.article.story})
    versions = engine.story_versions(keys) if keys else {}
    return [StoryHit(h, max(1, len(versions.get(h.article.story or "", []))), ()) for h in hits]


def story_fields(story: StoryHit, names: Mapping[str, str]) -> dict[str, Any]:
    """A collapsed hit's ``story_size`` and ``others``, as :class:`Hit` takes them."""
    others = tuple(
        StoryVersion(a.id, a.source, source_label(a.source, names), a.published, a.title)
        for a in story.others
    )
    return {"story_size": story.size, "others": others}
