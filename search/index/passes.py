"""What every build and update does with a corpus, whatever the engine it writes to.

A build and an update, on Whoosh and on SolrCloud, read the corpus in the same
two passes (:mod:`search.index.corpus_pass`: pass one extracts into the cache
and confirms the corpus's names, pass two labels and writes), report the same
figures, and an update sorts each article the same way (new, changed or
unchanged by id and state; missing ones deleted) and publishes nothing when
nothing changed. Those steps live here once; each engine's writer keeps only
how it stores a version (a folder swapped in, a collection behind an alias).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from search.index.corpus_pass import confirm_names
from search.index.progress import EXTRACTING, Progress, counted
from search.index.stopping import stoppable
from search.index.writer_seam import BuildOptions
from search.ingest.corpus import CorpusReport, RawRecord, iter_raw_records
from search.ingest.extraction_cache import default_cache_dir
from search.ingest.extraction_source import ExtractionSource
from search.ingest.limits import within_limit

#: ``None``: the cache beside the index folder; ``False``: a cache for one build only.
CacheFolder = Path | None | bool
#: What an update compares per article: its content hash, then each multi-valued facet.
State = tuple[Any, ...]
#: How an update sorts an article of the corpus (:meth:`Changes.sort`).
UNCHANGED, ADDED, REPLACED = "unchanged", "added", "replaced"


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


def finish_report(report: BuildReport, corpus_report: CorpusReport, started: float) -> None:
    """A report's closing figures (skipped records, ignored files, seconds); every
    engine's writer ends its build or update with it."""
    report.skipped = [str(e) for e in corpus_report.skipped]
    report.ignored_files = corpus_report.ignored_files
    report.seconds = round(time.perf_counter() - started, 3)


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


def second_pass(
    corpus: Path,
    options: BuildOptions,
    source: ExtractionSource,
    report: CorpusReport,
    progress: Progress | None,
    pass_name: str,
    workers: int,
) -> Iterator[RawRecord]:
    """Run pass one (extract, confirm the corpus's names into ``source``) and return pass
    two's records, counted under ``pass_name``; pass two's skips go to ``report``."""
    read = (options.field_map, options.manifest, options.skip_invalid)
    source.names = confirm_names(corpus_records(corpus, *read, progress), source, workers)
    records = iter_raw_records(corpus, *read, report)
    return counted(
        stoppable(within_limit(records, options.skip_invalid, report)), report, progress, pass_name
    )


@dataclass
class Changes:
    """An update's comparison of the corpus with the live version: each article by id
    and state (an unchanged text whose confirmed names changed is written again), and
    the live articles the corpus no longer holds."""

    known: dict[str, State]
    report: BuildReport
    started: float
    seen: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)

    def sort(self, ident: str, state: State) -> str:
        """:data:`UNCHANGED`, :data:`ADDED` or :data:`REPLACED`, counted in the report."""
        self.seen.add(ident)
        old = self.known.get(ident)
        if old == state:
            self.report.unchanged += 1
            return UNCHANGED
        self.changed.add(ident)
        if old is None:
            self.report.added += 1
            return ADDED
        self.report.replaced += 1
        return REPLACED

    def gone(self, delete_missing: bool) -> set[str]:
        """The live articles to delete (none unless ``delete_missing``), counted."""
        found = set(self.known.keys() - self.seen) if delete_missing else set()
        self.report.deleted = len(found)
        return found

    @property
    def nothing(self) -> bool:
        """Whether the update changes nothing (then no version is published)."""
        return not (self.changed or self.report.deleted)

    def live_kept(self, live: str, corpus_report: CorpusReport) -> BuildReport:
        """The report of an update that publishes nothing: ``live`` keeps serving."""
        self.report.version, self.report.documents = live, len(self.known)
        self.report.published = False
        finish_report(self.report, corpus_report, self.started)
        return self.report
