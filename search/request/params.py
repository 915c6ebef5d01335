"""Search parameters: one validated object shared by the CLI, the API and the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from search.config import SEARCH_TIME_LIMIT_MS
from search.errors import QueryError
from search.request.facets import BY_NAME, KEYWORD_FACETS, MAX_FILTER_VALUES

SORTS = ("relevance", "newest", "oldest")
#: What the month histogram counts (``count``): articles, or distinct stories.
MONTH_COUNTS = ("articles", "stories")
MAX_PER_PAGE = 100
#: Batch evaluation (``bahth search --queries``) reads deeper: MAP@1000, recall@100.
MAX_BATCH_DEPTH = 1000
DEFAULT_PER_PAGE = 10
MAX_PAGE = 1000
__all__ = ["MAX_FILTER_VALUES", "SearchParams", "parse_date", "without_surrogates"]
#: Snippet length a caller may ask for (``snippet_chars``), characters of text:
#: 300 by default (three lines of a results page), up to 1,000 (still a snippet;
#: the document endpoint gives the whole article).
DEFAULT_SNIPPET_CHARS, MIN_SNIPPET_CHARS, MAX_SNIPPET_CHARS = 300, 100, 1000


def without_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and every lone surrogate replaced by U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


@dataclass(frozen=True)
class SearchParams:
    """What to search for, how to filter, sort and page.

    ``filters`` holds the selected values of each keyword facet of the registry
    (:mod:`search.request.facets`), by facet name: ``{"source": ("كونا",)}``.
    """

    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facets: bool = True
    snippets: bool = True
    snippet_chars: int = DEFAULT_SNIPPET_CHARS
    time_limit_ms: float = SEARCH_TIME_LIMIT_MS
    max_per_page: int = field(default=MAX_PER_PAGE, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    #: Each story once, at its best-ranked article (search/query/stories.py); False: every article.
    collapse: bool = True
    count: str = "articles"  # what the month histogram counts: MONTH_COUNTS
    #: The facets to count (None: every facet); a page that shows three asks for three.
    counted: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # A lone surrogate (from argv under a non-UTF-8 locale, or a library
        # caller) cannot be encoded into a URL or a JSON body: it becomes U+FFFD,
        # as Werkzeug already does with undecodable bytes in a request.
        object.__setattr__(self, "q", without_surrogates(self.q))
        filters = {}
        for name, values in self.filters.items():
            spec = BY_NAME.get(name)
            if spec is None or not spec.is_keyword:
                raise QueryError(name, "is not a filter")
            if isinstance(values, str):
                raise QueryError(spec.param, "must be a list of values")
            if len(values) > spec.max_values:
                raise QueryError(spec.param, f"at most {spec.max_values} values")
            if values:
                filters[name] = tuple(map(without_surrogates, values))
        object.__setattr__(self, "filters", filters)
        if self.sort not in SORTS:
            raise QueryError("sort", f"must be one of {', '.join(SORTS)}")
        if not 1 <= self.page <= MAX_PAGE:
            raise QueryError("page", f"must be between 1 and {MAX_PAGE}")
        if not 1 <= self.per_page <= self.max_per_page:
            raise QueryError("per_page", f"must be between 1 and {self.max_per_page}")
        if not MIN_SNIPPET_CHARS <= self.snippet_chars <= MAX_SNIPPET_CHARS:
            raise QueryError(
                "snippet_chars", f"must be between {MIN_SNIPPET_CHARS} and {MAX_SNIPPET_CHARS}"
            )
        if self.count not in MONTH_COUNTS:
            raise QueryError("count", f"must be one of {', '.join(MONTH_COUNTS)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("from", "must not be after 'to'")
        if self.counted is not None and not set(self.counted) <= BY_NAME.keys():
            raise QueryError("counted", f"facets are {', '.join(BY_NAME)}")

    def __hash__(self) -> int:
        return hash((self.q, tuple(sorted(self.filters.items())), self.date_from, self.date_to,
                     self.sort, self.page, self.per_page, self.facets, self.snippets,
                     self.snippet_chars, self.time_limit_ms))  # fmt: skip

    def counts(self, facet: str) -> bool:
        """Whether ``facet`` is counted (every facet unless :attr:`counted` names some)."""
        return self.facets and (self.counted is None or facet in self.counted)

    def selected(self, name: str) -> tuple[str, ...]:
        """The values selected for a facet: a keyword facet's filter, or the month the
        from/to filter covers (:meth:`month_selection`)."""
        if name in self.filters:
            return self.filters[name]
        return self.month_selection() if name == "date" else ()

    def month_selection(self) -> tuple[str, ...]:
        """Months fully covered by the from/to filter, shown as selected."""
        if not self.date_from or not self.date_to:
            return ()
        start, end = self.date_from, self.date_to
        if start.day == 1 and start.strftime("%Y-%m") == end.strftime("%Y-%m"):
            return (start.strftime("%Y-%m"),)
        return ()

    def query_echo(self, normalized: str) -> dict[str, Any]:
        """The ``query`` object of the response body."""
        return {
            "q": self.q,
            "normalized": normalized,
            "filters": {
                **{spec.param: list(self.selected(spec.name)) for spec in KEYWORD_FACETS},
                "from": self.date_from.isoformat() if self.date_from else None,
                "to": self.date_to.isoformat() if self.date_to else None,
            },
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
        }


def parse_date(value: str | None, field_name: str) -> dt.date | None:
    """``YYYY-MM-DD`` or nothing; anything else is a :class:`QueryError`."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except (ValueError, TypeError):
        raise QueryError(field_name, "must be a date written YYYY-MM-DD") from None
