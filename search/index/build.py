"""Building and updating indexes without ever exposing a half-written one.

A build or update writes a new version beside the live one (the folder layout
is :mod:`search.store.layout`'s) and only then moves the pointer, so a failure,
a full disk or ``kill -9`` leaves the previous version serving.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search import __version__
from search.config import EXTRACTION_CACHE_MB
from search.errors import BahthError
from search.index.corpus_pass import confirm_names, extraction_source, preparer
from search.index.derived import save_derived
from search.index.documents import article_document, prepared_articles
from search.index.progress import EXTRACTING, Progress, counted
from search.index.segment_workers import write_segments
from search.index.stopping import raise_if_stopped, sigterm_stops_build, stoppable
from search.index.story_pass import place_stories
from search.ingest.corpus import CorpusReport, RawRecord, iter_raw_records
from search.ingest.extraction_cache import default_cache_dir
from search.ingest.extraction_source import ExtractionSource
from search.ingest.limits import within_limit
from search.request.facets import MULTI_FACETS
from search.store.layout import (
    TMP_PREFIX,
    VERSIONS,
    current_version_dir,
    live_name,
    new_version_name,
    remove_stale,
    swap_pointer,
    write_meta,
    writer_lock,
)
from search.store.schema import build_schema, multi_column, open_version_index
from search.text.names import load_alias_table

WRITER_MEMORY_MB = 256
#: Pass two's name in the progress of a build and of an update.
INDEXING, UPDATING = "indexing", "updating"

#: ``None``: the cache beside the index folder; ``False``: a cache for one build only.
CacheFolder = Path | None | bool


@dataclass
class BuildReport:
    """What a build or update did, for the CLI and the health endpoint."""

    version: str
    documents: int
    added: int = 0
    replaced: int = 0
    deleted: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    #: False when an update found nothing to change: no version was written and the
    #: live one (``version``) keeps serving.
    published: bool = True
    skipped: list[str] = field(default_factory=list)
    ignored_files: list[str] = field(default_factory=list)


def _write_meta(version_dir: Path, report: BuildReport, corpus: Path, extra: dict) -> None:
    meta = {
        "version": report.version,
        "built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "documents": report.documents,
        "corpus": str(corpus),
        "bahth": __version__,
        "alias_table": load_alias_table()[0],
        "skipped": report.skipped,
        **extra,
    }
    write_meta(version_dir, meta)


def build_index(
    corpus: Path,
    root: Path,
    field_map: dict[str, str] | None = None,
    skip_invalid: bool = False,
    manifest: Path | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    extraction_cache: CacheFolder = None,
    cache_mb: float = EXTRACTION_CACHE_MB,
) -> BuildReport:
    """Build a complete new version from ``corpus`` and make it live.

    Nothing changes for readers until the final pointer swap; on any error
    the temporary version is removed and the previous one keeps serving.
    Two passes (:mod:`search.index.corpus_pass`): extract and confirm names, then write.
    """
    started = time.perf_counter()
    workers = workers or min(2, os.cpu_count() or 1)
    folder = cache_folder(extraction_cache, root)
    with sigterm_stops_build(), writer_lock(root), extraction_source(folder, cache_mb) as source:
        previous = live_name(root)
        remove_stale(root, keep={n for n in [previous] if n})
        name = new_version_name()
        tmp = root / VERSIONS / f"{TMP_PREFIX}{name}"
        tmp.mkdir(parents=True)
        report = BuildReport(version=name, documents=0)
        corpus_report = CorpusReport()
        try:
            ix = whoosh_index.create_in(str(tmp), build_schema())
            first = corpus_records(corpus, field_map, manifest, skip_invalid, progress)
            _confirm(source, first, workers)
            place_stories(source, tmp)
            records = iter_raw_records(corpus, field_map, manifest, skip_invalid, corpus_report)
            records = stoppable(within_limit(records, skip_invalid, corpus_report))
            records = counted(records, corpus_report, progress, INDEXING)
            report.documents = write_segments(
                ix, records, workers, WRITER_MEMORY_MB, preparer(source)
            )
            if report.documents == 0:
                raise BahthError(f"{corpus}: no articles found")
            report.added = report.documents
            finish_report(report, corpus_report, started)
            source.names.save(tmp)
            extra = {"field_map": field_map or {}, "corpus_names": len(source.names)}
            _publish(root, tmp, ix, report, corpus, extra)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        remove_stale(root, keep={n for n in [name, previous] if n})
    return report


def _publish(
    root: Path, tmp: Path, ix: Any, report: BuildReport, corpus: Path, extra: dict
) -> None:
    """Finish a written version (derived files, meta) and make it the live one."""
    raise_if_stopped()
    counts = save_derived(tmp, ix)
    ix.close()
    _write_meta(tmp, report, corpus, {**extra, "counts": counts})
    raise_if_stopped()
    os.rename(tmp, root / VERSIONS / report.version)
    swap_pointer(root, report.version)


def cache_folder(choice: CacheFolder, root: Path) -> Path | None:
    """The extraction cache's folder for an index at ``root`` (None: one build only)."""
    if choice is None or choice is True:
        return default_cache_dir(root)
    return None if choice is False else Path(choice)


