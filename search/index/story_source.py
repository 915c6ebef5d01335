"""An extraction source that also carries a build's story keys between its passes.

Pass one computes each article's story key beside its name tallies (the body is
at hand then, cleaned, and the work is spread over the same workers); the keys
are placed in stories between the passes, and pass two reads each article's
story from here. A subclass, not a change to :mod:`search.ingest.extraction_source`:
that module's bytes are part of the extraction cache's version.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from search.ingest.articles import prepare_article
from search.ingest.corpus import RawRecord
from search.ingest.corpus_names import CorpusNames, NameCounts
from search.ingest.extraction_cache import ExtractionCache
from search.ingest.extraction_source import ExtractionSource
from search.ingest.story_keys import ShingleSet, shingle_set
from search.store.story_signatures import StoryTable


def _body(record: RawRecord) -> str:
    return str(record.fields.get("body") or "")


class StorySource(ExtractionSource):
    """:class:`ExtractionSource` with pass one's story keys and the placed stories."""

    def __init__(self, cache: ExtractionCache, names: CorpusNames | None = None) -> None:
        super().__init__(cache, names)
        #: Pass one's shingles of every article (:mod:`search.index.stories`), in order.
        self.story_keys: list[ShingleSet] = []
        #: Article id → story id, set between the passes; pass two writes it.
        self.stories: dict[str, str] = {}
        #: The placed table and each id's row (a Solr writer stores each row's key).
        self.story_table: StoryTable | None = None
        self.story_rows: dict[str, int] = {}
        #: The outlet formulas left out of the signatures (search/index/story_common.py).
        self.story_common = np.zeros(0, np.uint64)

    def count_with_keys(
        self, records: Sequence[RawRecord]
    ) -> tuple[NameCounts, list[ShingleSet]]:
        """Pass one over a batch: the names' tallies and each article's story key (the
        article as pass two will see it: its id, its date after precedence, its body)."""
        counts, keys = NameCounts(), []
        for record, (extraction, words) in zip(
            records, self.articles([_body(r) for r in records]), strict=True
        ):
            counts.add(extraction, words)
            article = prepare_article(record, extract=lambda _text, e=extraction: e)
            day = article.published.date.toordinal() if article.published else 0
            outlet = article.source.value if article.source else ""
            keys.append(shingle_set(article.id, day, outlet, article.body))
        return counts, keys
