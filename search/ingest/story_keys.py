"""An article's story key: a MinHash signature of the word shingles of its cleaned body.

Two articles that carry the same report in substantially the same words (a wire
copy, a rewrite with a new headline, trimmed or reordered paragraphs, a masthead
added) share most of their three-word shingles; two articles on one topic share
few. The signature estimates the Jaccard similarity of two shingle sets in
:data:`SIGNATURE_SIZE` comparisons, so the story pass (:mod:`search.index.stories`)
never holds or compares whole texts. Words are normalised first (hamza, teh
marbuta, alef maqsura, diacritics), so spelling variants of a word are one word.

The hashes are fixed (CRC-32 of the shingle, multiply-shift permutations from a
fixed seed), never Python's per-process ``hash``: a signature written by one build
is compared with those an update computes months later.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from search.text.normalise import find_tokens, normalize_word

#: Hash functions per signature (the Jaccard estimate's error is about 0.5/sqrt(size)).
SIGNATURE_SIZE = 128
#: Words per shingle: three words rarely repeat between articles that only share a topic.
SHINGLE_WORDS = 3
_SEED = 27

_rng = np.random.default_rng(_SEED)
_MULTIPLIERS = (_rng.integers(1, 2**63, SIGNATURE_SIZE, dtype=np.uint64) * 2 + 1).astype(np.uint64)
_OFFSETS = _rng.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64)
_EMPTY = np.full(SIGNATURE_SIZE, np.iinfo(np.uint32).max, dtype=np.uint32)


@dataclass(frozen=True)
class ShingleSet:
    """Pass one's view of an article: its shingle hashes, before the corpus says which of
    them are an outlet's formulas (search/index/story_common.py) and the rest is signed."""

    id: str
    day: int
    outlet: str
    hashes: np.ndarray  # uint32, distinct


@dataclass(frozen=True)
class StoryKey:
    """What the story pass needs of one article, and what a version keeps of it."""

    id: str
    #: Publication day as a proleptic ordinal; 0 when the article has no date.
    day: int
    #: Distinct shingles (the containment estimate needs the set sizes).
    shingles: int
    signature: np.ndarray  # uint32[SIGNATURE_SIZE]
    #: CRC-32 of the outlet's name (0: unknown): one outlet's pages share furniture.
    outlet: int = 0


def shingle_hashes(body: str) -> np.ndarray:
    """The distinct CRC-32 hashes of the body's normalised word shingles (uint32)."""
    words = [normalize_word(w) for w in find_tokens(body)]
    if len(words) < SHINGLE_WORDS:
        words = words + [""] * (SHINGLE_WORDS - len(words)) if words else []
    grams = {
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    hashes = [zlib.crc32(g.encode("utf-8")) for g in grams]
    return np.unique(np.array(hashes, dtype=np.uint32))


def signature_of(hashes: np.ndarray) -> np.ndarray:
    """MinHash over ``hashes``: per function, the least multiply-shift permutation."""
    if hashes.size == 0:
        return _EMPTY.copy()
    wide = hashes.astype(np.uint64)
    with np.errstate(over="ignore"):  # the permutations are arithmetic modulo 2**64
        mixed = wide[:, None] * _MULTIPLIERS[None, :] + _OFFSETS[None, :]
    return (mixed >> np.uint64(32)).min(axis=0).astype(np.uint32)


def story_key(ident: str, day: int, body: str) -> StoryKey:
    """One article's key from its id, publication day and cleaned body (every shingle)."""
    hashes = shingle_hashes(body)
    return StoryKey(ident, day, int(hashes.size), signature_of(hashes))


def shingle_set(ident: str, day: int, outlet: str, body: str) -> ShingleSet:
    return ShingleSet(ident, day, outlet, shingle_hashes(body))
