"""The ``bahth`` command: thin click commands over the library.

Library errors (:class:`~search.errors.BahthError`) become one line on
stderr and exit code 1; click's usage errors exit 2; success exits 0.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from search import __version__
from search.cli.base import PATH, BahthGroup, engine_options
from search.cli.index_commands import index
from search.cli.profiles import actor_command, place_command
from search.config import CLIENT_TIMEOUT_S, DEFAULT_CORPUS, DEFAULT_INDEX
from search.engine import open_engine
from search.engine.base import Engine
from search.errors import BahthError
from search.query.batch import batch_responses, write_trec_run
from search.query.response import SearchResponse
from search.query.run import run_search
from search.request.changes import LATIN_PENDING, RESPELLED, TRANSLITERATED
from search.request.facets import BY_NAME, KEYWORD_FACETS
from search.request.params import MAX_BATCH_DEPTH, MAX_PER_PAGE, SORTS, SearchParams, parse_date


@click.group(cls=BahthGroup)
@click.version_option(__version__, prog_name="bahth")
def main() -> None:
    """Bahth (بحث): build and search indexes of Arabic news."""


main.add_command(index)
main.add_command(actor_command)
main.add_command(place_command)


def _facet_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One repeatable flag per keyword facet of the registry (``--source``, ``--actor``)."""
    for spec in reversed(KEYWORD_FACETS):
        func = click.option(
            f"--{spec.param}", f"facet_{spec.name}", multiple=True, help=spec.cli_help
        )(func)
    return func


@dataclass(frozen=True)
class Batch:
    """``--queries`` and where and how to write their results."""

    queries: Any  # an open qid<TAB>query file
    output: Any
    run_name: str
    as_json: bool


def _engine_and_batch(func: Callable[..., Any]) -> Callable[..., Any]:
    """Gather the engine options into an open engine and the batch options into a
    :class:`Batch` (``None`` without ``--queries``), so the command takes two values."""

    @functools.wraps(func)
    def command(
        *,
        index_dir: Path,
        engine_kind: str,
        solr_url: str | None,
        collection: str | None,
        solr_analysis: str | None,
        queries: Any,
        output: Any,
        run_name: str,
        out_format: str,  # noqa: ARG001 - one format so far (trec; --json gives JSON lines)
        **rest: Any,
    ) -> Any:
        engine = open_engine(engine_kind, index_dir, solr_url, collection, solr_analysis)
        engine.status()  # a missing index is one clear line, before any query runs
        batch = Batch(queries, output, run_name, rest["as_json"]) if queries else None
        return func(engine=engine, batch=batch, **rest)

    return command


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@_facet_options
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option(
    "--per-page",
    type=click.IntRange(1, MAX_BATCH_DEPTH),
    default=10,
    show_default=True,
    help=f"Hits per page (at most {MAX_PER_PAGE}; {MAX_BATCH_DEPTH} with --queries).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON response body.")
@click.option(
    "--queries", type=click.File("r", encoding="utf-8"), help="Batch mode: a qid<TAB>query file."
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["trec"]),
    default="trec",
    help="Batch output format (--json gives one JSON response body per line instead).",
)
@click.option("--run-name", default="bahth", show_default=True, help="TREC run name.")
@engine_options
@click.option(
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Batch output file (default: stdout).",
)
@_engine_and_batch
def search_command(
    engine: Engine,
    batch: Batch | None,
    query: str,
    per_page: int,
    as_json: bool,
    **choices: Any,
) -> None:
    """Search an index (or run a batch of queries with --queries)."""
    if batch is not None:
        if query:
            raise click.UsageError("give either QUERY or --queries, not both")
        _run_batch(engine, batch, per_page)
        return
    if per_page > MAX_PER_PAGE:
        raise click.BadParameter(
            f"at most {MAX_PER_PAGE} without --queries", param_hint="'--per-page'"
        )
    response = run_search(engine, _search_params(query, per_page, choices))
    if as_json:
        from web.bodies import search_body

        click.echo(json.dumps(search_body(response), ensure_ascii=False, indent=2))
    else:
        _print_readable(response)


def _search_params(query: str, per_page: int, choices: dict[str, Any]) -> SearchParams:
    """The parameters of one search from the command's options (one flag per facet row)."""
    return SearchParams(
        q=query,
        filters={spec.name: choices[f"facet_{spec.name}"] for spec in KEYWORD_FACETS},
        date_from=parse_date(choices["date_from"], "from"),
        date_to=parse_date(choices["date_to"], "to"),
        sort=choices["sort"],
        page=choices["page"],
        per_page=per_page,
    )


