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
import signal
from collections.abc import Callable, Iterable
from multiprocessing import get_context
from typing import Any

from whoosh.writing import SegmentWriter

from search.errors import BahthError
from search.index.documents import article_document, batched
from search.index.stopping import exit_with_parent, raise_if_stopped
from search.index.worker_gc import collect_batch_garbage, start_quiet_collector
from search.index.writer.segment_writer import WorkerSegmentWriter
from search.ingest.articles import Article, prepare_article
from search.ingest.corpus import RawRecord

Prepare = Callable[[RawRecord], Article]

BATCH = 128
POLL_SECONDS = 2.0
#: How long a terminated worker may take to end before it is killed.
TERMINATE_GRACE_SECONDS = 5.0


def _worker(
    storage: Any,
    indexname: str,
    jobs: Any,
    results: Any,
    memory_mb: int,
    prepare: Prepare = prepare_article,
) -> None:
    """Prepare and index batches until told to stop; report the segments.

    Postings are buffered in memory and sorted when the segment is written;
    once buffer and sort would need more than ``memory_mb``, the segment is
    written and a new one begun, so a worker's memory stays bounded whatever
    the corpus size (ANT x1 and x4 fit in one segment per worker). The cyclic
    collector runs once per batch only (:mod:`search.index.worker_gc`).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # terminate() ends a worker at once
    parent = os.getppid()
    exit_with_parent(parent)
    start_quiet_collector()
    try:
        ix = storage.open_index(indexname)
        writer = WorkerSegmentWriter(ix, memory_mb)
        segments: list[Any] = []
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
                writer.add_document(**article_document(prepare(record)))
                count += 1
                if writer.buffered_bytes() > memory_mb * 1024 * 1024:
                    segments.append(_finish_segment(writer))
                    writer = WorkerSegmentWriter(ix, memory_mb)
            collect_batch_garbage()
        if writer.doc_count():
            segments.append(_finish_segment(writer))
        else:
            writer.cancel()
        results.put(("ok", count, segments))
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        results.put(("error", f"{type(error).__name__}: {error}", None))


def _finish_segment(writer: WorkerSegmentWriter) -> Any:
    segment = writer._finalize_segment()
    writer._tempstorage.destroy()
    return segment


def write_segments(
    ix: Any,
    records: Iterable[RawRecord],
    workers: int,
    memory_mb: int,
    prepare: Prepare = prepare_article,
) -> int:
    """Index ``records`` into ``ix`` with ``workers`` processes; returns the count.
    ``prepare`` reaches the forked workers as it is (never pickled)."""
    context = get_context("fork")
    jobs = context.Queue(maxsize=workers * 2)
    results = context.Queue()
    processes = [
        context.Process(
            target=_worker,
            args=(ix.storage, ix.indexname, jobs, results, memory_mb, prepare),
            daemon=True,
        )
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes: list[tuple[str, Any, Any]] = []
    try:
        for batch in batched(records, BATCH):
            _put(jobs, batch, processes, results, outcomes)
        for _ in processes:
            _put(jobs, None, processes, results, outcomes)
        while len(outcomes) < len(processes):
            outcomes.append(_result(results, processes))
    except BaseException:
        jobs.cancel_join_thread()  # batches nobody will read must not hold up the exit
        for process in processes:
            process.terminate()
        for process in processes:  # dead before the writer lock they inherited is released
            process.join(timeout=TERMINATE_GRACE_SECONDS)
            if process.is_alive():  # stuck before its own handler was set: SIGKILL
                process.kill()
                process.join()
        raise
    finally:
        for process in processes:
            process.join(timeout=10)
    errors = [message for status, message, _ in outcomes if status == "error"]
    if errors:
        raise BahthError(f"indexing failed: {errors[0]}")
    segments = [segment for _, _, written in outcomes for segment in written]
    _commit_segments(ix, segments)
    return sum(count for status, count, _ in outcomes)


def _put(jobs: Any, item: Any, processes: list[Any], results: Any, outcomes: list[Any]) -> None:
    while True:
        try:
            jobs.put(item, timeout=POLL_SECONDS)
            return
        except queue.Full:
            raise_if_stopped()
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
            raise_if_stopped()
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
