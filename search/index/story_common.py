"""An outlet's formulas and page furniture are not a story: shingles an outlet repeats.

On ANT a CNN page carries the ledes of the day's other articles under its own, and
every outlet has its set phrases ("وقال المتحدث باسم", "في وقت سابق"): two unrelated
articles of one outlet then share a third of their shingles, as much as two versions
of one report. A shingle one outlet uses in :data:`MIN_OUTLET_COUNT` articles or more
is left out of every signature of that outlet. Counted per outlet, a wire report five
outlets carry keeps its shingles (each outlet has it once or twice), while the
furniture of one outlet goes. The counts are the corpus's (a build's pass one); an
update adds the counts of the articles it reads to the formulas the version keeps.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from search.ingest.story_keys import ShingleSet, StoryKey, signature_of

#: Articles of one outlet a shingle may be in and still tell one story from another.
MIN_OUTLET_COUNT = 4


def _outlet_code(outlet: str) -> np.uint64:
    return np.uint64(zlib.crc32(outlet.encode("utf-8"))) << np.uint64(32)


def codes_of(item: ShingleSet) -> np.ndarray:
    """The article's shingles tagged with its outlet (uint64: outlet << 32 | shingle)."""
    return item.hashes.astype(np.uint64) | _outlet_code(item.outlet)


def common_codes(items: Sequence[ShingleSet], known: np.ndarray | None = None) -> np.ndarray:
    """Sorted outlet-tagged shingles found in :data:`MIN_OUTLET_COUNT` articles or more of
    ``items`` (with ``known``: those too)."""
    parts = [codes_of(item) for item in items]
    if parts:
        codes, counts = np.unique(np.concatenate(parts), return_counts=True)
        found = codes[counts >= MIN_OUTLET_COUNT]
    else:
        found = np.zeros(0, np.uint64)
    if known is not None and len(known):
        found = np.union1d(found, known.astype(np.uint64))
    return found


def signed(items: Sequence[ShingleSet], common: np.ndarray) -> list[StoryKey]:
    """Each article's story key over its shingles less its outlet's common ones."""
    keys = []
    for item in items:
        kept = item.hashes[~np.isin(codes_of(item), common, assume_unique=True)]
        outlet = zlib.crc32(item.outlet.encode("utf-8")) if item.outlet else 0
        keys.append(StoryKey(item.id, item.day, int(kept.size), signature_of(kept), outlet))
    return keys
