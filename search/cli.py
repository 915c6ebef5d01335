"""The ``bahth`` command: thin click commands over the library.

Library errors (:class:`~search.errors.BahthError`) become one line on
stderr and exit code 1; click's usage errors exit 2; success exits 0.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from search import __version__
from search.config import DEFAULT_CORPUS, DEFAULT_INDEX
from search.corpus import parse_field_map
from search.errors import BahthError
from search.indexing import BuildReport, build_index, update_index
from search.params import SORTS, SearchParams, parse_date
from search.querying import run_search
from search.reader import IndexHolder
from search.stats import index_stats
from search.trec import write_trec_run

PATH = click.Path(path_type=Path)


class BahthGroup(click.Group):
    """Turns library errors into one line and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BahthError as error:
            raise click.ClickException(str(error)) from None
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        except BrokenPipeError:
            # The reader of our output went away (`bahth search … | head`): not an error.
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the closed pipe
            return None
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            raise click.ClickException(f"{where}{error.strerror or error}") from None


@click.group(cls=BahthGroup)
@click.version_option(__version__, prog_name="bahth")
def main() -> None:
    """Bahth (بحث): build and search indexes of Arabic news."""


@main.group(cls=BahthGroup)
def index() -> None:
    """Build, update and inspect indexes."""


def _corpus_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--corpus",
            type=PATH,
            default=DEFAULT_CORPUS,
            show_default=True,
            help="A .txt/.jsonl/.jsonl.gz file or a folder of them.",
        ),
        click.option(
            "--index",
            "index_dir",
            type=PATH,
            default=DEFAULT_INDEX,
            show_default=True,
            help="Index folder.",
        ),
        click.option(
            "--field",
            "fields",
            multiple=True,
            metavar="TARGET=SOURCE",
            help="Map a JSONL key onto ours (id, title, body, source, published, url, actors).",
        ),
        click.option(
            "--manifest",
            type=PATH,
            default=None,
            help="Metadata manifest (default: manifest.jsonl in a corpus folder).",
        ),
        click.option(
            "--skip-invalid",
            is_flag=True,
            help="Skip bad records and list them at the end instead of stopping.",
        ),
        click.option(
            "--workers",
            type=click.IntRange(1, 64),
            default=None,
            help="Processes for cleaning and extraction (default: 2).",
        ),
        click.option("--silent", is_flag=True, help="No progress bar or summary."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@contextmanager
def _progress(silent: bool, label: str) -> Iterator[Callable[[int], None] | None]:
    if silent or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=None, label=label, file=sys.stderr, show_pos=True) as bar:  # type: ignore[var-annotated]
        yield bar.update


def _summary(report: BuildReport, action: str, silent: bool) -> None:
    for line in report.skipped:
        click.echo(f"skipped {line}", err=True)
    if silent:
        return
    counts = f"{report.documents} documents"
    if action == "updated":
        counts += (
            f" (+{report.added} added, {report.replaced} replaced, "
            f"{report.deleted} deleted, {report.unchanged} unchanged)"
        )
    rate = report.documents / report.seconds if report.seconds else 0.0
    click.echo(
        f"{action} version {report.version}: {counts} in {report.seconds:.1f} s "
        f"({rate:.0f} docs/s); {len(report.skipped)} skipped",
        err=True,
    )
    if report.ignored_files:
        click.echo(
            f"ignored {len(report.ignored_files)} non-article files: "
            + ", ".join(report.ignored_files[:5]),
            err=True,
        )


@index.command("build")
@_corpus_options
def build_command(
    corpus: Path,
    index_dir: Path,
    fields: tuple[str, ...],
    manifest: Path | None,
    skip_invalid: bool,
    workers: int | None,
    silent: bool,
) -> None:
    """Build a new index version from a corpus and swap it in when complete."""
    field_map = parse_field_map(fields)
    with _progress(silent, "indexing") as progress:
        report = build_index(
            corpus, index_dir, field_map, skip_invalid, manifest, workers, progress
        )
    _summary(report, "built", silent)


