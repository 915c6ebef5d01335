"""The per-article size limit, applied between reading a corpus and indexing it.

One article of 50 MB once held the writer lock for 14 minutes. Cleaning is
linear now, but an article of millions of characters is a dump (a site, a
log), not news: past :data:`~search.config.MAX_ARTICLE_CHARS` it is refused by
file and line like any bad record, never cut silently. Reading
(:func:`~search.ingest.corpus.iter_raw_records`) keeps taking any length.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from search.config import MAX_ARTICLE_CHARS
from search.errors import CorpusError
from search.ingest.corpus import CorpusReport, RawRecord


def within_limit(
    records: Iterable[RawRecord], skip_invalid: bool, report: CorpusReport
) -> Iterator[RawRecord]:
    """Records of at most :data:`~search.config.MAX_ARTICLE_CHARS`, for indexing.

    A longer body is bad input named by file and line: it stops the build, or
    under ``skip_invalid`` is listed in ``report.skipped``. (Reading itself
    takes any length, so a caller can still see what it is.)
    """
    for record in records:
        size = len(record.fields["body"])
        if size <= MAX_ARTICLE_CHARS:
            yield record
            continue
        why = f"record {record.fields['id']!r} has {size:,} characters, over MAX_ARTICLE_CHARS"
        error = CorpusError(record.path, record.line, f"{why} ({MAX_ARTICLE_CHARS:,})")
        if not skip_invalid:
            raise error
        report.records -= 1
        report.skipped.append(error)
