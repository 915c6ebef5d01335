"""URLs of the page and the API with one piece of state changed.

Every link a user can follow (facet toggles, chips, histogram bars, sort,
pages, 'did you mean') is built here from the validated
:class:`~search.request.params.SearchParams`, never from the raw query string, so
junk parameters are dropped and links are canonical. Changing a filter
always goes back to page 1.

A filter takes at most ``MAX_FILTER_VALUES`` values; a facet value that
would be the next one past it gets no ``toggle_url`` (switching values off
always has one), so no link the app offers leads to a 400.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from search.request.facets import BY_NAME, KEYWORD_FACETS
from search.request.params import DEFAULT_PER_PAGE, SearchParams

Pairs = list[tuple[str, str]]


def state_pairs(params: SearchParams) -> Pairs:
    """The query string of ``params``, defaults left out."""
    pairs: Pairs = []
    if params.q:
        pairs.append(("q", params.q))
    for spec in KEYWORD_FACETS:
        pairs += [(spec.param, v) for v in params.selected(spec.name)]
    if params.date_from:
        pairs.append(("from", params.date_from.isoformat()))
    if params.date_to:
        pairs.append(("to", params.date_to.isoformat()))
    if params.sort != "relevance":
        pairs.append(("sort", params.sort))
    if params.per_page != DEFAULT_PER_PAGE:
        pairs.append(("per_page", str(params.per_page)))
    if params.page != 1:
        pairs.append(("page", str(params.page)))
    if not params.collapse:
        pairs.append(("collapse", "off"))
    if params.count != "articles":
        pairs.append(("count", params.count))
    return pairs


def build_url(path: str, params: SearchParams) -> str:
    """``path`` with the query string of ``params`` (just ``path`` when empty)."""
    query = urlencode(state_pairs(params))
    return f"{path}?{query}" if query else path


def _toggled(values: tuple[str, ...], value: str) -> tuple[str, ...]:
    return tuple(v for v in values if v != value) if value in values else values + (value,)


def month_range(month: str) -> tuple[dt.date, dt.date]:
    """First and last day of a ``YYYY-MM`` month."""
    year, number = (int(x) for x in month.split("-"))
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def can_toggle(params: SearchParams, facet: str, value: str) -> bool:
    """Whether switching ``value`` keeps its filter within ``MAX_FILTER_VALUES``."""
    spec = BY_NAME[facet]
    if not spec.is_keyword:
        return True
    values = params.selected(facet)
    return value in values or len(values) < spec.max_values


def toggle(params: SearchParams, facet: str, value: str) -> SearchParams:
    """``params`` with one value of a facet (registry name) switched on or off, page 1."""
    if BY_NAME[facet].is_keyword:
        values = _toggled(params.selected(facet), value)
        return replace(params, filters={**params.filters, facet: values}, page=1)
    start, end = month_range(value)
    if (params.date_from, params.date_to) == (start, end):
        return replace(params, date_from=None, date_to=None, page=1)
    return replace(params, date_from=start, date_to=end, page=1)


def without(params: SearchParams, name: str, value: str | None = None) -> SearchParams:
    """``params`` with one applied filter removed (for the chips): a value of a
    keyword facet (registry name), or the ``from`` / ``to`` date."""
    spec = BY_NAME.get(name)
    if spec is not None and spec.is_keyword:
        kept = tuple(v for v in params.selected(name) if v != value)
        return replace(params, filters={**params.filters, name: kept}, page=1)
    if name == "from":
        return replace(params, date_from=None, page=1)
    return replace(params, date_to=None, page=1)


def clear_filters(params: SearchParams) -> SearchParams:
    """Only the query and the sort order kept."""
    return SearchParams(q=params.q, sort=params.sort, per_page=params.per_page)


def add_toggle_urls(response: dict[str, Any], path: str, params: SearchParams) -> None:
    """Give facet values a ``toggle_url``, as Datasette does (in place).

    Values that cannot be added any more (the filter is full) get none.
    """
    for facet, body in response.get("facets", {}).items():
        for item in body["results"]:
            if can_toggle(params, facet, item["value"]):
                item["toggle_url"] = build_url(path, toggle(params, facet, item["value"]))


def page_url(path: str, params: SearchParams, page: int) -> str:
    return build_url(path, replace(params, page=page))


def page_window(current: int, last: int, width: int = 2) -> Iterable[int | None]:
    """Page numbers to show around ``current``; ``None`` marks a gap."""
    shown = sorted({1, last, *range(max(1, current - width), min(last, current + width) + 1)})
    previous = 0
    for number in shown:
        if number - previous > 1:
            yield None
        yield number
        previous = number