@index.command("update")
@_corpus_options
@click.option(
    "--keep-missing", is_flag=True, help="Keep indexed documents that are no longer in the corpus."
)
def update_command(
    corpus: Path,
    index_dir: Path,
    fields: tuple[str, ...],
    manifest: Path | None,
    skip_invalid: bool,
    workers: int | None,
    silent: bool,
    keep_missing: bool,
) -> None:
    """Add, replace and delete documents by content hash, without a full rebuild."""
    field_map = parse_field_map(fields)
    with _progress(silent, "updating") as progress:
        report = update_index(
            corpus,
            index_dir,
            field_map,
            skip_invalid,
            manifest,
            not keep_missing,
            workers,
            progress,
        )
    _summary(report, "updated", silent)


@index.command("stats")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_command(index_dir: Path, as_json: bool) -> None:
    """Documents, terms, size on disk, facet cardinalities and build time."""
    stats = index_stats(IndexHolder(index_dir).get())
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    for key, value in stats.items():
        click.echo(f"{key:>20}: {value}")


@main.command("search")
@click.argument("query", required=False, default="")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@click.option("--source", "sources", multiple=True, help="Only this source (repeatable: OR).")
@click.option("--actor", "actors", multiple=True, help="Only this actor (repeatable: OR).")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON response body.")
@click.option(
    "--queries", type=click.File("r", encoding="utf-8"), help="Batch mode: a qid<TAB>query file."
)
@click.option(
    "--format",
    "out_format",
    type=click.Choice(["trec"]),
    default="trec",
    help="Batch output format.",
)
@click.option("--run-name", default="bahth", show_default=True, help="TREC run name.")
@click.option(
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="Batch output file (default: stdout).",
)
def search_command(
    query: str,
    index_dir: Path,
    sources: tuple[str, ...],
    actors: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    sort: str,
    page: int,
    per_page: int,
    as_json: bool,
    queries: Any,
    out_format: str,
    run_name: str,
    output: Any,
) -> None:
    """Search an index (or run a batch of queries with --queries)."""
    handle = IndexHolder(index_dir).get()
    if queries is not None:
        if query:
            raise click.UsageError("give either QUERY or --queries, not both")
        count = write_trec_run(handle, queries, output, per_page, run_name)
        click.echo(f"wrote {count} queries", err=True)
        return
    params = SearchParams(
        q=query,
        sources=sources,
        actors=actors,
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(date_to, "to"),
        sort=sort,
        page=page,
        per_page=per_page,
    )
    response = run_search(handle, params)
    if as_json:
        click.echo(json.dumps(response, ensure_ascii=False, indent=2))
    else:
        _print_readable(response)


def _print_readable(response: dict[str, Any]) -> None:
    echo = response["query"]["normalized"]
    click.echo(
        f"{response['total']} results for «{response['query']['q']}» "
        f"({echo}) in {response['took_ms']} ms"
    )
    start = (response["query"]["page"] - 1) * response["query"]["per_page"]
    for rank, hit in enumerate(response["hits"], start=start + 1):
        meta = " · ".join(x for x in [hit["source"], hit["published"]] if x)
        click.echo(f"\n{rank}. {hit['title']}  [{hit['id']}]" + (f"  ({meta})" if meta else ""))
        if hit["snippet"]:
            snippet = hit["snippet"].replace("<mark>", "[").replace("</mark>", "]")
            click.echo("   " + _unescape(snippet))
    for name, facet in response["facets"].items():
        values = ", ".join(f"{r['value']} ({r['count']})" for r in facet["results"][:8])
        if values:
            click.echo(f"\n{name}: {values}")
    if response["suggestion"]:
        click.echo(f"\ndid you mean: {response['suggestion']}")


def _unescape(text: str) -> str:
    from html import unescape

    return unescape(text)


@main.command("serve")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=4, show_default=True)
def serve_command(index_dir: Path, host: str, port: int, threads: int) -> None:
    """Serve the search page and the JSON API on waitress (builds the seed index if none)."""
    import waitress

    from search.indexing import current_version_dir
    from web import create_app

    try:
        current_version_dir(index_dir)
    except BahthError:
        click.echo(f"no index at {index_dir}: building it from {DEFAULT_CORPUS}", err=True)
        build_index(DEFAULT_CORPUS, index_dir)
    app = create_app({"INDEX_DIR": index_dir})
    server = waitress.create_server(app, host=host, port=port, threads=threads)
    click.echo(f"serving {index_dir} on http://{host}:{server.effective_port}/", err=True)
    server.run()
