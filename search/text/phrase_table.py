"""Words of the original text with their offsets, and phrase look-up by word n-grams.

Every extractor (outlets, aliases, person-title rules) needs the same thing: the
words of some stretches of the original text, normalised once, with the
character offsets they came from, and a fast "which known phrase starts here?"
look-up. A phrase table is a dict keyed by tuples of normalised words, so one
article costs a few dict probes per word however many thousand phrases the
tables hold (one regex per alias would cost a scan per alias).

Speed matters here because extraction runs on every indexed article: a
:class:`TextWords` tokenises and normalises a whole text once and serves the
word list of any set of stretches from it (cleaning, publisher, agencies and
actors all ask), and a table remembers, per normalised word, which of its
phrases could start there, so the common case (no phrase) is one dict probe.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from search.text.tokens import (
    BREAK,
    COMMA,
    JOINED,
    MARKED,
    TextWords,
    Word,
    normalise_phrase,
    words_in,
)

__all__ = [
    "BREAK",
    "COMMA",
    "JOINED",
    "MARKED",
    "PhraseMatch",
    "PhraseTable",
    "TextWords",
    "Word",
    "clitic_forms",
    "normalise_phrase",
    "words_in",
]

T = TypeVar("T")

#: Proclitics a name may carry (``وروسيا``, ``بالصين``, ``لبوتين``), longest first.
_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
#: Bound on a table's per-word memo.
_MEMO_LIMIT = 200_000


@lru_cache(maxsize=100_000)
def clitic_forms(norm: str) -> tuple[tuple[str, int], ...]:
    """Forms of ``norm`` without a proclitic, with how many letters were cut.

    ``للصين`` (li + al-) is written with one lam, so it yields ``الصين``.
    """
    forms: list[tuple[str, int]] = []
    for prefix in _PROCLITICS:
        if not norm.startswith(prefix):
            continue
        rest = norm[len(prefix) :]
        if prefix.endswith("ل") and rest.startswith("ل") and len(rest) > 2:
            forms.append(("ا" + rest, len(prefix) - 1))
        elif len(rest) >= 2:
            forms.append((rest, len(prefix)))
    return tuple(forms)


@dataclass(frozen=True, slots=True)
class PhraseMatch(Generic[T]):
    """A table phrase found at word ``index`` spanning ``length`` words."""

    index: int
    length: int
    value: T
    clitic: int  # letters of proclitic before the phrase in the first word


#: Per first form: (form, letters cut, phrase lengths that exist for it, longest first).
Starts = tuple[tuple[str, int, tuple[int, ...]], ...]


#: Up to this many distinct openers in a text, each is found by ``list.index`` (in C);
#: past it, one Python pass over the words is cheaper (and keeps the scan linear).
_FEW_OPENERS = 16


def positions_of(items: list[str], item: str) -> Iterator[int]:
    """Every index of ``item`` in ``items`` (``list.index`` runs in C)."""
    index = -1
    while True:
        try:
            index = items.index(item, index + 1)
        except ValueError:
            return
        yield index


def _surfaces(form: str) -> set[str]:
    """Every word whose :func:`clitic_forms` could yield ``form`` (a superset)."""
    found = {form, *(prefix + form for prefix in _PROCLITICS)}
    if form.startswith("ال"):  # للصين → الصين: one lam written for two
        found.update(prefix + form[1:] for prefix in _PROCLITICS if prefix.endswith("ل"))
    return found


class PhraseTable(Generic[T]):
    """Normalised word tuples → value, matched longest-first at a word position.

    Besides the phrases, a table keeps every word that could open one (with
    any proclitic): an article's words are checked against that set all at
    once, and only the few that are in it are looked at word by word.
    """

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], T] = {}
        #: First word → the lengths of its phrases, longest first.
        self._lengths: dict[str, tuple[int, ...]] = {}
        self._surfaces: set[str] = set()
        #: Memo per ``clitics`` flag: normalised word → the starts it offers.
        self._starts: tuple[dict[str, Starts], dict[str, Starts]] = ({}, {})

    def __len__(self) -> int:
        return len(self._phrases)

    @property
    def longest(self) -> int:
        """Words in the longest phrase (0 for an empty table)."""
        return max((lengths[0] for lengths in self._lengths.values()), default=0)

    def add(self, phrase: str | tuple[str, ...], value: T) -> None:
        """Register a phrase (raw text or normalised words); the first value wins."""
        words = normalise_phrase(phrase) if isinstance(phrase, str) else phrase
        if not words or words in self._phrases:
            return
        self._phrases[words] = value
        first = words[0]
        if first not in self._lengths:
            self._surfaces.update(_surfaces(first))
        self._lengths[first] = tuple(sorted({len(words), *self._lengths.get(first, ())})[::-1])
        self._starts[0].clear()
        self._starts[1].clear()

    def get(self, words: tuple[str, ...]) -> T | None:
        return self._phrases.get(words)

    def starts(self, norm: str, clitics: bool = True) -> Starts:
        """Forms of ``norm`` (itself, then proclitic-free) that open a phrase here."""
        memo = self._starts[clitics]
        found = memo.get(norm)
        if found is None:
            candidates = [(norm, 0), *clitic_forms(norm)] if clitics else [(norm, 0)]
            lengths = self._lengths
            found = tuple((f, cut, lengths[f]) for f, cut in candidates if f in lengths)
            if len(memo) >= _MEMO_LIMIT:
                memo.clear()
            memo[norm] = found
        return found

    def starts_in(
        self, words: Sequence[Word], clitics: bool = True, norms: list[str] | None = None
    ) -> dict[int, Starts]:
        """Word index → :meth:`starts`, in word order, where a phrase may start.

        ``norms`` are the words' normalised forms when the caller has them (one
        list serves every table): the words that could open a phrase are found
        by one set intersection, and only their positions are looked at.
        """
        if norms is None:
            norms = [w.norm for w in words]
        surfaces = self._surfaces if clitics else self._lengths
        wanted: dict[str, Starts] = {}
        for norm in surfaces.intersection(norms):
            if starts := self.starts(norm, clitics):
                wanted[norm] = starts
        if len(wanted) > _FEW_OPENERS:
            # one pass over the words: looking each opener up through the whole
            # list would make a long article's scan quadratic
            return {i: wanted[n] for i, n in enumerate(norms) if n in wanted}
        found = [(i, starts) for norm, starts in wanted.items() for i in positions_of(norms, norm)]
        found.sort(key=lambda pair: pair[0])
        return dict(found)

    def match_at(
        self, words: Sequence[Word], index: int, clitics: bool = True
    ) -> PhraseMatch[T] | None:
        """The longest phrase starting at ``words[index]``, trying proclitic-free forms."""
        starts = self.starts(words[index].norm, clitics)
        return self.longest_match(words, index, starts) if starts else None

    def longest_match(
        self, words: Sequence[Word], index: int, starts: Starts
    ) -> PhraseMatch[T] | None:
        """Longest match at ``index`` over ``starts``; an earlier form wins a tie.

        Only phrase lengths that exist for a form are tried, and only as far as
        the words stay joined (a phrase never runs across a comma or a break).
        """
        best: PhraseMatch[T] | None = None
        phrases = self._phrases
        count = len(words)
        for form, cut, lengths in starts:
            run = 1
            longest = lengths[0]
            while run < longest and index + run < count and words[index + run].gap <= MARKED:
                run += 1
            for length in lengths:
                if length > run:
                    continue
                if best is not None and length <= best.length:
                    break
                if length == 1:
                    key: tuple[str, ...] = (form,)
                else:
                    key = (form, *(w.norm for w in words[index + 1 : index + length]))
                value = phrases.get(key)
                if value is not None:
                    best = PhraseMatch(index, length, value, cut)
                    break
        return best

    def scan(
        self,
        words: Sequence[Word],
        clitics: bool = True,
        norms: list[str] | None = None,
    ) -> list[PhraseMatch[T]]:
        """All non-overlapping longest matches, left to right (``norms`` as for
        :meth:`starts_in`)."""
        starts_in = self.starts_in(words, clitics, norms)
        found: list[PhraseMatch[T]] = []
        taken_to = 0  # words before this index are inside an earlier match
        for index, starts in starts_in.items():
            if index < taken_to:
                continue
            match = self.longest_match(words, index, starts)
            if match is not None:
                found.append(match)
                taken_to = index + match.length
        return found