def corpus_records(
    corpus: Path,
    field_map: dict[str, str] | None,
    manifest: Path | None,
    skip_invalid: bool,
    progress: Progress | None = None,
) -> Iterable[RawRecord]:
    """The corpus read for pass one (its skips are reported once, by pass two)."""
    report = CorpusReport()
    records = iter_raw_records(corpus, field_map, manifest, skip_invalid, report)
    return counted(
        stoppable(within_limit(records, skip_invalid, report)), report, progress, EXTRACTING
    )


def _confirm(source: ExtractionSource, records: Iterable[RawRecord], workers: int) -> None:
    source.names = confirm_names(records, source, workers)


#: What an update compares: the content hash, then each multi-valued facet's column.
State = tuple[Any, ...]
_COLUMNS = tuple(multi_column(spec.name) for spec in MULTI_FACETS)


def _known_hashes(ix: Any) -> dict[str, State]:
    """id → content hash and facet columns of the live documents (no stored text): an
    unchanged text whose corpus-confirmed names changed is written again."""
    with ix.reader() as reader:
        ids = reader.column_reader("id")
        columns = [reader.column_reader(name) for name in ("content_hash", *_COLUMNS)]
        return {ids[d]: tuple(c[d] for c in columns) for d in reader.all_doc_ids()}


def _state(document: dict[str, Any]) -> State:
    return tuple(document[name] for name in ("content_hash", *_COLUMNS))


def finish_report(report: BuildReport, corpus_report: CorpusReport, started: float) -> None:
    """A report's closing figures (skipped records, ignored files, seconds); every
    engine's writer ends its build or update with it."""
    report.skipped = [str(e) for e in corpus_report.skipped]
    report.ignored_files = corpus_report.ignored_files
    report.seconds = round(time.perf_counter() - started, 3)


def _copy_version(live: Path, tmp: Path) -> None:
    try:
        shutil.copytree(live, tmp)
    except shutil.Error as error:  # one entry per file (a full disk fails them all): the first
        why = error.args[0][0][2] if error.args and error.args[0] else error
        raise BahthError(f"cannot copy {live.name} to update it: {why}") from None


def update_index(
    corpus: Path,
    root: Path,
    field_map: dict[str, str] | None = None,
    skip_invalid: bool = False,
    manifest: Path | None = None,
    delete_missing: bool = True,
    workers: int | None = None,
    progress: Progress | None = None,
    extraction_cache: CacheFolder = None,
    cache_mb: float = EXTRACTION_CACHE_MB,
) -> BuildReport:
    """Bring the index in line with ``corpus`` by content hash, in a new version.

    Unchanged articles are not touched, changed ones are replaced, new ones
    added and (with ``delete_missing``) vanished ones deleted. The work
    happens on a copy of the live version, swapped in only when committed.
    The corpus's confirmed names are counted again over ``corpus`` (the
    articles the update reads), and an unchanged article whose confirmed
    names changed is replaced too.
    """
    started = time.perf_counter()
    workers = workers or min(2, os.cpu_count() or 1)
    folder = cache_folder(extraction_cache, root)
    with sigterm_stops_build(), writer_lock(root), extraction_source(folder, cache_mb) as source:
        live = current_version_dir(root)
        name = new_version_name()
        tmp = root / VERSIONS / f"{TMP_PREFIX}{name}"
        remove_stale(root, keep={live.name})
        try:
            _copy_version(live, tmp)
            report = BuildReport(version=name, documents=0)
            corpus_report = CorpusReport()
            ix = open_version_index(tmp)
            known = _known_hashes(ix)
            first = corpus_records(corpus, field_map, manifest, skip_invalid, progress)
            _confirm(source, first, workers)
            place_stories(source, tmp, live, delete_missing)
            writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False)
            try:
                seen: set[str] = set()
                records = iter_raw_records(corpus, field_map, manifest, skip_invalid, corpus_report)
                records = stoppable(within_limit(records, skip_invalid, corpus_report))
                records = counted(records, corpus_report, progress, UPDATING)
                for article in prepared_articles(records, workers, preparer(source)):
                    seen.add(article.id)
                    old = known.get(article.id)
                    document = article_document(article)
                    if old == _state(document):
                        report.unchanged += 1
                    elif old is None:
                        writer.add_document(**document)
                        report.added += 1
                    else:
                        writer.update_document(**document)
                        report.replaced += 1
                if delete_missing:
                    for ident in known.keys() - seen:
                        writer.delete_by_term("id", ident)
                        report.deleted += 1
                if not (report.added or report.replaced or report.deleted):
                    writer.cancel()
                    shutil.rmtree(tmp, ignore_errors=True)
                    report.version, report.documents = live.name, len(known)
                    report.published = False
                    finish_report(report, corpus_report, started)
                    return report
                writer.commit(optimize=report.deleted + report.replaced > len(known) // 4)
            except BaseException:
                writer.cancel()
                raise
            report.documents = ix.doc_count()
            finish_report(report, corpus_report, started)
            source.names.save(tmp)
            extra = {
                "field_map": field_map or {},
                "updated": True,
                "corpus_names": len(source.names),
            }
            _publish(root, tmp, ix, report, corpus, extra)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        remove_stale(root, keep={name, live.name})
    return report
