"""Bahth's names table as a gazetteer: typed word and phrase look-ups.

The alias table (``search/data/aliases.json``) is the memory of names Bahth
already knows. The tagger uses it twice: as features (this word is part of a
known person's name; these three words are a known organisation), so that the
CRF learns how much to trust the table, and after tagging, to give a name its
canonical value (``بوتين`` → ``فلاديمير بوتين``) and to tell countries from
other places. Countries the table lacks come from :mod:`search.ingest.extract.ner.lexicon`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from search.ingest.extract.ner.lexicon import clitic_splits, country_names
from search.text.names import load_alias_table
from search.text.normalise import normalize_word

#: Table types, and the short tag each gets in feature strings.
TYPE_TAGS = {"person": "P", "organisation": "O", "country": "C", "place": "L", "term": "T"}


@dataclass(frozen=True)
class Known:
    """A table phrase: its canonical display value and table type."""

    canonical: str
    type: str


def phrase_key(text: str) -> tuple[str, ...]:
    """Normalised words of a phrase (the table's spelling or an article's)."""
    return tuple(normalize_word(w) for w in text.replace("(", " ").replace(")", " ").split())


def _adjective_forms(stem: str) -> tuple[str, ...]:
    bases = (stem, stem + "ة", stem + "ون", stem + "ين", stem + "ان")
    return bases + tuple("ال" + b for b in bases)


@dataclass(frozen=True)
class Gazetteer:
    """Phrase → :class:`Known`, word → table tags, nationality adjectives."""

    phrases: dict[tuple[str, ...], Known]
    words: dict[str, frozenset[str]]
    adjectives: dict[str, str]  # normalised adjective form → country canonical
    longest: int
    #: Canonical value → short forms that name it only after the full name (``شي``).
    shorts: dict[str, tuple[tuple[str, ...], ...]]

    def word_tags(self, norm: str) -> frozenset[str]:
        """Table tags of a word, also behind a proclitic (``وبوتين``)."""
        tags = self.words.get(norm)
        if tags is None:
            tags = frozenset()
            for _, base in clitic_splits(norm):
                tags = tags.union(self.words.get(base, ()), self.words.get("ال" + base, ()))
        return tags

    def lookup(self, norms: Sequence[str]) -> Known | None:
        """The table entry spelled by these words, the first allowed a proclitic."""
        key = tuple(norms)
        found = self.phrases.get(key)
        if found is None and key:
            for clitic, base in clitic_splits(key[0]):
                found = self.phrases.get((base, *key[1:]))
                if found is None and clitic.endswith("ال"):
                    found = self.phrases.get(("ال" + base, *key[1:]))
                if found is not None:
                    break
        return found

    @cached_property
    def _first_words(self) -> dict[str, int]:
        """First word of a phrase → the longest phrase it begins."""
        firsts: dict[str, int] = {}
        for key in self.phrases:
            if key:
                firsts[key[0]] = max(firsts.get(key[0], 0), len(key))
        return firsts

    @cached_property
    def _reach(self) -> dict[str, int]:
        return {}

    def reach(self, norm: str) -> int:
        """The longest phrase :meth:`lookup` could find starting at this word (0: none),
        its proclitic allowed: look-ups of longer spans are skipped, the result is the same."""
        reach = self._reach.get(norm)
        if reach is None:
            firsts = self._first_words
            reach = firsts.get(norm, 0)
            for _, base in clitic_splits(norm):
                reach = max(reach, firsts.get(base, 0), firsts.get("ال" + base, 0))
            if len(self._reach) >= 100_000:
                self._reach.clear()
            self._reach[norm] = reach
        return reach

    def matches(
        self, norms: Sequence[str], in_table: Sequence[bool] | None = None
    ) -> list[tuple[int, int, str]]:
        """Longest non-overlapping table phrases in a sentence: ``(start, end, type)``.

        ``in_table`` (whether each word has table tags) saves the look-ups when known.
        """
        found: list[tuple[int, int, str]] = []
        index, count = 0, len(norms)
        while index < count:
            if not (in_table[index] if in_table is not None else self.word_tags(norms[index])):
                index += 1
                continue
            for length in range(min(self.reach(norms[index]), count - index), 0, -1):
                known = self.lookup(norms[index : index + length])
                if known is not None:
                    found.append((index, index + length, known.type))
                    index += length
                    break
            else:
                index += 1
        return found


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The table, read once; the lexicon's countries added where the table lacks them."""
    phrases: dict[tuple[str, ...], Known] = {}
    adjectives: dict[str, str] = {}
    shorts: dict[str, tuple[tuple[str, ...], ...]] = {}
    for entry in load_alias_table()[1]:
        if entry.short:
            shorts[entry.canonical] = tuple(phrase_key(s) for s in entry.short)
        known = Known(entry.canonical, entry.type)
        for spelling in (entry.canonical, *entry.variants):
            phrases.setdefault(phrase_key(spelling), known)
        for stem in entry.adjectives:
            for form in _adjective_forms(normalize_word(stem)):
                # normalised after the ending is added: ``ة`` is folded like article text's
                adjectives.setdefault(normalize_word(form), entry.canonical)
    for country in country_names():
        phrases.setdefault(phrase_key(country), Known(country, "country"))
    words: dict[str, set[str]] = {}
    for key, known in phrases.items():
        tag = TYPE_TAGS[known.type]
        for position, word in enumerate(key):
            words.setdefault(word, set()).add(tag + ("B" if position == 0 else "I"))
    frozen = {w: frozenset(t) for w, t in words.items()}
    return Gazetteer(phrases, frozen, adjectives, max(map(len, phrases)), shorts)
