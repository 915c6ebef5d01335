"""``bahth index build|update|stats``: thin commands over :mod:`search.index.build`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from search.cli.base import PATH, BahthGroup, engine_options
from search.config import DEFAULT_CORPUS, DEFAULT_INDEX, EXTRACTION_CACHE_MB
from search.index.progress import Progress
from search.index.stats import index_stats
from search.index.writer_seam import BuildOptions
from search.ingest.corpus import count_records, parse_field_map

if TYPE_CHECKING:  # the build side is imported by the commands that build, not by `stats`
    from search.index.build import BuildReport


@click.group(cls=BahthGroup)
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
        click.option(
            "--extraction-cache",
            "extraction_cache",
            type=PATH,
            default=None,
            help="Folder of the extraction cache (default: .extraction-cache beside the "
            "index folder).",
        ),
        click.option(
            "--no-extraction-cache",
            is_flag=True,
            help="Keep no extraction cache after this build (every text is extracted again).",
        ),
        click.option(
            "--extraction-cache-mb",
            type=click.FloatRange(min=1),
            default=None,
            help=f"The extraction cache's cap in MB (default: {EXTRACTION_CACHE_MB:g}).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _Bar:
    """A terminal progress bar per pass: records done / total, and the time left.

    A build reads the corpus twice (extracting, then indexing or updating); each
    pass gets its own bar over the corpus's records, skipped records counted as
    done, so every bar ends full. It shows no rate: the summary gives the one
    rate of the whole command, and a second figure would contradict it. Only
    drawn when stderr is a terminal (a redirected log gets the summary alone)
    and never with ``--silent``. The total is counted before the build starts
    (one cheap pass over the corpus files).
    """

    def __init__(self, total: int) -> None:
        self._total = max(total, 1)
        self._pass: str | None = None
        self._bar: Any = None

    def update(self, pass_name: str, count: int) -> None:
        if pass_name != self._pass:
            self.close()
            self._pass = pass_name
            self._bar = click.progressbar(
                length=self._total, label=pass_name, file=sys.stderr, show_pos=True, show_eta=True
            )
            self._bar.__enter__()
        self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextmanager
def _progress(silent: bool, corpus: Path) -> Iterator[Progress | None]:
    if silent or not sys.stderr.isatty():
        yield None
        return
    bar = _Bar(count_records(corpus))
    try:
        yield bar.update
    finally:
        bar.close()


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
    if not report.published:
        click.echo(
            f"nothing changed: version {report.version} keeps serving; "
            f"{report.documents} documents ({report.unchanged} unchanged) "
            f"checked in {report.seconds:.1f} s; {len(report.skipped)} skipped",
            err=True,
        )
        return
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


def _cache_choice(
    options: BuildOptions, folder: Path | None, off: bool, cap_mb: float | None
) -> None:
    if off and folder is not None:
        raise click.UsageError("--extraction-cache and --no-extraction-cache exclude each other")
    options.extraction_cache = False if off else folder
    options.extraction_cache_mb = cap_mb


@index.command("build")
@_corpus_options
@engine_options
def build_command(
    corpus: Path,
    index_dir: Path,
    fields: tuple[str, ...],
    manifest: Path | None,
    skip_invalid: bool,
    workers: int | None,
    silent: bool,
    extraction_cache: Path | None,
    no_extraction_cache: bool,
    extraction_cache_mb: float | None,
    engine_kind: str,
    solr_url: str | None,
    collection: str | None,
    solr_analysis: str | None,
) -> None:
    """Build a new index version from a corpus and swap it in when complete."""
    from search.index.writers import open_writer

    options = BuildOptions(parse_field_map(fields), skip_invalid, manifest, workers)
    _cache_choice(options, extraction_cache, no_extraction_cache, extraction_cache_mb)
    with _progress(silent, corpus) as progress:
        report = open_writer(engine_kind, index_dir, solr_url, collection).build(
            corpus, options, progress
        )
    _summary(report, "built", silent)


@index.command("update")
@_corpus_options
@engine_options
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
    extraction_cache: Path | None,
    no_extraction_cache: bool,
    extraction_cache_mb: float | None,
    keep_missing: bool,
    engine_kind: str,
    solr_url: str | None,
    collection: str | None,
    solr_analysis: str | None,
) -> None:
    """Add, replace and delete documents by content hash, without a full rebuild."""
    from search.index.writers import open_writer

    options = BuildOptions(
        parse_field_map(fields), skip_invalid, manifest, workers, delete_missing=not keep_missing
    )
    _cache_choice(options, extraction_cache, no_extraction_cache, extraction_cache_mb)
    with _progress(silent, corpus) as progress:
        report = open_writer(engine_kind, index_dir, solr_url, collection).update(
            corpus, options, progress
        )
    _summary(report, "updated", silent)


@index.command("stats")
@click.option("--index", "index_dir", type=PATH, default=DEFAULT_INDEX, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats_command(index_dir: Path, as_json: bool) -> None:
    """Documents, terms, size on disk, facet cardinalities and build time."""
    stats = index_stats(index_dir)
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    for key, value in stats.items():
        click.echo(f"{key:>20}: {value}")
