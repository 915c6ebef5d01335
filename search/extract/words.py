"""Words of the original text with their offsets, and phrase look-up by word n-grams.

Every extractor (outlets, aliases, person-title rules) needs the same thing: the
words of some stretches of the original text, normalised once, with the
character offsets they came from, and a fast "which known phrase starts here?"
look-up. A phrase table is a dict keyed by tuples of normalised words, so one
article costs a few dict probes per word however many thousand phrases the
tables hold (one regex per alias would cost a scan per alias).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from search.analysis import TOKEN_PATTERN, normalize_word

T = TypeVar("T")

#: Characters that end a phrase: a name never runs across them.
_HARD_BREAKS = frozenset(".!?؟؛;:\n\r•|")
_SOFT_BREAKS = frozenset("،,")

_MARKS = frozenset("\"'“”«»()[]{}‹›„")

#: Gap kinds between a word and the one before it: spaces only; quotes or brackets
#: (a name may run across them: منظمة “شنغهاي للتعاون”); a comma; a sentence break.
JOINED, MARKED, COMMA, BREAK = 0, 1, 2, 3

#: Proclitics a name may carry (``وروسيا``, ``بالصين``, ``لبوتين``), longest first.
_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Word:
    """One token: normalised text and its span in the original article text."""

    norm: str
    start: int
    end: int
    gap: int  # JOINED, MARKED, COMMA or BREAK: what separates it from the previous word


def normalise_phrase(phrase: str) -> tuple[str, ...]:
    """The normalised words of a table phrase, tokenised like article text."""
    return tuple(normalize_word(m.group()) for m in TOKEN_PATTERN.finditer(phrase))


def _gap_kind(gap: str) -> int:
    if any(c in _HARD_BREAKS for c in gap):
        return BREAK
    if any(c in _SOFT_BREAKS for c in gap):
        return COMMA
    if any(c in _MARKS for c in gap):
        return MARKED
    return JOINED


def words_in(text: str, spans: Iterable[tuple[int, int]]) -> list[Word]:
    """Tokenise the given stretches of ``text``; a stretch boundary is a hard break."""
    words: list[Word] = []
    for start, end in spans:
        previous_end: int | None = None
        for match in TOKEN_PATTERN.finditer(text, start, end):
            norm = normalize_word(match.group())
            if not norm:
                continue
            gap = BREAK if previous_end is None else _gap_kind(text[previous_end : match.start()])
            words.append(Word(norm, match.start(), match.end(), gap))
            previous_end = match.end()
    return words


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


class PhraseTable(Generic[T]):
    """Normalised word tuples → value, matched longest-first at a word position."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], T] = {}
        self._longest: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._phrases)

    def add(self, phrase: str | tuple[str, ...], value: T) -> None:
        """Register a phrase (raw text or normalised words); the first value wins."""
        words = normalise_phrase(phrase) if isinstance(phrase, str) else phrase
        if not words or words in self._phrases:
            return
        self._phrases[words] = value
        self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))

    def get(self, words: tuple[str, ...]) -> T | None:
        return self._phrases.get(words)

    def match_at(
        self, words: Sequence[Word], index: int, clitics: bool = True
    ) -> PhraseMatch[T] | None:
        """The longest phrase starting at ``words[index]``, trying proclitic-free forms."""
        first = words[index].norm
        candidates = [(first, 0)]
        if clitics:
            candidates.extend(clitic_forms(first))
        best: PhraseMatch[T] | None = None
        for form, cut in candidates:
            longest = self._longest.get(form)
            if longest is None:
                continue
            run = 1  # words joined to this one, up to the longest phrase that could match
            while run < longest and index + run < len(words) and words[index + run].gap <= MARKED:
                run += 1
            for length in range(run, 0, -1):
                if best is not None and length <= best.length:
                    break
                key = (form, *(w.norm for w in words[index + 1 : index + length]))
                value = self._phrases.get(key)
                if value is not None:
                    best = PhraseMatch(index, length, value, cut)
                    break
        return best

    def scan(
        self,
        words: Sequence[Word],
        clitics: bool = True,
        fallback: Callable[[Sequence[Word], int], PhraseMatch[T] | None] | None = None,
    ) -> list[PhraseMatch[T]]:
        """All non-overlapping longest matches, left to right.

        ``fallback`` is tried where this table has nothing (a second table
        with a condition, such as outlet names that need a cue word).
        """
        found: list[PhraseMatch[T]] = []
        index = 0
        while index < len(words):
            match = self.match_at(words, index, clitics)
            if match is None and fallback is not None:
                match = fallback(words, index)
            if match is None:
                index += 1
            else:
                found.append(match)
                index += match.length
        return found
