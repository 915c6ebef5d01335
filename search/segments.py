"""Writing a new index from several processes, one Whoosh segment each.

Cleaning, extraction, analysis and the segment flush are all CPU-bound Python;
a single writer process leaves the second core idle for most of a build, and
Whoosh's own multi-process writer still analyses in the parent. Here the
parent only reads raw records (so corpus errors surface where they happen,
with file and line) and hands batches to worker processes; each worker
prepares its articles and writes its own segment, and the parent finally
commits a table of contents listing every segment. There is no final merge:
the numpy ranking and facet arrays read across segments at the same speed.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from multiprocessing import get_context
from typing import Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import PostingPool, SegmentWriter

from search.articles import prepare_article
from search.corpus import RawRecord
from search.errors import BahthError
from search.indexing_docs import article_document, batched

BATCH = 128
POLL_SECONDS = 2.0
PARENT_WATCH_SECONDS = 0.5


class WorkerSegmentWriter(SegmentWriter):
    """A segment writer with a temporary folder of its own.

    Whoosh gives every writer of an index the same temporary folder and the
    first writer to finish deletes it, under the others' feet. Segments are
    written as separate files, not one compound file: a reader of a compound
    segment copies its postings into memory (hundreds of MB per searcher).
    """

    def __init__(self, ix: Any, limitmb: int) -> None:
        super().__init__(ix, _lk=False, limitmb=limitmb, compound=False, codec=segment_codec())
        self._tempstorage = ix.storage.temp_storage(f"{ix.indexname}.{os.getpid()}.tmp")
        self.pool = PostingPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        """Whoosh's flush, with field lengths read once instead of per posting.

        Writing postings asks for the document's field length once per
        posting, each a seek and a read in the lengths column: a quarter of
        the flush. The lengths are read into lists once per field instead.
        """
        self.perdocwriter.close()
        lengths = CachedLengths(self.per_document_reader())
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        lengths.close()


class CachedLengths:
    """``doc_field_length`` from whole columns read once (see ``_flush_segment``)."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._columns: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        column = self._columns.get(fieldname)
        if column is None:
            count = self._reader.doc_count_all()
            column = [self._reader.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]
            self._columns[fieldname] = column
        return column[docnum]

    def close(self) -> None:
        self._reader.close()


def segment_codec() -> Any:
    """Whoosh's codec without zlib on posting blocks: faster to write and read."""
    return W3Codec(compression=0)


def _exit_with_parent(parent: int) -> None:
    """Exit as soon as the parent is gone, whatever the worker is doing.

    A parent killed while feeding a batch leaves half a message in the jobs
    pipe; a worker reading it would block forever (and keep the index's writer
    lock, whose descriptor it inherited), never reaching its own poll.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _worker(storage: Any, indexname: str, jobs: Any, results: Any, memory_mb: int) -> None:
    """Prepare and index batches until told to stop; report the segment."""
    parent = os.getppid()
    _exit_with_parent(parent)
    try:
        ix = storage.open_index(indexname)
        writer = WorkerSegmentWriter(ix, memory_mb)
        count = 0
        while True:
            try:
                batch = jobs.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if os.getppid() != parent:  # the parent died: give up quietly
                    writer.cancel()
                    return
                continue
            if batch is None:
                break
            for record in batch:
                writer.add_document(**article_document(prepare_article(record)))
                count += 1
        if count:
            segment = writer._finalize_segment()
            writer._tempstorage.destroy()
            results.put(("ok", count, segment))
        else:
            writer.cancel()
            results.put(("ok", 0, None))
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        results.put(("error", f"{type(error).__name__}: {error}", None))


def write_segments(
    ix: Any,
    records: Iterable[RawRecord],
    workers: int,
    memory_mb: int,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Index ``records`` into ``ix`` with ``workers`` processes; returns the count."""
    context = get_context("fork")
    jobs = context.Queue(maxsize=workers * 2)
    results = context.Queue()
    processes = [
        context.Process(
            target=_worker, args=(ix.storage, ix.indexname, jobs, results, memory_mb), daemon=True
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes: list[tuple[str, Any, Any]] = []
    try:
        for batch in batched(records, BATCH):
            _put(jobs, batch, processes, results, outcomes)
            if progress:
                progress(len(batch))
        for _ in processes:
            _put(jobs, None, processes, results, outcomes)
        while len(outcomes) < len(processes):
            outcomes.append(_result(results, processes))
    except BaseException:
        jobs.cancel_join_thread()  # batches nobody will read must not hold up the exit
        for process in processes:
            process.terminate()
        raise
    finally:
        for process in processes:
            process.join(timeout=10)
    errors = [message for status, message, _ in outcomes if status == "error"]
    if errors:
        raise BahthError(f"indexing failed: {errors[0]}")
    segments = [segment for _, _, segment in outcomes if segment is not None]
    _commit_segments(ix, segments)
    return sum(count for status, count, _ in outcomes)


def _put(jobs: Any, item: Any, processes: list[Any], results: Any, outcomes: list[Any]) -> None:
    while True:
        try:
            jobs.put(item, timeout=POLL_SECONDS)
            return
        except queue.Full:
            _check_alive(processes)
            _raise_reported_error(results, outcomes)


def _raise_reported_error(results: Any, outcomes: list[Any]) -> None:
    """A worker that failed (a full disk, say) reported it and stopped taking
    batches: stop feeding the others, or the queue stays full for ever."""
    while True:
        try:
            outcomes.append(results.get_nowait())
        except queue.Empty:
            break
    errors = [message for status, message, _ in outcomes if status == "error"]
    if errors:
        raise BahthError(f"indexing failed: {errors[0]}")


def _result(results: Any, processes: list[Any]) -> tuple[str, Any, Any]:
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            _check_alive(processes)


def _check_alive(processes: list[Any]) -> None:
    dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
    if dead:
        raise BahthError(f"an indexing worker died (exit code {dead[0]})")


def _commit_segments(ix: Any, segments: list[Any]) -> None:
    """Write a table of contents listing the workers' segments (no merge)."""
    writer = SegmentWriter(ix)
    try:
        writer._close_segment()
        writer._commit_toc(segments)
    finally:
        writer._finish()
