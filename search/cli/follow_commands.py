"""``bahth export`` (every match as CSV or JSON lines) and ``bahth watch`` (what is new).

Both walk the search's matches (:mod:`search.query.walk`) a page at a time.
``watch`` remembers, in the state file it is given, the ids it has reported for
that search: a later run prints only matches it has not printed before, whether
the index grew by a rebuild or an update, and whatever their publication date
(an update can bring an old article); its first run prints every match (published
since ``--since``, when given). Without a state file it prints the matches
published since ``--since``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from search.cli.base import PATH, engine_options
from search.config import DEFAULT_INDEX
from search.engine import open_engine
from search.engine.base import Engine
from search.errors import BahthError
from search.query.export import FORMATS, export_chunks, export_fields, row
from search.query.walk import IncompleteWalk, walk_hits
from search.request.facets import KEYWORD_FACETS
from search.request.params import SORTS, SearchParams, parse_date

#: What ``watch`` prints of each new match.
WATCH_FIELDS = ("id", "title", "outlet", "date", "url", "actors", "places")


def search_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """QUERY, ``--index``, one flag per keyword facet, ``--from``/``--to`` and the engine."""
    func = engine_options(func)
    func = click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before.")(
        func
    )
    for spec in reversed(KEYWORD_FACETS):
        func = click.option(
            f"--{spec.param}", f"facet_{spec.name}", multiple=True, help=spec.cli_help
        )(func)
    func = click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX)(func)
    return click.argument("query", required=False, default="")(func)


def _open(choices: dict[str, Any]) -> Engine:
    engine = open_engine(
        choices["engine_kind"],
        choices["index_dir"],
        choices["solr_url"],
        choices["collection"],
        choices["solr_analysis"],
    )
    engine.status()  # a missing index is one clear line before anything is written
    return engine


def _params(query: str, choices: dict[str, Any], date_from: str | None, sort: str) -> SearchParams:
    return SearchParams(
        q=query,
        filters={spec.name: choices[f"facet_{spec.name}"] for spec in KEYWORD_FACETS},
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(choices["date_to"], "to"),
        sort=sort,
        facets=False,
        snippets=False,
    )


@click.command("export")
@search_options
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after.")
@click.option(
    "--sort",
    type=click.Choice([*SORTS, "date"]),
    default="relevance",
    show_default=True,
    help="Rank order (score, then id), or by date: date is oldest first.",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--fields", default=None, help="Columns, comma-separated (default: all but text).")
@click.option("--with-text", is_flag=True, help="Add the cleaned text of each article.")
@click.option("--output", "-o", type=PATH, default=None, help="File to write (default: stdout).")
def export_command(
    query: str,
    date_from: str | None,
    sort: str,
    fmt: str,
    fields: str | None,
    with_text: bool,
    output: Path | None,
    **choices: Any,
) -> None:
    """Write every article matching QUERY (and the filters), with no page limit."""
    columns = export_fields(fields, with_text)
    params = _params(query, choices, date_from, "oldest" if sort == "date" else sort)
    engine = _open(choices)
    out = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115 - closed below
    count = -1 if fmt == "csv" else 0  # the CSV header is a line too
    try:
        for chunk in export_chunks(engine, params, fmt, columns):
            out.write(chunk.encode("utf-8"))
            count += 1
    except IncompleteWalk as error:
        raise BahthError(f"export stopped: {error}") from None
    finally:
        if output:
            out.close()
        else:
            out.flush()
    click.echo(f"exported {count} articles", err=True)


def _load_state(path: Path | None, digest: str) -> set[str] | None:
    """The ids already reported for this search, or ``None`` on a first run."""
    if path is None or not path.exists():
        return None
    try:
        state = json.loads(path.read_text("utf-8"))
        search, seen = state["search"], state["seen"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BahthError(f"{path}: not a state file of bahth watch") from None
    if search != digest:
        raise BahthError(f"{path}: holds the state of another search")
    return set(seen)


def _save_state(path: Path, digest: str, seen: list[str]) -> None:
    ran = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"search": digest, "ran_at": ran, "seen": seen}), "utf-8")
    os.replace(temporary, path)  # a crash never leaves half a state


@click.command("watch")
@search_options
@click.option("--since", metavar="YYYY-MM-DD", help="Only articles published on or after.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@click.option("--state", type=PATH, default=None, help="File remembering what was printed.")
def watch_command(
    query: str, since: str | None, as_json: bool, state: Path | None, **choices: Any
) -> None:
    """Print the matches of QUERY that are new: since --since, or since the last run."""
    params = _params(query, choices, since, "newest")
    digest = json.dumps([params.q, sorted(params.filters.items()), str(params.date_to)])
    seen = _load_state(state, digest)
    if since is None and state is None:
        raise click.UsageError("give --since YYYY-MM-DD, or --state FILE to remember each run")
    engine = _open(choices)
    names = engine.source_names()
    walked: list[str] = []
    new = 0
    for hit in walk_hits(engine, params):
        walked.append(hit.article.id)
        if seen is not None and hit.article.id in seen:
            continue
        new += 1
        values = row(hit, WATCH_FIELDS, names)
        if as_json:
            click.echo(json.dumps(values, ensure_ascii=False))
        else:
            meta = " · ".join(str(v) for v in (values["date"], values["outlet"]) if v)
            click.echo(f"{values['title'] or values['id']}  [{values['id']}]  ({meta})")
    if state is not None:
        _save_state(state, digest, walked)
    click.echo(f"{new} new", err=True)
