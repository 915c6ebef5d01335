"""CRF features that carry Arabic, computed once per distinct word.

Arabic writes prepositions and conjunctions onto the word (``لوكالة``,
``وبوتين``, ``بالقاهرة``), so a name's evidence is split between the word as
written, its normalised form (Bahth's :func:`normalize_word`), its base
after a proclitic, its light stem (:func:`stem_word`), and its affixes. The
word before a name says most about it (a title, a speech verb, an
organisation head, a place cue), so those lists and the names table are
features of the word and of its neighbours, two either side.

Speed: everything that depends on one word alone is built once per distinct
word and kept (:func:`word_features`), already prefixed for each window
offset; a sentence's features are then concatenations of cached tuples plus
two bigrams and the names-table phrase matches, which depend on context.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from search.ingest.extract.ner.gazetteer import gazetteer
from search.ingest.extract.ner.lexicon import clitic_splits, is_verb_like, lists
from search.ingest.extract.ner.person_words import person_words
from search.ingest.extract.ner.tokens import Token
from search.text.stemmer import stem_word

#: Window offsets, and which of a word's features its neighbours see.
_NEIGHBOUR_KINDS = {
    1: ("n", "b", "s", "L", "g", "nat", "shape", "aff", "cl", "pw"),
    2: ("n", "b", "L", "g", "nat", "shape", "pw"),
}
NEAR = frozenset(_NEIGHBOUR_KINDS[1])
FAR = frozenset(_NEIGHBOUR_KINDS[2])
_LIST_NAMES = ("title", "speech", "orghead", "loccue", "prep", "verb", "country", "given")


@lru_cache(maxsize=1)
def _membership() -> dict[str, tuple[str, ...]]:
    """Normalised word → the names of the lexicon lists that hold it, in list order."""
    found: dict[str, list[str]] = {}
    word_lists = lists()
    for name in _LIST_NAMES:
        for word in word_lists[name]:
            found.setdefault(word, []).append(name)
    return {w: tuple(n) for w, n in found.items()}


def _length_bucket(size: int) -> str:
    return "1" if size <= 1 else "2" if size == 2 else "3" if size == 3 else (
        "4-5" if size <= 5 else "6-8" if size <= 8 else "9+"
    )  # fmt: skip


def _shape(text: str) -> list[str]:
    if not (text[0].isalnum() or len(text) > 1):
        return ["punct=" + text]
    if text.isalpha() and not _LATIN.search(text):  # most words: no digit, no Latin letter
        return [_LENGTHS[min(len(text), 9)]]
    shape = []
    if any(c.isdigit() for c in text):
        shape.append("digit" if text.isdigit() else "hasdigit")
    if any("a" <= c.lower() <= "z" for c in text):
        shape.append("latin")
    shape.append("len=" + _length_bucket(len(text)))
    return shape


#: Letters whose lower case is a Latin a-z: ASCII, and U+0130 (İ → i̇) and U+212A (K → k)
#: (a scan of every code point); the shape's fast path uses it.
_LATIN = re.compile("[A-Za-z\u0130\u212a]")
_LENGTHS = ["", *("len=" + _length_bucket(size) for size in range(1, 10))]
_AFFIXES = tuple((size, f"p{size}=", f"x{size}=") for size in (1, 2, 3, 4))


def own_features(text: str, norm: str) -> list[tuple[str, str]]:
    """``(kind, feature)`` pairs of one word; the kind decides what neighbours see.

    Every distinct word of an article the tagger has not seen comes here once, so
    this is written for speed (no generator per list, affix names built once); the
    pairs and their order are what the model was trained on.
    """
    pairs: list[tuple[str, str]] = [("w", "w=" + text), ("n", "n=" + norm)]
    for s in _shape(text):
        pairs.append(("shape", s))
    if not norm[0].isalnum():
        return pairs
    pairs.append(("s", "s=" + stem_word(norm)))
    splits = clitic_splits(norm)
    if splits:
        pairs.append(("cl", "cl=" + splits[0][0]))
        pairs.append(("b", "b=" + splits[0][1]))
        if len(splits) > 1:
            pairs.append(("b", "b=" + splits[1][1]))
    size_of = len(norm)
    for size, prefix, suffix in _AFFIXES:
        if size_of > size:
            pairs.append(("aff", prefix + norm[:size]))
            pairs.append(("aff", suffix + norm[-size:]))
    if norm.startswith("ال"):
        pairs.append(("aff", "al"))
    member = _membership()
    own_lists = member.get(norm, ())
    for name in own_lists:
        pairs.append(("L", "L=" + name))
    if splits:
        based: set[str] = set()
        for _, base in splits:
            based.update(member.get(base, ()))
            based.update(member.get("ال" + base, ()))
        for name in sorted(based):
            if name not in own_lists:
                pairs.append(("L", "Lb=" + name))
    if "verb" not in own_lists and is_verb_like(norm):
        pairs.append(("L", "L=verbshape"))
    gaz = gazetteer()
    tags = gaz.word_tags(norm)
    if tags:
        for tag in sorted(tags):
            pairs.append(("g", "g=" + tag))
    people = person_words()  # a word of people's names (Wikidata), by frequency
    seen = people.get(norm)
    if seen is not None:
        pairs.append(("pw", "pw=" + seen))
    else:
        for _, base in splits:
            seen = people.get(base)
            if seen is not None:
                pairs.append(("pw", "pwb=" + seen))
                break
    adjectives = gaz.adjectives
    if norm in adjectives or any(base in adjectives for _, base in splits):
        pairs.append(("nat", "nat"))
    elif norm.startswith("ال") and norm.endswith(_NISBA_ENDS) and len(norm) > 5:
        pairs.append(("nat", "nisba"))
    return pairs


_NISBA_ENDS = ("ي", "يه", "يون", "يين")


#: Memo sizes. Plain dicts, emptied when full, rather than ``lru_cache``: an LRU keeps a
#: linked-list node (a GC-tracked list) per entry, and with ~10⁵ entries every full
#: garbage collection of a build worker walks them all, which slowed the whole worker.
#: A word's features take about 2.5 kB: 60k words, ~150 MB, and all but the rarest words
#: of a news corpus hit (a miss costs ~0.05 ms).
WORD_CACHE, HASH_CACHE, PAIR_CACHE = 60_000, 200_000, 100_000
_HASHES: dict[str, str] = {}


def hashed(feature: str) -> str:
    """A feature as the model stores it: 10 hex digits of its BLAKE2 digest.

    CRFsuite converts and looks up every attribute string of every token;
    short ASCII strings cost far less than readable Arabic ones, and each is
    hashed once (features shared by many words, such as affixes, hit this
    cache; a word's own are kept in :func:`word_features`). 40 bits keep the
    expected number of collisions under one for a million attributes.
    """
    digest = _HASHES.get(feature)
    if digest is None:
        digest = hashlib.blake2b(feature.encode("utf-8"), digest_size=5).hexdigest()
        if len(_HASHES) >= HASH_CACHE:
            _HASHES.clear()
        _HASHES[feature] = digest
    return digest


#: What the cache keeps per word: its own features, what its neighbours at offsets
#: -2, -1, +1, +2 see of it, and whether the names table holds it (phrase look-up).
WordView = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...],
                 tuple[str, ...], bool]  # fmt: skip


_WORDS: dict[str, WordView] = {}
_PAIRS: dict[str, tuple[str, str]] = {}


def clear_caches() -> None:
    """Forget every memoised feature (a bench starting cold, as a build worker does)."""
    _HASHES.clear()
    _WORDS.clear()
    _PAIRS.clear()


def word_features(text: str, norm: str) -> WordView:
    """A word's features, memoised by its text (``norm`` is always its normalised form)."""
    view = _WORDS.get(text)
    if view is None:
        view = _word_features(text, norm)
        if len(_WORDS) >= WORD_CACHE:
            _WORDS.clear()
        _WORDS[text] = view
    return view


def _word_features(text: str, norm: str) -> WordView:
    """A word's own features and its neighbours' views of it, hashed (:data:`WordView`).

    A neighbour's view is the own feature's hash behind an offset mark
    (``L1``, ``R2``…): one string concatenation, not another hash.
    """
    own: list[str] = []
    near: list[str] = []  # what the words at -1 and +1 see
    far: list[str] = []  # at -2 and +2
    in_table = False
    for kind, feature in own_features(text, norm):
        digest = hashed(feature)
        own.append(digest)
        if kind in NEAR:
            near.append(digest)
            if kind in FAR:
                far.append(digest)
        in_table = in_table or kind == "g"
    return (
        tuple(own),
        tuple(["L2" + h for h in far]),
        tuple(["L1" + h for h in near]),
        tuple(["R1" + h for h in near]),
        tuple(["R2" + h for h in far]),
        in_table,
    )


def _bigram(left: str, right: str) -> tuple[str, str]:
    """The pair's feature for the right word and for the left word (memoised)."""
    key = left + "|" + right
    pair = _PAIRS.get(key)
    if pair is None:
        pair = hashed("n-1|n=" + key), hashed("n|n+1=" + key)
        if len(_PAIRS) >= PAIR_CACHE:
            _PAIRS.clear()
        _PAIRS[key] = pair
    return pair


#: A position beyond the sentence: the word before the first sees ``BOS``, after the last ``EOS``.
_PAD: WordView = ((), (), (hashed("BOS"),), (hashed("EOS"),), (), False)
_PHRASE = {f"{p}-{k}": hashed(f"gp={p}-{k}") for p in "BI" for k in "PCOLT"}


def _phrase_tags(norms: Sequence[str], in_table: Sequence[bool]) -> dict[int, str]:
    """Token index → hashed ``B-P``/``I-C``… where a names-table phrase covers it."""
    tags: dict[int, str] = {}
    if not any(in_table):
        return tags
    for start, end, kind in gazetteer().matches(norms, in_table):
        tag = kind[0].upper()
        tags[start] = _PHRASE["B-" + tag]
        for index in range(start + 1, end):
            tags[index] = _PHRASE["I-" + tag]
    return tags


def sentence_features(tokens: Sequence[Token]) -> list[list[str]]:
    """CRF items for one sentence: own features, ±2 window, bigrams, table phrases."""
    cached = [_PAD, _PAD, *(word_features(t.text, t.norm) for t in tokens), _PAD, _PAD]
    norms = [t.norm for t in tokens]
    pairs = [_bigram(a, b) for a, b in zip(norms, norms[1:], strict=False)]
    phrases = _phrase_tags(norms, [view[5] for view in cached[2:-2]])
    return window_items(cached, pairs, phrases)


def window_items(
    cached: Sequence[WordView],
    pairs: Sequence[tuple[str | None, str | None]],
    phrases: Mapping[int, str],
) -> list[list[str]]:
    """Items from the words' views (two pads either side), each pair's features for its
    right and left word (None: left out) and the table-phrase tags by token index."""
    items: list[list[str]] = []
    last = len(pairs)
    for index in range(len(cached) - 4):
        here = index + 2
        item = [
            *cached[here][0],
            *cached[here - 2][1],
            *cached[here - 1][2],
            *cached[here + 1][3],
            *cached[here + 2][4],
        ]
        if index:
            right = pairs[index - 1][0]
            if right is not None:
                item.append(right)
        if index < last:
            left = pairs[index][1]
            if left is not None:
                item.append(left)
        if phrases:
            tag = phrases.get(index)
            if tag is not None:
                item.append(tag)
        items.append(item)
    return items
