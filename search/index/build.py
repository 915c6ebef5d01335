"""Building and updating indexes without ever exposing a half-written one.

Layout of an index folder (``indexes/<name>/``)::

    CURRENT            name of the live version (replaced with os.replace)
    .lock              writer lock (flock): one build or update at a time
    versions/<vid>/    complete Whoosh indexes plus meta.json
    versions/.tmp-*    a version being written (removed if a writer dies)

A build or update writes a new version beside the live one and only then
moves the pointer, so a failure, a full disk or ``kill -9`` leaves the
previous version serving. Readers notice a new pointer and reopen.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index

from search import __version__
from search.engine.whoosh.ranking import save_expansions
from search.engine.whoosh.rerank import save_trigram_stats
from search.engine.whoosh.version_arrays import count_terms, save_arrays
from search.errors import BahthError, IndexLockedError, IndexMissingError
from search.index.documents import article_document, prepared_articles
from search.index.schema import build_schema
from search.index.segment_workers import write_segments
from search.ingest.corpus import CorpusReport, iter_raw_records
from search.text.names import load_alias_table

POINTER = "CURRENT"
VERSIONS = "versions"
TMP_PREFIX = ".tmp-"
META = "meta.json"
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


def current_version_dir(root: Path) -> Path:
    """The live version's folder, or :class:`IndexMissingError`."""
    try:
        name = (root / POINTER).read_text("utf-8").strip()
    except FileNotFoundError:
        raise IndexMissingError(f"no index at {root}: run `bahth index build` first") from None
    path = root / VERSIONS / name
    if not path.is_dir():
        raise IndexMissingError(f"index {root} points at missing version {name}")
    return path


def read_meta(version_dir: Path) -> dict[str, Any]:
    """The version's meta.json (build time, counts, corpus)."""
    return json.loads((version_dir / META).read_text("utf-8"))


@contextmanager
def writer_lock(root: Path) -> Iterator[None]:
    """Hold the index's writer lock, or fail at once with a clear message."""
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / ".lock", "a+")  # noqa: SIM115 - held for the with-block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise IndexLockedError(
                f"{root} is being written by {holder} (writer lock {root / '.lock'});"
                " wait for it to finish"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()


def _new_version_name() -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{uuid.uuid4().hex[:6]}"


def _remove_stale(root: Path, keep: set[str]) -> None:
    """Drop temporary folders of dead writers and versions nobody points at.

    The live version and the one before it are kept: a reader that opened the
    previous version a moment ago keeps working on its open files anyway.
    """
    versions = root / VERSIONS
    if not versions.is_dir():
        return
    for entry in versions.iterdir():
        if entry.name.startswith(TMP_PREFIX) or entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


def _swap_pointer(root: Path, name: str) -> None:
    tmp = root / f"{POINTER}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / POINTER)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
    (version_dir / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1), "utf-8")


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
    with writer_lock(root):
        previous = _live_name(root)
        _remove_stale(root, keep={n for n in [previous] if n})
        name = _new_version_name()
        tmp = root / VERSIONS / f"{TMP_PREFIX}{name}"
        tmp.mkdir(parents=True)
        report = BuildReport(version=name, documents=0)
        corpus_report = CorpusReport()
        try:
            ix = whoosh_index.create_in(str(tmp), build_schema())
            records = iter_raw_records(corpus, field_map, manifest, skip_invalid, corpus_report)
            report.documents = write_segments(ix, records, workers, WRITER_MEMORY_MB, progress)
            if report.documents == 0:
                raise BahthError(f"{corpus}: no articles found")
            report.added = report.documents
            _finish(report, corpus_report, started)
            _publish(root, tmp, ix, report, corpus, {"field_map": field_map or {}})
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _remove_stale(root, keep={n for n in [name, previous] if n})
    return report


def _publish(
    root: Path, tmp: Path, ix: Any, report: BuildReport, corpus: Path, extra: dict
) -> None:
    """Finish a written version (derived files, meta) and make it the live one."""
    save_expansions(tmp, ix)
    save_trigram_stats(tmp, ix)
    save_arrays(tmp, ix)
    counts = count_terms(ix)
    ix.close()
    _write_meta(tmp, report, corpus, {**extra, "counts": counts})
    os.rename(tmp, root / VERSIONS / report.version)
    _swap_pointer(root, report.version)


def _known_hashes(ix: Any) -> dict[str, str]:
    """id → content hash of the live documents, from the columns (no stored text)."""
    with ix.reader() as reader:
        ids = reader.column_reader("id")
        hashes = reader.column_reader("content_hash")
        return {ids[d]: hashes[d] for d in reader.all_doc_ids()}


def _live_name(root: Path) -> str | None:
    try:
        return current_version_dir(root).name
    except IndexMissingError:
        return None


def _finish(report: BuildReport, corpus_report: CorpusReport, started: float) -> None:
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
    with writer_lock(root):
        live = current_version_dir(root)
        name = _new_version_name()
        tmp = root / VERSIONS / f"{TMP_PREFIX}{name}"
        _remove_stale(root, keep={live.name})
        try:
            _copy_version(live, tmp)
            report = BuildReport(version=name, documents=0)
            corpus_report = CorpusReport()
            ix = whoosh_index.open_dir(str(tmp))
            known = _known_hashes(ix)
            writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False)
            try:
                seen: set[str] = set()
                records = iter_raw_records(corpus, field_map, manifest, skip_invalid, corpus_report)
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
            _finish(report, corpus_report, started)
            _publish(root, tmp, ix, report, corpus, {"field_map": field_map or {}, "updated": True})
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _remove_stale(root, keep={name, live.name})
    return report