def _run_batch(engine: Engine, batch: Batch, per_page: int) -> None:
    """Every query of the file: a TREC run, or one API body per line with --json."""
    if batch.as_json:
        from web.bodies import search_body

        count = 0
        for count, (qid, found) in enumerate(  # noqa: B007 - the count is reported
            batch_responses(engine, batch.queries, per_page, full=True), start=1
        ):
            body = {"qid": qid, **search_body(found)}
            batch.output.write(json.dumps(body, ensure_ascii=False) + "\n")
    else:
        count = write_trec_run(engine, batch.queries, batch.output, per_page, batch.run_name)
    click.echo(f"wrote {count} queries", err=True)


def _print_readable(response: SearchResponse) -> None:
    """Results for a terminal: snippets with the matched words in [brackets]."""
    echo = response.query
    click.echo(f"{response.total} results for «{echo.q}» in {response.took_ms} ms")
    for change in echo.changes:
        if change.kind == RESPELLED:
            click.echo(f"searched «{change.searched}» for «{change.typed}»")
        elif change.kind == TRANSLITERATED:
            click.echo(f"{change.typed} → {change.searched} (quote it to search it alone)")
        elif change.kind == LATIN_PENDING:
            click.echo(f"«{change.typed}» searched as written (Arabic spellings being listed)")
        else:
            click.echo(f"«{change.typed}» is a common word: not required")
    if echo.unmatched:
        click.echo("no article has: " + ", ".join(f"«{word}»" for word in echo.unmatched))
    start = (echo.page - 1) * echo.per_page
    for rank, hit in enumerate(response.hits, start=start + 1):
        meta = " · ".join(x for x in [hit.source_label or hit.source, hit.published] if x)
        click.echo(f"\n{rank}. {hit.title}  [{hit.id}]" + (f"  ({meta})" if meta else ""))
        if hit.snippet is not None:
            click.echo("   " + hit.snippet.render(str, "[", "]"))
    for name, facet in response.facets.items():
        values = ", ".join(f"{v.label} ({v.count})" for v in facet.results[:8])
        if values:
            click.echo(f"\n{BY_NAME[name].label} {name}: {values}")
    if response.suggestion:
        click.echo(f"\ndid you mean: {response.suggestion}")


@main.command("serve")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=lambda: os.cpu_count() or 1,
    show_default="number of cores",
    help="Server processes (one request uses one core).",
)
@click.option(
    "--client-timeout",
    type=click.IntRange(1, 300),
    default=CLIENT_TIMEOUT_S,
    show_default=True,
    help="Seconds a client has to send a request (and a kept-alive connection may idle).",
)
@click.option(
    "--threads", type=click.IntRange(1, 64), default=4, show_default=True, help="Per process."
)
@engine_options
def serve_command(
    index_dir: Path,
    host: str,
    port: int,
    workers: int,
    client_timeout: int,
    threads: int,
    engine_kind: str,
    solr_url: str | None,
    collection: str | None,
    solr_analysis: str | None,
) -> None:
    """Serve the search page and the JSON API on gunicorn (builds the seed index if none).

    ``--workers`` processes share the port; each follows index rebuilds on
    its own, so a new version is served everywhere without a restart. A
    request reaches a thread only once it has arrived whole, so slow clients
    cannot hold the threads; one slower than ``--client-timeout`` is dropped.
    """
    from search.index.build import build_index
    from search.store.layout import current_version_dir
    from web import create_app
    from web.gunicorn_serve import serve

    config: dict[str, Any] = {"INDEX_DIR": index_dir, "ENGINE": engine_kind}
    if engine_kind == "solr":
        config.update(SOLR_URL=solr_url, SOLR_COLLECTION=collection, SOLR_ANALYSIS=solr_analysis)
        served = f"Solr {collection or 'news'}"
    else:
        served = str(index_dir)
        try:
            current_version_dir(index_dir)
        except BahthError:
            click.echo(f"no index at {index_dir}: building it from {DEFAULT_CORPUS}", err=True)
            build_index(DEFAULT_CORPUS, index_dir)
    app = create_app(config)
    if engine_kind == "solr":  # an unreachable cluster: one line, exit 1
        app.extensions["bahth.engine"].status()
    # (A Whoosh index is never opened here: the workers would inherit its open files.)

    def announce(url: str) -> None:
        where = f"serving {served} on {url} with {workers} workers × {threads} threads"
        click.echo(where, err=True)

    serve(app, host, port, workers, threads, announce, client_timeout)
