"""The ``bahth`` command: thin click commands over the library.

Library errors (:class:`~search.errors.BahthError`) become one line on
stderr and exit code 1; click's usage errors exit 2; success exits 0.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from search import __version__
from search.cli.base import PATH, BahthGroup, engine_options
from search.cli.follow_commands import export_command, watch_command
from search.cli.index_commands import index
from search.cli.profiles import actor_command, place_command
from search.cli.search_options import (
    Asked,
    Batch,
    Output,
    filter_options,
    opened_engine,
    output_options,
    result_options,
)
from search.cli.story_commands import other_versions, story_command
from search.config import CLIENT_TIMEOUT_S, DEFAULT_CORPUS, DEFAULT_INDEX
from search.engine.base import Engine
from search.errors import BahthError
from search.query.batch import batch_responses, write_trec_run
from search.query.response import SearchResponse
from search.query.run import run_search
from search.request.changes import LATIN_PENDING, RESPELLED, TRANSLITERATED
from search.request.facets import BY_NAME


@click.group(cls=BahthGroup)
@click.version_option(__version__, prog_name="bahth")
def main() -> None:
    """Bahth (بحث): build and search indexes of Arabic news."""


main.add_command(index)
main.add_command(export_command)
main.add_command(watch_command)
main.add_command(actor_command)
main.add_command(place_command)
main.add_command(story_command)


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@filter_options
@result_options
@output_options
@opened_engine
def search_command(engine: Engine, query: str, asked: Asked, output: Output) -> None:
    """Search an index (or run a batch of queries with --queries)."""
    if output.batch is not None:
        if query:
            raise click.UsageError("give either QUERY or --queries, not both")
        _run_batch(engine, output.batch, asked.per_page)
        return
    response = run_search(engine, asked.params(query))
    if output.as_json:
        from web.bodies import search_body

        click.echo(json.dumps(search_body(response), ensure_ascii=False, indent=2))
    else:
        _print_readable(response)


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
    stories = f" ({response.stories} stories)" if response.stories is not None else ""
    click.echo(f"{response.total} results for «{echo.q}» in {response.took_ms} ms{stories}")
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
        if hit.others:
            others = other_versions(hit)
            click.echo(f"   and {len(hit.others)} more in story {hit.story}: {others}")
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
