"""The options of ``bahth search``, in groups, each gathered into the one value it makes.

Sixteen options on one function made a signature nobody could read and a body
that unpacked them by hand. Each group here adds its flags and hands the
command one value instead:

- :func:`filter_options`: one repeatable flag per keyword facet row of the
  registry (``--source``, ``--actor``, ``--place``, …), ``--from``, ``--to``;
- :func:`result_options`: ``--sort``, ``--page``, ``--per-page``, ``--collapse``, ``--count``;
  with the filters they make :class:`Asked`, what one search asks;
- :func:`output_options`: ``--json``, and the batch mode's ``--queries``,
  ``--format``, ``--run-name``, ``--output``, gathered into :class:`Output`;
- :func:`opened_engine`: the engine options (:func:`search.cli.base.engine_options`)
  as an open engine.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import click

from search.cli.base import engine_options
from search.engine import open_engine
from search.request.facets import KEYWORD_FACETS
from search.request.params import (
    MAX_BATCH_DEPTH,
    MAX_PER_PAGE,
    MONTH_COUNTS,
    SORTS,
    SearchParams,
    parse_date,
)

Command = Callable[..., Any]


def _gathering(names: tuple[str, ...], into: str, make: Callable[..., Any]) -> Callable:
    """Wrap a command so the options ``names`` reach it as one value ``into`` (``make``'s)."""

    def wrap(func: Command) -> Command:
        @functools.wraps(func)
        def command(**given: Any) -> Any:
            mine = {name: given.pop(name) for name in names}
            return func(**{into: make(**mine)}, **given)

        return command

    return wrap


def _with(options: list[Callable[[Command], Command]], func: Command) -> Command:
    for option in reversed(options):
        func = option(func)
    return func


@dataclass(frozen=True)
class Asked:
    """What one search asks, as the filter and result options gave it."""

    filters: dict[str, tuple[str, ...]]
    date_from: str | None
    date_to: str | None
    sort: str
    page: int
    per_page: int
    collapse: str = "on"
    month_count: str = "articles"

    def params(self, query: str) -> SearchParams:
        """The parameters of one search for ``query`` (``--per-page`` within the API's cap)."""
        if self.per_page > MAX_PER_PAGE:
            raise click.BadParameter(
                f"at most {MAX_PER_PAGE} without --queries", param_hint="'--per-page'"
            )
        return SearchParams(
            q=query,
            filters=self.filters,
            date_from=parse_date(self.date_from, "from"),
            date_to=parse_date(self.date_to, "to"),
            sort=self.sort,
            page=self.page,
            per_page=self.per_page,
            collapse=self.collapse == "on",
            count=self.month_count,
        )


def _facet_flag(spec_name: str) -> str:
    return f"facet_{spec_name}"


def filter_options(func: Command) -> Command:
    """One repeatable flag per keyword facet row, then ``--from`` and ``--to``; gathered
    with the result options into ``asked``."""
    options = [
        click.option(f"--{spec.param}", _facet_flag(spec.name), multiple=True, help=spec.cli_help)
        for spec in KEYWORD_FACETS
    ]
    options += [
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before."),
    ]
    return _with(options, func)


def result_options(func: Command) -> Command:
    """``--sort``, ``--page``, ``--per-page``; with the filters, one :class:`Asked`."""
    options = [
        click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True),
        click.option("--page", type=click.IntRange(1), default=1, show_default=True),
        click.option(
            "--per-page",
            type=click.IntRange(1, MAX_BATCH_DEPTH),
            default=10,
            show_default=True,
            help=f"Hits per page (at most {MAX_PER_PAGE}; {MAX_BATCH_DEPTH} with --queries).",
        ),
        click.option(
            "--collapse",
            type=click.Choice(["on", "off"]),
            default="on",
            show_default=True,
            help="on: each story once, at its best-ranked article; off: every article.",
        ),
        click.option(
            "--count",
            "month_count",
            type=click.Choice(MONTH_COUNTS),
            default="articles",
            show_default=True,
            help="What the month counts count.",
        ),
    ]
    names = tuple(_facet_flag(spec.name) for spec in KEYWORD_FACETS)

    def asked(**given: Any) -> Asked:
        filters = {spec.name: given.pop(_facet_flag(spec.name)) for spec in KEYWORD_FACETS}
        return Asked(filters=filters, **given)

    gather = _gathering(
        (*names, "date_from", "date_to", "sort", "page", "per_page", "collapse", "month_count"),
        "asked",
        asked,
    )
    return _with(options, gather(func))


@dataclass(frozen=True)
class Batch:
    """``--queries`` and where and how to write their results."""

    queries: Any  # an open qid<TAB>query file
    output: Any
    run_name: str
    as_json: bool


@dataclass(frozen=True)
class Output:
    """How results are written: JSON or for a reader; a batch when ``--queries`` is given."""

    as_json: bool
    batch: Batch | None


def _output(as_json: bool, queries: Any, out_format: str, run_name: str, output: Any) -> Output:
    del out_format  # one format so far (trec; --json gives JSON lines)
    return Output(as_json, Batch(queries, output, run_name, as_json) if queries else None)


def output_options(func: Command) -> Command:
    """``--json`` and the batch options: one :class:`Output`."""
    options = [
        click.option("--json", "as_json", is_flag=True, help="Print the API's JSON response body."),
        click.option(
            "--queries",
            type=click.File("r", encoding="utf-8"),
            help="Batch mode: a qid<TAB>query file.",
        ),
        click.option(
            "--format",
            "out_format",
            type=click.Choice(["trec"]),
            default="trec",
            help="Batch output format (--json gives one JSON response body per line instead).",
        ),
        click.option("--run-name", default="bahth", show_default=True, help="TREC run name."),
        click.option(
            "--output",
            type=click.File("w", encoding="utf-8"),
            default="-",
            help="Batch output file (default: stdout).",
        ),
    ]
    names = ("as_json", "queries", "out_format", "run_name", "output")
    return _with(options, _gathering(names, "output", _output)(func))


def _engine(
    index_dir: Any,
    engine_kind: str,
    solr_url: str | None,
    collection: str | None,
    solr_analysis: str | None,
) -> Any:
    engine = open_engine(engine_kind, index_dir, solr_url, collection, solr_analysis)
    engine.status()  # a missing index is one clear line, before any query runs
    return engine


def opened_engine(func: Command) -> Command:
    """``--index`` and the engine options, as one open engine."""
    names = ("index_dir", "engine_kind", "solr_url", "collection", "solr_analysis")
    return engine_options(_gathering(names, "engine", _engine)(func))
