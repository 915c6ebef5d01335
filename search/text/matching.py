"""Which words of a text a query matches, as character spans of the original text.

A token matches exactly when the index would have matched it: the text is
split with the analyzer's own token pattern and each word analysed with the
cached :func:`~search.text.analyzers.analyze_word`. Spans cover the word as
printed, diacritics and tatweel included, for any renderer (HTML, terminal).

A phrase of the query is marked only where it occurs, as one span from its
first word to its last (its words standing at consecutive token positions, as
the index matches it); a phrase word elsewhere is not marked, unless the query
also names it outside a phrase. A mark then says exactly what matched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate

from search.text.analyzers import analyze_word
from search.text.normalise import TOKEN_PATTERN

#: Splits a text into gap, token, gap, token, ..., gap.
_TOKENS_AND_GAPS = re.compile(f"({TOKEN_PATTERN.pattern})", TOKEN_PATTERN.flags)

MAX_MATCHES = 12
#: How often (in split parts, two per word) a bounded search looks at its clock.
CHECK_EVERY = 1024

Span = tuple[int, int]


@dataclass(frozen=True)
class TermSet:
    """The exact and stemmed terms a snippet should mark, and the phrases (exact
    forms in order, two words or more) it should mark only where they occur."""

    exact: frozenset[str]
    stemmed: frozenset[str]
    phrases: frozenset[tuple[str, ...]] = frozenset()
    # Verdicts by surface form, shared by the query's hits (most words recur).
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    _exact: dict[str, str | None] = field(default_factory=dict, compare=False, repr=False)

    def matches(self, word: str) -> bool:
        seen = self._seen.get(word)
        if seen is None:
            exact, stemmed = analyze_word(word)
            seen = exact in self.exact or (stemmed is not None and stemmed in self.stemmed)
            self._seen[word] = seen
        return seen

    def exact_form(self, word: str) -> str | None:
        """The word's exact term (cached per surface form)."""
        if word not in self._exact:
            self._exact[word] = analyze_word(word)[0]
        return self._exact[word]

    def phrases_from(self, word: str) -> list[tuple[str, ...]]:
        """The phrases ``word`` could begin, longest first."""
        if not self.phrases:
            return []
        first = self.exact_form(word)
        return sorted((p for p in self.phrases if p[0] == first), key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self.exact or self.stemmed or self.phrases)


def find_matches(text: str, terms: TermSet, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Character spans of matching tokens, in order, at most ``limit``.

    One C-level split gives the tokens and the text between them (so their
    offsets) without a match object per token, and verdicts are remembered
    per surface form for the whole query (a body repeats most of its words).
    """
    return find_matches_until(text, terms, limit, lambda: False)[0]


def find_matches_until(
    text: str, terms: TermSet, limit: int, expired: Callable[[], bool]
) -> tuple[list[Span], bool]:
    """:func:`find_matches` that stops once ``expired()`` says so (asked every
    :data:`CHECK_EVERY` words); returns the spans and whether it stopped early.

    A long article has tens of thousands of distinct words, each analysed
    once: a budget keeps one document request from running unbounded.
    """
    spans: list[Span] = []
    if not terms:
        return spans, False
    parts = _TOKENS_AND_GAPS.split(text)
    ends = list(accumulate(map(len, parts)))
    i, checked = 1, 1
    while i < len(parts):
        if i - checked >= CHECK_EVERY:
            checked = i
            if expired():
                return spans, True
        word = parts[i]
        length = _phrase_at(parts, i, terms)
        if length:
            last = i + 2 * (length - 1)
            spans.append((ends[i] - len(word), ends[last]))
            i = last + 2
        else:
            if terms.matches(word):
                spans.append((ends[i] - len(word), ends[i]))
            i += 2
        if len(spans) >= limit:
            break
    return spans, False


def _phrase_at(parts: list[str], i: int, terms: TermSet) -> int:
    """How many words of a query phrase start at token ``parts[i]`` (0: none)."""
    for phrase in terms.phrases_from(parts[i]):
        last = i + 2 * (len(phrase) - 1)
        if last < len(parts) and all(
            terms.exact_form(parts[i + 2 * k]) == word for k, word in enumerate(phrase)
        ):
            return len(phrase)
    return 0
