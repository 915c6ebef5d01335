"""Monthly series of searches: counts, or shares of everything the sources published.

A topic's monthly count rises when it is talked about more, and also when an
outlet simply publishes more (a new source in the corpus, a busy year). The
share scale divides each month's matches by every article of the selected
sources that month (the same source and date filters, no words, no actor or
place filter), so a rise in share is a rise of the topic. Several searches
(up to :data:`MAX_COMPARED`) share one month axis: every month from the first to
the last that any of them has, months without matches as zero, so a chart's
x-axis is time and not a list of non-empty months.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from search.engine.base import Engine
from search.errors import QueryError
from search.query.walk import walk_request
from search.request.params import SearchParams

SCALES = ("count", "share")
MAX_COMPARED = 4


@dataclass(frozen=True)
class Series:
    """One search's months: its counts, and the value drawn (count or share)."""

    q: str
    total: int  # matches in a month (undated ones are in none)
    counts: tuple[int, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class Timeline:
    scale: str
    months: tuple[str, ...]  # YYYY-MM, consecutive
    base: tuple[int, ...]  # every article of the selected sources, per month
    series: tuple[Series, ...]


def _month_span(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _counts(engine: Engine, params: SearchParams) -> dict[str, int]:
    return engine.timeline(walk_request(engine, params))


def base_params(params: SearchParams) -> SearchParams:
    """Everything the selected sources published in the date range: the share's divisor."""
    sources = {"source": params.filters["source"]} if "source" in params.filters else {}
    return dataclasses.replace(params, q="", filters=sources)


def timeline(engine: Engine, searches: Sequence[SearchParams], scale: str = "count") -> Timeline:
    """The series of each search (the same filters for all) on one month axis."""
    if scale not in SCALES:
        raise QueryError("scale", f"must be one of {', '.join(SCALES)}")
    if not 1 <= len(searches) <= MAX_COMPARED:
        raise QueryError("q", f"between 1 and {MAX_COMPARED} searches")
    found = [_counts(engine, params) for params in searches]
    base = _counts(engine, base_params(searches[0]))
    held = sorted({m for counts in found for m in counts})
    months = _month_span(held[0], held[-1]) if held else []
    series = []
    for params, counts in zip(searches, found, strict=True):
        row = tuple(counts.get(m, 0) for m in months)
        if scale == "share":
            shares = []
            for month, count in zip(months, row, strict=True):
                shares.append(round(count / base[month], 6) if base.get(month) else 0.0)
            values: tuple[float, ...] = tuple(shares)
        else:
            values = tuple(float(c) for c in row)
        series.append(Series(params.q, sum(row), row, values))
    return Timeline(scale, tuple(months), tuple(base.get(m, 0) for m in months), tuple(series))
