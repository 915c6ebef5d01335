"""Which words of a text a query matches, as character spans of the original text.

A token matches exactly when the index would have matched it: the text is
split with the analyzer's own token pattern and each word analysed with the
cached :func:`~search.text.analyzers.analyze_word`. Spans cover the word as
printed, diacritics and tatweel included, for any renderer (HTML, terminal).
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
    """The exact and stemmed terms a snippet should mark."""

    exact: frozenset[str]
    stemmed: frozenset[str]
    # Verdicts by surface form, shared by the query's hits (most words recur).
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def matches(self, word: str) -> bool:
        seen = self._seen.get(word)
        if seen is None:
            exact, stemmed = analyze_word(word)
            seen = exact in self.exact or (stemmed is not None and stemmed in self.stemmed)
            self._seen[word] = seen
        return seen

    def __bool__(self) -> bool:
        return bool(self.exact or self.stemmed)


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
    for i in range(1, len(parts), 2):
        if i % CHECK_EVERY == 1 and i > 1 and expired():
            return spans, True
        word = parts[i]
        if terms.matches(word):
            spans.append((ends[i] - len(word), ends[i]))
            if len(spans) >= limit:
                break
    return spans, False
