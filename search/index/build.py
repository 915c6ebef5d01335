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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search import __version__
from search.errors import BahthError
from search.index.derived import save_derived
from search.index.documents import article_document, prepared_articles
from search.index.segment_workers import write_segments
from search.index.stopping import raise_if_stopped, sigterm_stops_build, stoppable
from search.ingest.corpus import CorpusReport, iter_raw_records
from search.ingest.limits import within_limit
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
from search.store.schema import build_schema, open_version_index
from search.text.names import load_alias_table

WRITER_MEMORY_MB = 256

Progress = Callable[[int], None]


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
) -> BuildReport:
    """Build a complete new version from ``corpus`` and make it live.

    Nothing changes for readers until the final pointer swap; on any error
    the temporary version is removed and the previous one keeps serving.
    """
    started = time.perf_counter()
    workers = workers or min(2, os.cpu_count() or 1)
    with sigterm_stops_build(), writer_lock(root):
        previous = live_name(root)
        remove_stale(root, keep={n for n in [previous] if n})
        name = new_version_name()
        tmp = root / VERSIONS / f"{TMP_PREFIX}{name}"
        tmp.mkdir(parents=True)
        report = BuildReport(version=name, documents=0)
        corpus_report = CorpusReport()
        try:
            ix = whoosh_index.create_in(str(tmp), build_schema())
            records = iter_raw_records(corpus, field_map, manifest, skip_invalid, corpus_report)
            records = stoppable(within_limit(records, skip_invalid, corpus_report))
            report.documents = write_segments(ix, records, workers, WRITER_MEMORY_MB, progress)
            if report.documents == 0:
                raise BahthError(f"{corpus}: no articles found")
            report.added = report.documents
            finish_report(report, corpus_report, started)
            _publish(root, tmp, ix, report, corpus, {"field_map": field_map or {}})
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


def _known_hashes(ix: Any) -> dict[str, str]:
    """id → content hash of the live documents, from the columns (no stored text)."""
    with ix.reader() as reader:
        ids = reader.column_reader("id")
        hashes = reader.column_reader("content_hash")
        return {ids[d]: hashes[d] for d in reader.all_doc_ids()}


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
) -> BuildReport:
    """Bring the index in line with ``corpus`` by content hash, in a new version.

    Unchanged articles are not touched, changed ones are replaced, new ones
    added and (with ``delete_missing``) vanished ones deleted. The work
    happens on a copy of the live version, swapped in only when committed.
    """
    started = time.perf_counter()
    workers = workers or min(2, os.cpu_count() or 1)
    with sigterm_stops_build(), writer_lock(root):
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
            writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False)
            try:
                seen: set[str] = set()
                records = iter_raw_records(corpus, field_map, manifest, skip_invalid, corpus_report)
                records = stoppable(within_limit(records, skip_invalid, corpus_report))
                for article in prepared_articles(records, workers):
                    seen.add(article.id)
                    old_hash = known.get(article.id)
                    if old_hash == article.content_hash:
                        report.unchanged += 1
                    elif old_hash is None:
                        writer.add_document(**article_document(article))
                        report.added += 1
                    else:
                        writer.update_document(**article_document(article))
                        report.replaced += 1
                    if progress:
                        progress(1)
                if delete_missing:
                    for ident in known.keys() - seen:
                        writer.delete_by_term("id", ident)
                        report.deleted += 1
                writer.commit(optimize=report.deleted + report.replaced > len(known) // 4)
            except BaseException:
                writer.cancel()
                raise
            report.documents = ix.doc_count()
            finish_report(report, corpus_report, started)
            _publish(root, tmp, ix, report, corpus, {"field_map": field_map or {}, "updated": True})
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        remove_stale(root, keep={name, live.name})
    return report
