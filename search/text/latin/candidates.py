"""From a Latin word to the Arabic spellings a collection holds for it.

The collection's words (with their article counts) are indexed once by consonant
skeleton (:func:`search.text.latin.fold.skeleton`); a Latin word asks the model
for its likeliest skeletons, reads only those buckets, and scores the words found
there. So a Latin word costs a few bucket look-ups and a few dozen scorings,
whatever the size of the lexicon, and no spelling is offered that the collection
does not hold.

Arabic writes many surnames with the article (``الحريري``, ``السيسي``) where a
Latin wire writes ``Hariri``: a word with ``ال`` is also keyed and scored without
it. A spelling's score is P(spelling | Latin word) times its article count to the
power :data:`PRIOR` (the collection's own prior over spellings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from search.text.latin.fold import skeleton
from search.text.latin.model import Scored, TransliterationModel

#: Skeletons looked up per Latin word, words kept per skeleton (the most frequent),
#: spellings searched per Latin word, the least score searched relative to the best
#: one, and the weight of the article count: chosen on the development split (MODEL.md).
KEYS = 4
BUCKET = 40
SPELLINGS = 4
RELATIVE = 0.02
PRIOR = 0.5
#: In a collection of :data:`LARGE` articles or more, words of fewer than two articles
#: are not candidates (a typo seen once is no spelling); a small one keeps them all.
LARGE = 10_000
#: Shortest Arabic spelling offered (one and two letters match too much).
MIN_ARABIC = 3
ARTICLE = "ال"

Entry = tuple[str, str, int]  # the word, the part scored, its article count


def least_articles(documents: int) -> int:
    """The fewest articles a candidate word is in, in a collection of ``documents``."""
    return 2 if documents >= LARGE else 1


@dataclass(frozen=True)
class Options:
    """Search settings for :meth:`SkeletonIndex.spellings` (defaults: MODEL.md)."""

    keys: int = KEYS
    spellings: int = SPELLINGS
    relative: float = RELATIVE
    prior: float = PRIOR


class SkeletonIndex:
    """Words of a collection by skeleton, each bucket most frequent first."""

    def __init__(self, words: Iterable[tuple[str, int]], bucket: int = BUCKET) -> None:
        buckets: dict[str, list[tuple[int, str, str]]] = {}
        for word, df in words:
            if len(word) < MIN_ARABIC:
                continue
            buckets.setdefault(skeleton(word), []).append((-df, word, word))
            if word.startswith(ARTICLE) and len(word) >= len(ARTICLE) + MIN_ARABIC:
                buckets.setdefault(skeleton(word[2:]), []).append((-df, word, word[2:]))
        self.buckets: dict[str, tuple[Entry, ...]] = {
            key: tuple((w, part, -df) for df, w, part in sorted(found)[:bucket])
            for key, found in buckets.items()
        }
        self.words = sum(len(b) for b in self.buckets.values())

    @classmethod
    def from_buckets(cls, buckets: dict[str, list[list[Any]]]) -> SkeletonIndex:
        """An index as :attr:`buckets` saved it (a version's side file): no word is
        keyed or sorted again."""
        index = cls(())
        index.buckets = {
            key: tuple((str(w), str(p), int(df)) for w, p, df in bucket)
            for key, bucket in buckets.items()
        }
        index.words = sum(len(b) for b in index.buckets.values())
        return index

    def candidates(self, model: TransliterationModel, latin: str, keys: int) -> list[Entry]:
        found: list[Entry] = []
        for key, _ in model.skeletons(latin, keys):
            found += self.buckets.get(key, ())
        return found

    def spellings(
        self, model: TransliterationModel, latin: str, options: Options = Options()
    ) -> list[Scored]:
        """The best few spellings of folded ``latin`` held here, likeliest first."""
        if not latin:
            return []
        best: dict[str, float] = {}
        for word, part, df in self.candidates(model, latin, options.keys):
            score = model.probability(latin, part) * max(df, 1) ** options.prior
            best[word] = max(best.get(word, 0.0), score)
        ranked = sorted(
            (Scored(w, p) for w, p in best.items()), key=lambda s: (-s.probability, s.arabic)
        )
        if not ranked or ranked[0].probability <= 0.0:
            return []
        least = ranked[0].probability * options.relative
        return [s for s in ranked[: options.spellings] if s.probability >= least]
