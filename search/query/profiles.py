"""One actor or place at a glance: the facts of its page (``/actor/<name>``,
``/place/<name>``, ``bahth actor``), from searches every engine already answers.

The article count, months, outlets and the *other* facet's values (places of an
actor, actors of a place) are the facet counts of a browse filtered by the value,
which both engines compute as any facet (Whoosh from its facet arrays, Solr with
JSON facets). The values of the page's *own* facet beside it cannot come from
that browse (counts are disjunctive: a facet's own filter is lifted to count it),
so the engine contract's :meth:`~search.engine.base.Engine.cooccurring` counts them
(one ``bincount`` over the arrays; one facet request on Solr).
"""

from __future__ import annotations

from dataclasses import dataclass

from search.engine.base import Engine
from search.query.response import SearchResponse
from search.query.run import resolve_names, run_search
from search.request.params import SearchParams
from search.text.names import load_alias_table

#: Values shown per list, and latest articles listed.
SHOWN = 10
#: The page's facet → the other multi-valued facet shown beside it.
OTHER = {"actors": "places", "places": "actors"}


@dataclass(frozen=True)
class Count:
    value: str
    count: int


@dataclass(frozen=True)
class Latest:
    id: str
    title: str
    source: str | None
    published: str | None


@dataclass(frozen=True)
class Profile:
    """What the page shows of one value of ``facet`` (``actors`` or ``places``)."""

    facet: str
    name: str  # the canonical value
    spellings: tuple[str, ...]  # the names table's spellings merged into it
    latin: tuple[str, ...]
    articles: int
    months: tuple[Count, ...]
    outlets: tuple[Count, ...]
    actors: tuple[Count, ...]
    places: tuple[Count, ...]
    latest: tuple[Latest, ...]
    partial: bool


def _counts(response: SearchResponse, facet: str, limit: int | None = SHOWN) -> tuple[Count, ...]:
    found = response.facets.get(facet)
    if found is None:
        return ()
    return tuple(Count(b.value, b.count) for b in found.results if b.count)[:limit]


def _spellings(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    for entry in load_alias_table()[1]:
        if entry.canonical == name:
            return tuple(dict.fromkeys(entry.variants)), entry.latin_names
    return (), ()


def profile(engine: Engine, facet: str, name: str) -> Profile | None:
    """The facts of ``name`` (any spelling the resolver knows) in ``facet``, or ``None``
    when no article of the index has it."""
    params = resolve_names(engine, SearchParams(filters={facet: (name,)}))
    value = params.filters[facet][0]
    shown = ("date", "source", OTHER[facet])  # not the page's own facet: cooccurring counts it
    browse = SearchParams(filters={facet: (value,)}, sort="newest", snippets=False, counted=shown)
    first = run_search(engine, browse)
    if first.total == 0:
        return None
    cooccurring = tuple(Count(v, c) for v, c in engine.cooccurring(facet, value, SHOWN))
    other = _counts(first, OTHER[facet])
    spellings, latin = _spellings(value)
    months = tuple(sorted(_counts(first, "date", None), key=lambda c: c.value))
    return Profile(
        facet=facet,
        name=value,
        spellings=spellings,
        latin=latin,
        articles=first.total,
        months=months,
        outlets=_counts(first, "source"),
        actors=cooccurring[:SHOWN] if facet == "actors" else other,
        places=cooccurring[:SHOWN] if facet == "places" else other,
        latest=tuple(Latest(h.id, h.title, h.source, h.published) for h in first.hits[:SHOWN]),
        partial=first.partial,
    )
