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

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from pyarabic import araby
from whoosh.analysis import Composable, Filter, Token, Tokenizer

from search.text.stemmer import stem_word

# Characters that belong *inside* a word although ``\w`` does not match them:
# harakat and other combining marks (U+064B–U+065F), superscript alef (U+0670),
# Quranic annotation marks (U+06D6–U+06ED), tatweel (U+0640) and the zero-width
# joiners used in Persian spelling.
_INWORD_MARKS = "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d"
TOKEN_PATTERN = re.compile(rf"(?:[^\W_]|[{_INWORD_MARKS}])+")

# Marks that carry no letter: removed by normalisation.
_STRIP_CHARS = (
    araby.TASHKEEL
    + (araby.TATWEEL,)
    + tuple(chr(c) for c in range(0x064B, 0x0660))
    + tuple(chr(c) for c in range(0x06D6, 0x06EE))
    + ("\u0670", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad")
)

_FOLD = {
    # Alef maqsura first in the brief's terms: it folds to yeh, never to alef.
    araby.ALEF_MAKSURA: araby.YEH,
    araby.ALEF_HAMZA_ABOVE: araby.ALEF,
    araby.ALEF_HAMZA_BELOW: araby.ALEF,
    araby.ALEF_MADDA: araby.ALEF,
    araby.ALEF_WASLA: araby.ALEF,
    araby.TEH_MARBUTA: araby.HEH,
    # Persian and Urdu letter forms.
    "\u06a9": araby.KAF,  # ک keheh
    "\u06cc": araby.YEH,  # ی farsi yeh
    "\u06d0": araby.YEH,  # ې yeh with vertical dots (Pashto)
    "\u06c1": araby.HEH,  # ہ heh goal
    "\u06d5": araby.HEH,  # ە ae
    "\u06c0": araby.HEH,  # ۀ heh with yeh above
    "\u06be": araby.HEH,  # ھ heh doachashmee
    "\u06c2": araby.HEH,  # ۂ heh goal with hamza above
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian/Urdu) digits

_TRANSLATION = str.maketrans({**_FOLD, **{c: None for c in _STRIP_CHARS}})
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

# Arabic function words as written; folded into STOPWORDS below.
_STOPWORD_TEXT = """
    في من على إلى الى عن مع ان او ام ثم لا لم لن ما ماذا متي اين كيف هل قد لقد
    هذا هذه ذلك تلك هولاء اولئك هناك هنا الذي التي الذين اللذين اللتين اللواتي
    كان كانت يكون تكون كانوا ليس ليست لكن بل حتي اذا اذ لان كما مثل بين عند
    لدي منذ خلال نحو غير بعد قبل كل بعض اي ايضا جدا
    هو هي هم هن انا نحن انت انتم هما وهو وهي وهم وفي ومن وعلي والي وعن ومع
    وان وقد ولا وما وكان وكانت ولم ولن وهذا وهذه وذلك والتي والذي فان فقد
    به بها بهم له لها لهم منه منها منهم عليه عليها عليهم فيه فيها فيهم عنه عنها
    اليه اليها انه انها لانه بان وبين كذلك حيث التي وفق
    """


def fold_word(word: str) -> str:
    """Normalise one word without the cache (exposed for the alias table)."""
    if _PRESENTATION_FORMS.search(word):
        word = unicodedata.normalize("NFKC", word)
    return word.translate(_TRANSLATION).lower()


#: Arabic function words, in normalised form (dropped from the stemmed variant).
STOPWORDS = frozenset(fold_word(w) for w in _STOPWORD_TEXT.split())


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Normalise one token; cached because news vocabulary repeats itself."""
    return fold_word(word)


def normalize_text(text: str) -> str:
    """Normalise running text token by token, keeping single spaces between."""
    return " ".join(normalize_word(m.group()) for m in TOKEN_PATTERN.finditer(text))


class _Stateless:
    """Analysis parts without state: equal to any instance of the same class.

    Whoosh compares schemas (and so analyzers) when it opens and merges
    segments; these parts carry no settings, so the class is the identity.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)


_last_spans: tuple[str, list[tuple[str, int, int]]] = ("", [])


def _word_spans(value: str) -> list[tuple[str, int, int]]:
    """Words of ``value`` with offsets; the last text's words are reused.

    Indexing analyses each body twice (exact and stemmed variants) right
    after each other, so the second pass skips the regular expression.
    """
    global _last_spans
    last_value, spans = _last_spans
    if value is last_value:
        return spans
    spans = [(m.group(), m.start(), m.end()) for m in TOKEN_PATTERN.finditer(value)]
    _last_spans = (value, spans)
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
    from search.text.names import token_spelling_variants

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
