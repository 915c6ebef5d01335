"""Arabic analysis: one definition shared by indexing, querying and snippets.

The chain follows Whoosh's own style (``Tokenizer | Filter | Filter``):

* :class:`ArabicTokenizer` runs on the *original* text and keeps diacritics,
  Quranic marks, tatweel and joiners inside a token, so ``تطوّراً`` is one
  token whose ``startchar``/``endchar`` cover the word exactly as published.
* :class:`ArabicNormalizeFilter` rewrites ``token.text`` only (never offsets):
  strips tashkeel/tatweel/invisible marks, folds alef and alef maqsura forms,
  teh marbuta, Persian letters and digits, and lower-cases Latin.
* :class:`SpellingVariantFilter` maps spelling variants of foreign names to
  one canonical spelling (``بينج`` → ``بينغ``) from the shipped alias table.
* :class:`StopFilter` drops function words (stemmed variant only).
* :class:`ArabicLightStemFilter` strips one prefix and one suffix
  (:mod:`search.text.stemmer`).

Per-word work is cached (:func:`normalize_word`, :func:`stem_word`): news text
repeats its vocabulary, so analysis cost is mostly dictionary look-ups.

The analyzers are built by factory functions in this importable module because
Whoosh pickles them into the index schema.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Composable, Filter, Token, Tokenizer

from search.text.names import token_spelling_variants
from search.text.normalise import TOKEN_PATTERN, normalize_word
from search.text.stemmer import stem_word
from search.text.stopwords import STOPWORDS


class _Stateless:
    """Analysis parts without state: equal to any instance of the same class.

    Whoosh compares schemas (and so analyzers) when it opens and merges
    segments; these parts carry no settings, so the class is the identity.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


class _LastSpans(threading.local):
    """Each thread's last analysed text and its words (a server analyses queries on
    many threads: one thread's text never evicts or answers another's)."""

    value: str = ""
    spans: list[tuple[str, int, int]] = []  # noqa: RUF012 - replaced, never mutated


_last = _LastSpans()


def _word_spans(value: str) -> list[tuple[str, int, int]]:
    """Words of ``value`` with offsets; this thread's last text's words are reused.

    Indexing analyses each body twice (exact and stemmed variants) right
    after each other, so the second pass skips the regular expression.
    """
    last = _last
    if value is last.value:
        return last.spans
    spans = [(m.group(), m.start(), m.end()) for m in TOKEN_PATTERN.finditer(value)]
    last.value, last.spans = value, spans
    return spans


class ArabicTokenizer(_Stateless, Tokenizer):
    """Split original text into words, keeping in-word marks inside tokens."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        for pos, (text, start, end) in enumerate(_word_spans(value)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


class ArabicNormalizeFilter(_Stateless, Filter):
    """Rewrite ``token.text`` to its normalised form; offsets are untouched."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = normalize_word(token.text)
            if text:
                token.text = text
                yield token


class SpellingVariantFilter(_Stateless, Filter):
    """Map spelling variants of names to one canonical spelling.

    The table comes from the alias table shipped with the package and is
    loaded lazily, so the pickled analyzer in an index stays small and picks
    up a newer table version when the package is upgraded.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        variants = spelling_variants()
        for token in tokens:
            canonical = variants.get(token.text)
            if canonical is not None:
                token.text = canonical
            yield token


class StopFilter(_Stateless, Filter):
    """Drop Arabic function words (used by the stemmed variant only)."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.text not in STOPWORDS:
                yield token


class ArabicLightStemFilter(_Stateless, Filter):
    """Strip one definite-article/conjunction prefix and one suffix."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = stem_word(token.text)
            yield token


@lru_cache(maxsize=1)
def spelling_variants() -> dict[str, str]:
    """Normalised variant token → canonical token, from the alias table."""
    return token_spelling_variants()


def exact_analyzer() -> Composable:
    """Normalised words with stopwords kept: phrases and exact matches."""
    return ArabicTokenizer() | ArabicNormalizeFilter() | SpellingVariantFilter()


def stemmed_analyzer() -> Composable:
    """Normalised, stopword-free, light-stemmed words: recall."""
    return (
        ArabicTokenizer()
        | ArabicNormalizeFilter()
        | SpellingVariantFilter()
        | StopFilter()
        | ArabicLightStemFilter()
    )


_EXACT = exact_analyzer()
_STEMMED = stemmed_analyzer()


@lru_cache(maxsize=200_000)
def analyze_word(word: str) -> tuple[str | None, str | None]:
    """Return ``(exact_term, stemmed_term)`` for one token of original text.

    Runs the very analyzers the index uses (cached per word), so query
    building and snippets agree with indexing by construction. ``None`` means
    the variant drops the word (a stopword has no stemmed term).
    """
    exact = next((t.text for t in _EXACT(word)), None)
    stemmed = next((t.text for t in _STEMMED(word)), None)
    return exact, stemmed
