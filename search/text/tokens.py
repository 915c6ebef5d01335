"""Tokens of the original text with their offsets, tokenised once per article.

Cleaning counts and compares the words of every line, and publisher, agencies
and actors each want the words of some stretches of the text. Tokenising and
normalising the whole text once (:class:`TextWords`) and slicing it costs a
fraction of tokenising each stretch for each consumer, which was most of the
time extraction took. The per-token work is done with ``map`` and slices
rather than a Python loop, since an article has hundreds of tokens.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate, repeat
from typing import NamedTuple

from search.text.normalise import (
    TOKEN_CLASS,
    TOKEN_PATTERN,
    normalize_word,
    without_underscores,
)

#: Characters that end a phrase: a name never runs across them.
_HARD_BREAKS = frozenset(".!?؟؛;:\n\r•|")
_SOFT_BREAKS = frozenset("،,")

_MARKS = frozenset("\"'“”«»()[]{}‹›„")

#: Gap kinds between a word and the one before it: spaces only; quotes or brackets
#: (a name may run across them: منظمة “شنغهاي للتعاون”); a comma; a sentence break.
JOINED, MARKED, COMMA, BREAK = 0, 1, 2, 3

#: The tokens as a capturing split (the text alternates gap, token, gap, …), with
#: the fast :data:`TOKEN_CLASS`: underscores are made spaces first, so tokens and
#: offsets stay those of ``TOKEN_PATTERN``, and a space is the same kind of gap.
_SPLIT = re.compile(f"({TOKEN_CLASS.pattern})")
#: Bound on the gap memo: gaps repeat across a corpus (a few hundred kinds), but
#: an odd text must not grow it without limit.
_MEMO_LIMIT = 100_000


class Word(NamedTuple):
    """One token: normalised text and its span in the original article text.

    A named tuple rather than a dataclass: hundreds are built per article,
    through ``tuple.__new__`` (the named tuple's own constructor is Python code).
    """

    norm: str
    start: int
    end: int
    gap: int  # JOINED, MARKED, COMMA or BREAK: what separates it from the previous word


def _new_word(values: tuple[str, int, int, int]) -> Word:
    return tuple.__new__(Word, values)


def normalise_phrase(phrase: str) -> tuple[str, ...]:
    """The normalised words of a table phrase, tokenised like article text."""
    return tuple(map(normalize_word, TOKEN_PATTERN.findall(phrase)))


def _gap_kind(gap: str) -> int:
    if any(c in _HARD_BREAKS for c in gap):
        return BREAK
    if any(c in _SOFT_BREAKS for c in gap):
        return COMMA
    if any(c in _MARKS for c in gap):
        return MARKED
    return JOINED


_GAP_KINDS: dict[str, int] = {" ": JOINED}


def gap_kind(gap: str) -> int:
    """:func:`_gap_kind`, memoised."""
    kind = _GAP_KINDS.get(gap)
    if kind is None:
        kind = _gap_kind(gap)
        if len(_GAP_KINDS) < _MEMO_LIMIT:
            _GAP_KINDS[gap] = kind
    return kind


def words_in(text: str, spans: Iterable[tuple[int, int]]) -> list[Word]:
    """Tokenise the given stretches of ``text``; a stretch boundary is a hard break."""
    words: list[Word] = []
    for start, end in spans:
        previous_end: int | None = None
        for match in TOKEN_PATTERN.finditer(text, start, end):
            norm = normalize_word(match.group())
            if not norm:
                continue
            gap = BREAK if previous_end is None else gap_kind(text[previous_end : match.start()])
            words.append(Word(norm, match.start(), match.end(), gap))
            previous_end = match.end()
    return words


class TextWords:
    """Every token of one text, normalised once; :meth:`words_in` as slices of it.

    Gaps are taken between consecutive non-empty words of the whole text, so a
    stretch's words equal :func:`words_in` on it once its first word is marked
    as a break. A stretch boundary inside a token (cleaning never makes one)
    falls back to tokenising that stretch on its own.
    """

    __slots__ = ("text", "tokens", "norms", "starts", "ends", "_words", "_word_starts")

    def __init__(self, text: str) -> None:
        self.text = text
        parts = _SPLIT.split(without_underscores(text))
        bounds = list(accumulate(map(len, parts)))
        #: Raw tokens, their normalised forms (empty for a token of marks only), offsets.
        self.tokens: list[str] = parts[1::2]
        self.norms: list[str] = list(map(normalize_word, self.tokens))
        self.starts: list[int] = bounds[0:-1:2]
        self.ends: list[int] = bounds[1::2]
        norms, starts, ends = self.norms, self.starts, self.ends
        if "" in norms:
            # tokens of marks only are no words: the gap runs across them, as
            # :func:`words_in` takes it (tokenising again would be slow for a large text)
            keep = [i for i, norm in enumerate(norms) if norm]
            gaps = [text[ends[i] : starts[j]] for i, j in zip(keep, keep[1:], strict=False)]
            norms = [norms[i] for i in keep]
            starts, ends = [starts[i] for i in keep], [ends[i] for i in keep]
        else:
            gaps = parts[2:-1:2]  # between consecutive tokens
        kinds = list(map(_GAP_KINDS.get, gaps))
        if None in kinds:
            kinds = list(map(gap_kind, gaps))
        if norms:
            kinds.insert(0, BREAK)
        rows = zip(norms, starts, ends, kinds, strict=False)
        self._words = list(map(tuple.__new__, repeat(Word), rows))
        self._word_starts = self.starts if len(self._words) == len(self.starts) else None

    def token_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Indices ``[first, last)`` of the tokens in ``[start, end)``; None if one is cut."""
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        ends = self.ends
        if (first > 0 and ends[first - 1] > start) or (last > 0 and ends[last - 1] > end):
            return None
        return first, last

    def words_in(self, spans: Iterable[tuple[int, int]]) -> list[Word]:
        """Same as :func:`words_in` on this text, without tokenising again."""
        words: list[Word] = []
        all_words = self._words
        word_starts = self._word_starts
        if word_starts is None:
            word_starts = self._word_starts = [w.start for w in all_words]
        for start, end in spans:
            if self.token_range(start, end) is None:
                words.extend(words_in(self.text, [(start, end)]))
                continue
            a = bisect_left(word_starts, start)
            b = bisect_left(word_starts, end)
            if a >= b:
                continue
            head = all_words[a]
            words.append(head if head.gap == BREAK else _new_word((*head[:3], BREAK)))
            words.extend(all_words[a + 1 : b])
        return words
