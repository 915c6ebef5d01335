"""Progress of a build or update as the reader sees it: records done, per pass.

A build reads the corpus twice (:mod:`search.index.corpus_pass`): pass one extracts
every article and counts the names the corpus confirms, pass two writes the index.
Each pass reports every record it has read, and every record the corpus reader
skipped as bad (``--skip-invalid``), so a bar sized by the corpus's record count
ends full: a skipped record is done too, and the summary says how many there were.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from search.ingest.corpus import CorpusReport

#: ``progress(pass_name, records)``: ``records`` more records of the pass are done.
Progress = Callable[[str, int], None]
EXTRACTING = "extracting"
T = TypeVar("T")


def counted(
    records: Iterable[T], report: CorpusReport, progress: Progress | None, pass_name: str
) -> Iterator[T]:
    """``records`` unchanged, telling ``progress`` of each record read and of each one
    the reader skipped on its way (it records those in ``report``)."""
    if progress is None:
        yield from records
        return
    skipped = len(report.skipped)
    for record in records:
        now = len(report.skipped)
        progress(pass_name, 1 + now - skipped)
        skipped = now
        yield record
    if len(report.skipped) > skipped:
        progress(pass_name, len(report.skipped) - skipped)
