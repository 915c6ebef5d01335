"""A version's Latin-name candidates, saved beside it (``latin_skeletons.json``).

A Latin word in a query is spelt against the Arabic words the version holds,
grouped by consonant skeleton (:class:`~search.text.latin.candidates.SkeletonIndex`).
Listing the body lexicon and keying every word takes 13–32 s on ANT: paid by the
first Latin query it breaks the search time budget, so the writer of a version
(build and update alike) saves the grouped buckets and the engine only reads them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from search.text.latin.candidates import SkeletonIndex, least_articles

LATIN_SKELETONS_FILE = "latin_skeletons.json"
_ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")


def body_words(reader: Any, least: int) -> Iterator[tuple[str, int]]:
    """Every exact body word of Arabic letters in at least ``least`` articles, with its
    article count: each segment's own term list, summed (the merged reader's terms
    cost ten times more on an index of several segments)."""
    counts: dict[str, int] = {}
    for leaf, _ in reader.leaf_readers():
        for raw, info in leaf.iter_field("body"):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if _ARABIC_WORD.fullmatch(term):
                counts[term] = counts.get(term, 0) + info.doc_frequency()
    return ((term, df) for term, df in counts.items() if df >= least)


def save_latin_skeletons(version_dir: Path, index: Any) -> None:
    """Key a finished version's body words by skeleton and write the buckets."""
    with index.reader() as reader:
        skeletons = SkeletonIndex(body_words(reader, least_articles(reader.doc_count())))
    text = json.dumps(skeletons.buckets, ensure_ascii=False, separators=(",", ":"))
    (version_dir / LATIN_SKELETONS_FILE).write_text(text, "utf-8")


def load_latin_skeletons(version_dir: Path) -> SkeletonIndex | None:
    """The saved buckets, or None for a version written before they were saved."""
    try:
        buckets = json.loads((version_dir / LATIN_SKELETONS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return SkeletonIndex.from_buckets(buckets)
