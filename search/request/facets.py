"""The facets, declared once: every layer reads this registry.

A row names the facet (its key in responses and in
:attr:`~search.request.params.SearchParams.filters`), the URL/API/CLI parameter
that filters by it, the Arabic title the page shows, its kind, how many values
are shown and how many may be selected, and which :class:`Article` attribute the
index takes its values from. The index fields and columns, the saved arrays, the
filters and counts of both engines, the API schema, each hit's values, the
page's URLs, chips and columns and the CLI flags are all built from these rows;
adding a facet is one row and an extractor filling the article attribute.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.text.name_resolver import OUTLET
from search.text.names import ACTOR_TYPES

#: Values one filter may select (a longer list is a 400, not a slow search).
MAX_FILTER_VALUES = 50
KEYWORD = "keyword"  # one value per article (source)
MULTI_KEYWORD = "multi-keyword"  # several values per article (actors)
DATE_MONTH = "date-month"  # a date, counted by month, filtered by from/to


@dataclass(frozen=True)
class FacetSpec:
    name: str
    param: str
    label: str
    kind: str
    limit: int
    max_values: int = MAX_FILTER_VALUES
    article_attribute: str | None = None  # where the index reads the values
    #: The names-table entry types (or the outlets table) whose spellings resolve to
    #: this facet's values (:func:`search.text.name_resolver.known_names`).
    name_types: frozenset[str] = frozenset()
    cli_help: str = ""
    api_help: str = ""  # the API parameter's description (OpenAPI)
    chip_label: str = ""  # the singular the page's filter chips show

    @property
    def is_keyword(self) -> bool:
        return self.kind in (KEYWORD, MULTI_KEYWORD)


FACETS: tuple[FacetSpec, ...] = (
    FacetSpec(
        "source",
        "source",
        "المصدر",
        KEYWORD,
        limit=30,
        article_attribute="source",
        name_types=frozenset({OUTLET}),
        cli_help="Only this source, by any of its known names (repeatable: OR).",
        api_help="Only these sources (repeat the parameter: any of them).",
        chip_label="المصدر",
    ),
    FacetSpec(
        "actors",
        "actor",
        "الفاعلون",
        MULTI_KEYWORD,
        limit=20,
        article_attribute="actors",
        name_types=ACTOR_TYPES,
        cli_help="Only articles naming this actor, by any known name (repeatable: OR).",
        api_help="Only articles naming these actors (repeat: any of them).",
        chip_label="الفاعل",
    ),
    FacetSpec(
        "places",
        "place",
        "الأماكن",
        MULTI_KEYWORD,
        limit=20,
        article_attribute="places",
        name_types=frozenset({"place"}),
        cli_help="Only articles naming this city, region or site (repeatable: OR).",
        api_help="Only articles naming these cities, regions or sites (repeat: any).",
        chip_label="المكان",
    ),
    FacetSpec("date", "month", "التاريخ", DATE_MONTH, limit=240),
)
KEYWORD_FACETS = tuple(spec for spec in FACETS if spec.is_keyword)
MULTI_FACETS = tuple(spec for spec in FACETS if spec.kind == MULTI_KEYWORD)
BY_NAME = {spec.name: spec for spec in FACETS}
BY_PARAM = {spec.param: spec for spec in FACETS}


def facet(name: str) -> FacetSpec:
    """The spec of a facet by its response key (``source``, ``actors``, ``places``, ``date``)."""
    return BY_NAME[name]
