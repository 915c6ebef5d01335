"""The facets, declared once: every layer reads this registry.

A row names the facet (its key in responses), the URL/API/CLI parameter that
filters by it, the :class:`~search.request.params.SearchParams` attribute holding
the selected values, the Arabic title the page shows, its kind, how many
values are shown and how many may be selected, and which :class:`Article`
attribute the index takes its values from. The index fields, the filters and
counts of the Whoosh engine, the API schema, the page's URLs and columns and
the CLI flags are all built from these rows; adding a facet is one row, a
``SearchParams`` attribute and an extractor filling the article attribute.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.request.params import MAX_FILTER_VALUES, SearchParams

KEYWORD = "keyword"  # one value per article (source)
MULTI_KEYWORD = "multi-keyword"  # several values per article (actors)
DATE_MONTH = "date-month"  # a date, counted by month, filtered by from/to


@dataclass(frozen=True)
class FacetSpec:
    name: str
    param: str
    attribute: str | None  # the SearchParams attribute with the selected values
    label: str
    kind: str
    limit: int
    max_values: int = MAX_FILTER_VALUES
    article_attribute: str | None = None  # where the index reads the values
    cli_help: str = ""
    chip_label: str = ""  # the singular the page's filter chips show

    @property
    def is_keyword(self) -> bool:
        return self.kind in (KEYWORD, MULTI_KEYWORD)


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec(
        "source",
        "source",
        "sources",
        "المصدر",
        KEYWORD,
        limit=30,
        article_attribute="source",
        cli_help="Only this source, by any of its known names (repeatable: OR).",
        chip_label="المصدر",
    ),
    FacetSpec(
        "actors",
        "actor",
        "actors",
        "الفاعلون",
        MULTI_KEYWORD,
        limit=20,
        article_attribute="actors",
        cli_help="Only articles naming this actor, by any known name (repeatable: OR).",
        chip_label="الفاعل",
    ),
    FacetSpec(
        "places",
        "place",
        "places",
        "الأماكن",
        MULTI_KEYWORD,
        limit=20,
        article_attribute="places",
        cli_help="Only articles naming this city, region or site (repeatable: OR).",
        chip_label="المكان",
    ),
    FacetSpec("date", "month", None, "التاريخ", DATE_MONTH, limit=240),
)
KEYWORD_FACETS = tuple(spec for spec in FACETS if spec.is_keyword)
MULTI_FACETS = tuple(spec for spec in FACETS if spec.kind == MULTI_KEYWORD)
BY_NAME = {spec.name: spec for spec in FACETS}
BY_PARAM = {spec.param: spec for spec in FACETS}


def facet(name: str) -> FacetSpec:
    """The spec of a facet by its response key (``source``, ``actors``, ``places``, ``date``)."""
    return BY_NAME[name]


def month_selection(params: SearchParams) -> tuple[str, ...]:
    """Months fully covered by the from/to filter, shown as selected."""
    if not params.date_from or not params.date_to:
        return ()
    start, end = params.date_from, params.date_to
    if start.day == 1 and start.strftime("%Y-%m") == end.strftime("%Y-%m"):
        return (start.strftime("%Y-%m"),)
    return ()
