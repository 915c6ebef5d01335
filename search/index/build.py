"""Building and updating indexes without ever exposing a half-written one.

A build or update writes a new version beside the live one (the folder layout
is :mod:`search.store.layout`'s) and only then moves the pointer, so a failure,
a full disk or ``kill -9`` leaves the previous version serving. What a build and
an update share with every engine (the two passes, the report, how an update
sorts articles) is :mod:`search.index.passes`; what they share on Whoosh (the
lock, the version written beside the live one, its publication) is
:func:`_new_version` and :func:`_publish`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search import __version__
from search.config import EXTRACTION_CACHE_MB
from search.errors import BahthError
from search.index.corpus_pass import extraction_source, preparer
from search.index.derived import save_derived
from search.index.documents import article_document, prepared_articles
from search.index.passes import (
    ADDED,
    REPLACED,
    BuildReport,
    CacheFolder,
    Changes,
    State,
    cache_folder,
    corpus_records,
    finish_report,
    second_pass,
)
from search.index.progress import Progress
from search.index.segment_workers import write_segments
from search.index.stopping import raise_if_stopped, sigterm_stops_build
from search.index.story_pass import place_stories
from search.index.writer_seam import BuildOptions
from search.ingest.corpus import CorpusReport
from search.ingest.extraction_source import ExtractionSource
from search.request.facets import MULTI_FACETS
from search.store.compact_codec import CompactCodec
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

# the shared steps' names, imported from here by writers, the CLI and tests
__all__ = [
    "BuildReport",
    "CacheFolder",
    "build_index",
    "cache_folder",
    "corpus_records",
    "finish_report",
    "update_index",
    "writer_lock",
]

WRITER_MEMORY_MB = 256
#: Pass two's name in the progress of a build and of an update.
INDEXING, UPDATING = "indexing", "updating"


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
    options = BuildOptions(field_map, skip_invalid, manifest, workers)
    workers = workers or min(2, os.cpu_count() or 1)
    with _new_version(root, extraction_cache, cache_mb) as version:
        version.tmp.mkdir(parents=True)
        report, corpus_report = BuildReport(version=version.name, documents=0), CorpusReport()
        ix = whoosh_index.create_in(str(version.tmp), build_schema())
        records = second_pass(
            corpus, options, version.source, corpus_report, progress, INDEXING, workers
        )
        place_stories(version.source, version.tmp)
        report.documents = write_segments(
            ix, records, workers, WRITER_MEMORY_MB, preparer(version.source)
        )
        if report.documents == 0:
            raise BahthError(f"{corpus}: no articles found")
        report.added = report.documents
        _publish(version, ix, report, corpus_report, corpus, {"field_map": field_map or {}})
    return report


@dataclass
class _Version:
    """A version being written beside the live one (in ``tmp``), to be published as ``name``."""

    root: Path
    live: str | None
    name: str
    tmp: Path
    source: ExtractionSource
    started: float


@contextmanager
def _new_version(root: Path, extraction_cache: CacheFolder, cache_mb: float) -> Iterator[_Version]:
    """The skeleton of a build and of an update: under the writer's lock (SIGTERM a stop
    request, the extraction cache open), a new version's folder beside the live one,
    removed on any error so the live one keeps serving; older versions removed after."""
    started = time.perf_counter()
    folder = cache_folder(extraction_cache, root)
    with sigterm_stops_build(), writer_lock(root), extraction_source(folder, cache_mb) as source:
        live = live_name(root)
        remove_stale(root, keep={n for n in [live] if n})
        name = new_version_name()
        tmp = root / VERSIONS / f"{TMP_PREFIX}{name}"
        version = _Version(root, live, name, tmp, source, started)
        try:
            yield version
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        remove_stale(root, keep={n for n in [name, live] if n})


def _publish(
    version: _Version,
    ix: Any,
    report: BuildReport,
    corpus_report: CorpusReport,
    corpus: Path,
    extra: dict,
) -> None:
    """Finish a written version (report, confirmed names, derived files, meta) and make
    it the live one."""
    finish_report(report, corpus_report, version.started)
    version.source.names.save(version.tmp)
    raise_if_stopped()
    counts = save_derived(version.tmp, ix)
    ix.close()
    meta = {**extra, "corpus_names": len(version.source.names), "counts": counts}
    _write_meta(version.tmp, report, corpus, meta)
    raise_if_stopped()
    os.rename(version.tmp, version.root / VERSIONS / report.version)
    swap_pointer(version.root, report.version)


#: What an update compares (a :data:`State`): the content hash, then each multi-valued
#: facet's column.
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
    options = BuildOptions(field_map, skip_invalid, manifest, workers, delete_missing)
    workers = workers or min(2, os.cpu_count() or 1)
    with _new_version(root, extraction_cache, cache_mb) as version:
        live = current_version_dir(root)
        _copy_version(live, version.tmp)
        report, corpus_report = BuildReport(version=version.name, documents=0), CorpusReport()
        ix = open_version_index(version.tmp)
        changes = Changes(_known_hashes(ix), report, version.started)
        records = second_pass(
            corpus, options, version.source, corpus_report, progress, UPDATING, workers
        )
        place_stories(version.source, version.tmp, live, delete_missing)
        writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False, codec=CompactCodec())
        try:
            for article in prepared_articles(records, workers, preparer(version.source)):
                document = article_document(article)
                change = changes.sort(article.id, _state(document))
                if change == ADDED:
                    writer.add_document(**document)
                elif change == REPLACED:
                    writer.update_document(**document)
            for ident in changes.gone(delete_missing):
                writer.delete_by_term("id", ident)
            if changes.nothing:
                writer.cancel()
                shutil.rmtree(version.tmp, ignore_errors=True)
                return changes.live_kept(live.name, corpus_report)
            rewritten = report.deleted + report.replaced
            writer.commit(optimize=rewritten > len(changes.known) // 4)
        except BaseException:
            writer.cancel()
            raise
        report.documents = ix.doc_count()
        extra = {"field_map": field_map or {}, "updated": True}
        _publish(version, ix, report, corpus_report, corpus, extra)
    return report
