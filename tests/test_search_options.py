"""``bahth search`` takes its options in groups: every flag stays, the command takes four values."""

from __future__ import annotations

import inspect

from search.cli.main import search_command
from search.request.facets import KEYWORD_FACETS

#: Every flag the command had before its options were grouped (README and tests use them).
FLAGS = {
    "--index",
    "--from",
    "--to",
    "--sort",
    "--page",
    "--per-page",
    "--json",
    "--queries",
    "--format",
    "--run-name",
    "--output",
    "--engine",
    "--solr-url",
    "--collection",
    "--solr-analysis",
}


def flags() -> set[str]:
    return {opt for param in search_command.params for opt in getattr(param, "opts", [])}


def test_every_flag_of_the_command_is_still_there() -> None:
    assert flags() >= FLAGS


def test_each_keyword_facet_row_gives_the_command_a_flag() -> None:
    assert {f"--{spec.param}" for spec in KEYWORD_FACETS} <= flags()


def test_the_command_takes_one_value_per_group_of_options() -> None:
    assert list(inspect.signature(search_command.callback).parameters) == [  # type: ignore[arg-type]
        "engine",
        "query",
        "asked",
        "output",
    ]
