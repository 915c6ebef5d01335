"""From a Latin word to the Arabic spellings a collection holds for it.

The collection's words (with their article counts) are indexed once by consonant
skeleton (:func:`search.text.latin.fold.skeleton`); a Latin word asks the model
for its likeliest skeletons, reads only those buckets, and scores the words found
there. So a Latin word costs a few bucket look-ups and a few dozen scorings,
whatever the size of the lexicon, and no spelling is offered that the collection
does not hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from search.text.latin.fold import skeleton
from search.text.latin.model import Scored, TransliterationModel

#: Skeletons looked up per Latin word, words kept per skeleton (the most frequent),
#: spellings searched per Latin word and the least P(spelling | word) searched,
#: relative to the best one found: chosen on the development split (MODEL.md).
KEYS = 4
BUCKET = 40
SPELLINGS = 4
RELATIVE = 0.02
#: Shortest Arabic spelling offered (one and two letters match too much).
MIN_ARABIC = 3


@dataclass(frozen=True)
class Options:
    """Search settings for :meth:`SkeletonIndex.spellings` (defaults: MODEL.md)."""

    keys: int = KEYS
    spellings: int = SPELLINGS
    relative: float = RELATIVE


class SkeletonIndex:
    """Words of a collection by skeleton, each bucket most frequent first."""

    def __init__(self, words: Iterable[tuple[str, int]], bucket: int = BUCKET) -> None:
        buckets: dict[str, list[tuple[int, str]]] = {}
        for word, df in words:
            if len(word) >= MIN_ARABIC:
                buckets.setdefault(skeleton(word), []).append((-df, word))
        self.buckets = {
            key: tuple(w for _, w in sorted(found)[:bucket]) for key, found in buckets.items()
        }
        self.words = sum(len(b) for b in self.buckets.values())

    def candidates(self, model: TransliterationModel, latin: str, keys: int) -> list[str]:
        found: list[str] = []
        for key, _ in model.skeletons(latin, keys):
            found += self.buckets.get(key, ())
        return found

    def spellings(
        self, model: TransliterationModel, latin: str, options: Options = Options()
    ) -> list[Scored]:
        """The best few spellings of folded ``latin`` held here, likeliest first."""
        if not latin:
            return []
        ranked = model.rank(latin, self.candidates(model, latin, options.keys))
        if not ranked or ranked[0].probability <= 0.0:
            return []
        least = ranked[0].probability * options.relative
        return [s for s in ranked[: options.spellings] if s.probability >= least]
