"""What the search page shows, computed from the params and the response.

The template only lays things out; every URL and label it needs is built
here from the same ``run_search`` response the API returns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from marshmallow import ValidationError

from search.errors import QueryError
from search.params import MAX_PAGE, SearchParams
from web.formatting import Bar, arabic_date, histogram
from web.schemas import error_fields
from web.urls import build_url, clear_filters, page_url, page_window, state_pairs, without

SORT_LABELS = {"relevance": "الأكثر صلة", "newest": "الأحدث أولًا", "oldest": "الأقدم أولًا"}
FACET_TITLES = {"source": "المصدر", "actors": "الفاعلون", "date": "التاريخ"}
FIELD_LABELS = {
    "q": ("نص البحث", "ألا يزيد على 1000 حرف"),
    "source": ("المصدر", "ألا تزيد على 50 قيمة"),
    "actor": ("الفاعل", "ألا تزيد على 50 قيمة"),
    "from": ("من تاريخ", "تاريخًا صحيحًا بالصيغة YYYY-MM-DD، مثل 2026-02-04"),
    "to": ("إلى تاريخ", "تاريخًا صحيحًا بالصيغة YYYY-MM-DD، مثل 2026-02-28"),
    "sort": ("الترتيب", "واحدًا من: الأكثر صلة، الأحدث، الأقدم"),
    "page": ("رقم الصفحة", "عددًا صحيحًا بين 1 و1000"),
    "per_page": ("عدد النتائج في الصفحة", "عددًا صحيحًا بين 1 و100"),
}


def arabic_errors(error: ValidationError | QueryError) -> list[str]:
    """One Arabic sentence per bad parameter, naming it as the form does."""
    messages = []
    for name in error_fields(error):
        if isinstance(error, QueryError) and name == "from" and "after" in error.message:
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

    @property
    def hidden_filters(self) -> list[tuple[str, str]]:
        """State the search box carries along (filters, page size), not q/sort/page."""
        keep = {"source", "actor", "from", "to", "per_page"}
        return [(k, v) for k, v in state_pairs(self.params) if k in keep]

    @property
    def hidden_for_sort(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in state_pairs(self.params) if k not in {"sort", "page"}]

    @property
    def hidden_for_dates(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in state_pairs(self.params) if k not in {"from", "to", "page"}]

    @property
    def chips(self) -> list[Chip]:
        p = self.params
        chips = [Chip("المصدر", s, self._url(without(p, "source", s))) for s in p.sources]
        chips += [Chip("الفاعل", a, self._url(without(p, "actor", a))) for a in p.actors]
        if p.date_from:
            chips.append(Chip("من", arabic_date(p.date_from), self._url(without(p, "from"))))
        if p.date_to:
            chips.append(Chip("إلى", arabic_date(p.date_to), self._url(without(p, "to"))))
        return chips

    @property
    def clear_url(self) -> str:
        return self._url(clear_filters(self.params))

    @property
    def shows_normalized(self) -> bool:
        normalized = self.response["query"]["normalized"]
        return bool(normalized) and normalized != " ".join(self.params.q.split())

    @property
    def suggestion_url(self) -> str | None:
        suggestion = self.response.get("suggestion")
        if not suggestion:
            return None
        return self._url(SearchParams(q=suggestion, sort=self.params.sort))

    @property
    def bars(self) -> list[Bar]:
        return histogram(self.response["facets"].get("date", {}))

    @property
    def facet_lists(self) -> list[tuple[str, str, dict[str, Any]]]:
        facets = self.response["facets"]
        return [
            (name, FACET_TITLES[name], facets[name])
            for name in ("source", "actors")
            if name in facets
        ]

    @property
    def first_rank(self) -> int:
        return (self.params.page - 1) * self.params.per_page + 1

    @property
    def pager(self) -> Pager | None:
        last = min(MAX_PAGE, math.ceil(self.response["total"] / self.params.per_page))
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

    @property
    def sort_options(self) -> list[tuple[str, str]]:
        return list(SORT_LABELS.items())

    def page_link(self, page: int) -> str:
        return page_url(self.path, self.params, page)

    def _url(self, params: SearchParams) -> str:
        return build_url(self.path, params)
