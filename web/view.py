"""What the search page shows, computed from the params and the response.

The template only lays things out; every URL and label it needs is built
here from the same ``run_search`` response the API returns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from marshmallow import ValidationError

from search.errors import QueryError
from search.query.labels import display_label
from search.query.latin import as_written
from search.request.changes import LATIN_PENDING, RESPELLED, TRANSLITERATED
from search.request.facets import KEYWORD_FACETS, MULTI_FACETS
from search.request.params import (
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_SNIPPET_CHARS,
    MIN_SNIPPET_CHARS,
    SearchParams,
)
from search.request.syntax import MAX_QUERY_CHARS
from web.formatting import Bar, arabic_date, histogram
from web.schemas import error_fields
from web.urls import build_url, clear_filters, page_url, page_window, state_pairs, without

SORT_LABELS = {"relevance": "الأكثر صلة", "newest": "الأحدث أولًا", "oldest": "الأقدم أولًا"}
FIELD_LABELS = {
    "q": ("نص البحث", f"ألا يزيد على {MAX_QUERY_CHARS} حرف"),
    "source": ("المصدر", f"ألا تزيد على {MAX_FILTER_VALUES} قيمة"),
    "actor": ("الفاعل", f"ألا تزيد على {MAX_FILTER_VALUES} قيمة"),
    "place": ("المكان", f"ألا تزيد على {MAX_FILTER_VALUES} قيمة"),
    "from": ("من تاريخ", "تاريخًا صحيحًا بالصيغة YYYY-MM-DD، مثل 2026-02-04"),
    "to": ("إلى تاريخ", "تاريخًا صحيحًا بالصيغة YYYY-MM-DD، مثل 2026-02-28"),
    "sort": ("الترتيب", "واحدًا من: الأكثر صلة، الأحدث، الأقدم"),
    "page": ("رقم الصفحة", f"عددًا صحيحًا بين 1 و{MAX_PAGE}"),
    "per_page": ("عدد النتائج في الصفحة", f"عددًا صحيحًا بين 1 و{MAX_PER_PAGE}"),
    "snippet_chars": (
        "طول المقتطف",
        f"عددًا صحيحًا بين {MIN_SNIPPET_CHARS} و{MAX_SNIPPET_CHARS}",
    ),
}


def arabic_errors(error: ValidationError | QueryError) -> list[str]:
    """One Arabic sentence per bad parameter, naming it as the form does."""
    messages = []
    for name in error_fields(error):
        # The only cross-field rule (QueryError) is "from after to".
        if isinstance(error, QueryError) and name == "from":
            messages.append("تاريخ البداية («من») يقع بعد تاريخ النهاية («إلى»).")
            continue
        label, rule = FIELD_LABELS.get(name, (name, "قيمة صحيحة"))
        messages.append(f"قيمة «{label}» غير صالحة: يجب أن تكون {rule}.")
    return messages


@dataclass
class Chip:
    kind: str
    label: str
    remove_url: str


@dataclass
class Pager:
    current: int
    last: int
    prev_url: str | None
    next_url: str | None
    pages: list[tuple[int, str] | None] = field(default_factory=list)


@dataclass
class SearchView:
    """Everything the search template needs besides the response itself."""

    params: SearchParams
    response: dict[str, Any]
    path: str = "/"
    source_names: Mapping[str, str] = field(default_factory=dict)  # declared by the corpus
    #: ``scale=share``: all articles of the selected sources per month (the bars' divisor).
    month_base: Mapping[str, int] | None = None

    def _state_except(self, *names: str) -> list[tuple[str, str]]:
        """The URL state as hidden form fields, less what the form itself sets."""
        return [(k, v) for k, v in state_pairs(self.params) if k not in names]

    @property
    def hidden_filters(self) -> list[tuple[str, str]]:
        """State the search box carries along (filters, page size), not q/sort/page."""
        return self._state_except("q", "sort", "page")

    @property
    def hidden_for_sort(self) -> list[tuple[str, str]]:
        return self._state_except("sort", "page")

    @property
    def hidden_for_dates(self) -> list[tuple[str, str]]:
        return self._state_except("from", "to", "page")

    @property
    def hit_facets(self) -> list[str]:
        """The multi-valued facets each hit lists (registry names, as the body's keys)."""
        return [spec.name for spec in MULTI_FACETS]

    @cached_property
    def chips(self) -> list[Chip]:
        p = self.params
        chips = [
            Chip(
                spec.chip_label,
                display_label(spec, value, self.source_names),
                self._url(without(p, spec.name, value)),
            )
            for spec in KEYWORD_FACETS
            for value in p.selected(spec.name)
        ]
        if p.date_from:
            chips.append(Chip("من", arabic_date(p.date_from), self._url(without(p, "from"))))
        if p.date_to:
            chips.append(Chip("إلى", arabic_date(p.date_to), self._url(without(p, "to"))))
        return chips

    @cached_property
    def clear_url(self) -> str:
        return self._url(clear_filters(self.params))

    @property
    def changes(self) -> list[str]:
        """Where the search differs from the words typed, one sentence each (never the
        normalised form: it searches what was typed and reads as a misspelling)."""
        return [
            f"بحثنا عن «{c['searched']}» بدل «{c['typed']}»"
            if c["kind"] == RESPELLED
            else f"بحثنا عن «{c['typed']}» كما كُتبت: تهجئاتها العربية لم تُجهَّز بعد"
            if c["kind"] == LATIN_PENDING
            else f"الكلمة الشائعة «{c['typed']}» ليست شرطًا في النتائج"
            for c in self.response["query"]["changes"]
            if c["kind"] != TRANSLITERATED
        ]

    @property
    def transliterations(self) -> list[tuple[str, str, str]]:
        """Latin words searched as Arabic spellings: (typed, searched, the URL that
        searches the typed words alone, quoted)."""
        p = self.params
        return [
            (c["typed"], c["searched"], self._url(replace(p, q=as_written(p.q, c["typed"]))))
            for c in self.response["query"]["changes"]
            if c["kind"] == TRANSLITERATED
        ]

    @property
    def suggestion_url(self) -> str | None:
        suggestion = self.response.get("suggestion")
        if not suggestion:
            return None
        return self._url(SearchParams(q=suggestion, sort=self.params.sort))

    @cached_property
    def bars(self) -> list[Bar]:
        return histogram(self.response["facets"].get("date", {}), self.month_base)

    @property
    def tallest(self) -> Bar | None:
        """The month that sets the histogram's scale (its count is printed)."""
        return max(self.bars, key=lambda bar: bar.count if bar.share is None else bar.share,
                   default=None)  # fmt: skip

    @property
    def selected_month(self) -> Bar | None:
        return next((bar for bar in self.bars if bar.selected), None)

    @property
    def dates_active(self) -> bool:
        return bool(self.params.date_from or self.params.date_to)

    @property
    def all_dates_url(self) -> str:
        """The way back from a month (or any date range) to all dates."""
        return self._url(replace(self.params, date_from=None, date_to=None, page=1))

    @property
    def filters_active(self) -> bool:
        """Whether any filter is on: the phone's filter panel is then open at first."""
        return bool(self.chips)

    @property
    def facet_lists(self) -> list[tuple[str, str, dict[str, Any]]]:
        facets = self.response["facets"]
        return [
            (spec.name, spec.label, facets[spec.name])
            for spec in KEYWORD_FACETS
            if spec.name in facets
        ]

    @property
    def first_rank(self) -> int:
        return (self.params.page - 1) * self.params.per_page + 1

    @cached_property
    def pager(self) -> Pager | None:
        shown = self.response.get("stories")  # collapsed: pages of stories
        total = self.response["total"] if shown is None else shown
        last = min(MAX_PAGE, math.ceil(total / self.params.per_page))
        if last <= 1 and self.params.page == 1:
            return None
        current = self.params.page
        last = max(last, 1)
        return Pager(
            current=current,
            last=last,
            prev_url=self.page_link(current - 1) if current > 1 else None,
            next_url=self.page_link(current + 1) if current < last else None,
            pages=[(n, self.page_link(n)) if n else None for n in page_window(current, last)],
        )

    def scale_url(self, scale: str) -> str:
        """This page with the histogram on ``scale`` (count or share)."""
        pairs = state_pairs(self.params) + ([("scale", scale)] if scale != "count" else [])
        return f"{self.path}?{urlencode(pairs)}" if pairs else self.path

    @property
    def feed_url(self) -> str:
        """This search's Atom feed (``/feed``: the same parameters, newest first)."""
        return build_url("/feed", replace(self.params, sort="relevance", page=1))

    @property
    def export_url(self) -> str:
        """Every match of this search as CSV (``/api/export``)."""
        return build_url("/api/export", replace(self.params, page=1))

    @property
    def sort_options(self) -> list[tuple[str, str]]:
        return list(SORT_LABELS.items())

    @property
    def collapse_url(self) -> str:
        """This search with collapsing switched (page 1: the pages differ)."""
        switched = replace(self.params, collapse=not self.params.collapse, page=1)
        return self._url(switched)

    def page_link(self, page: int) -> str:
        return page_url(self.path, self.params, page)

    def _url(self, params: SearchParams) -> str:
        return build_url(self.path, params)
