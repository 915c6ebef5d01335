"""The stem-trigram statistics of a version, saved beside it for the second stage.

The trigram rerank (:mod:`search.query.rerank`) needs each trigram's
document frequency and the mean trigram count per document; both come from
the stemmed lexicon, once per version, when it is written
(``trigrams.json``). A trigram's document frequency is taken as the sum of
the frequencies of the stems containing it (capped at the document count by
the rerank), which over-counts documents holding two such stems but ranks the
same on the bench as the exact count.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.reading import IndexReader

from search.store.layout import TRIGRAMS_FILE


@dataclass
class TrigramStats:
    """Document frequencies of stem trigrams and the mean trigram count per document."""

    frequencies: dict[str, int]
    average_length: float


def trigrams_of(stem: str) -> tuple[str, ...]:
    """The character trigrams of a stem with word boundaries marked (``_``)."""
    marked = f"_{stem}_"
    if len(marked) <= 3:
        return (marked,)
    return tuple(marked[i : i + 3] for i in range(len(marked) - 2))


def read_trigram_stats(reader: IndexReader) -> TrigramStats:
    """Document frequency of each trigram, and the mean trigram count per document."""
    frequencies: Counter[str] = Counter()
    total = 0.0
    # Segment by segment: a multi-segment reader merges every term's statistics
    # across segments, where summing them here is a plain loop.
    for leaf, _ in reader.leaf_readers():
        for btext, info in leaf.iter_field("body_stem"):
            grams = trigrams_of(btext.decode("utf-8"))
            total += info.weight() * len(grams)
            for gram in set(grams):
                frequencies[gram] += info.doc_frequency()
    count = max(reader.doc_count(), 1)
    return TrigramStats(dict(frequencies), total / count or 1.0)


def save_trigram_stats(version_dir: Path, index: Any) -> None:
    """Write the statistics beside a finished version (read at open)."""
    with index.reader() as reader:
        stats = read_trigram_stats(reader)
    body = {"average_length": stats.average_length, "frequencies": stats.frequencies}
    (version_dir / TRIGRAMS_FILE).write_text(json.dumps(body, ensure_ascii=False), "utf-8")


def load_trigram_stats(version_dir: Path, index: Any) -> TrigramStats:
    """The saved statistics, or computed now for a version written without them."""
    try:
        body = json.loads((version_dir / TRIGRAMS_FILE).read_text("utf-8"))
        return TrigramStats(body["frequencies"], float(body["average_length"]))
    except (OSError, ValueError, KeyError, TypeError):
        with index.reader() as reader:
            return read_trigram_stats(reader)
