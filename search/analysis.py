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
* :class:`ArabicLightStemFilter` strips one prefix and one suffix.

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

# One prefix, longest first, as in Lucene's light10 stemmer.
PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")
# One suffix, longest first.
SUFFIXES = ("هما", "كما", "ات", "ان", "ون", "ين", "يه", "ها", "هم", "ي", "ه", "ا")
#: A stem never gets shorter than this many letters.
MIN_STEM = 2
# Words whose first letter is a radical waw, not the conjunction: a lone و
# prefix is not stripped from them (else وزير → زير while الوزير → وزير).
WAW_INITIAL = (
    "وزير",
    "وزار",
    "وزراء",
    "وكال",
    "وفد",
    "وفود",
    "وقت",
    "وضع",
    "وطن",
    "ولاي",
    "وسط",
    "وفا",
    "وجه",
    "وجو",
    "وحد",
    "وثيق",
    "وثائق",
    "واقع",
    "وصول",
    "وصل",
    "وقف",
    "وعد",
    "ورق",
    "وسائل",
    "وسيل",
    "وظيف",
    "وظائف",
    "وادي",
    "ولي",
    "وليد",
    "ورد",
    "ورش",
    "وارد",
    "واجب",
    "واجه",
    "واضح",
    "واسع",
    "والد",
    "وباء",
    "وراث",
    "وزن",
    "وعي",
)
# Proclitics that may stand before a protected name: و ف ب ل ك and pairs.
_PROCLITIC = re.compile(r"^(?:[وف]?[بلك]?|ال|وال|بال|لل)")

#: Proper names that look like they carry a suffix (بوتين is not بوت + ين).
PROTECTED_NAMES = frozenset(
    """
    بوتين لافروف ترامب بايدن ماكرون اردوغان نتنياهو زيلينسكي ميشوستين
    شينخوا سبوتنيك نوفوستي رويترز بكين برلين طهران فلسطين بحرين يمن عمان
    لبنان سودان اردن ايران يابان فلبين ارجنتين فيتنام كرملين كونغرس بنتاغون
    غوتيريش بلينكن شنغهاي بينغ تشيانغ هانغتشو قازان عمران حسين ياسين
    """.split()
)


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


def _protected_core(word: str) -> str | None:
    """Return the protected name inside ``word`` once proclitics are removed."""
    if word in PROTECTED_NAMES:
        return word
    for end in range(1, min(4, len(word) - 2) + 1):
        head, core = word[:end], word[end:]
        if _PROCLITIC.fullmatch(head) and core in PROTECTED_NAMES:
            return core
    return None


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """Light-stem a normalised word: one prefix, one suffix, stem >= MIN_STEM.

    Names in :data:`PROTECTED_NAMES` keep their form (clitics aside), because
    a suffix stripper would otherwise read ``بوتين`` as a plural.
    """
    if not word or not ("\u0600" <= word[0] <= "\u06ff"):
        return word
    protected = _protected_core(word)
    if protected is not None:
        return protected
    for prefix in PREFIXES:
        if prefix == "و" and word.startswith(WAW_INITIAL):
            break
        min_len = len(prefix) + MIN_STEM + (1 if len(prefix) == 1 else 0)
        if word.startswith(prefix) and len(word) >= min_len:
            word = word[len(prefix) :]
            break
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + MIN_STEM:
            word = word[: -len(suffix)]
            break
    return word


class ArabicTokenizer(Tokenizer):
    """Split original text into words, keeping in-word marks inside tokens."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

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
        for pos, match in enumerate(TOKEN_PATTERN.finditer(value)):
            token.text = match.group()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            yield token


class ArabicNormalizeFilter(Filter):
    """Rewrite ``token.text`` to its normalised form; offsets are untouched."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            text = normalize_word(token.text)
            if text:
                token.text = text
                yield token


class SpellingVariantFilter(Filter):
    """Map spelling variants of names to one canonical spelling.

    The table comes from the alias table shipped with the package and is
    loaded lazily, so the pickled analyzer in an index stays small and picks
    up a newer table version when the package is upgraded.
    """

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        variants = spelling_variants()
        for token in tokens:
            canonical = variants.get(token.text)
            if canonical is not None:
                token.text = canonical
            yield token


class StopFilter(Filter):
    """Drop Arabic function words (used by the stemmed variant only)."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.text not in STOPWORDS:
                yield token


class ArabicLightStemFilter(Filter):
    """Strip one definite-article/conjunction prefix and one suffix."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = stem_word(token.text)
            yield token


@lru_cache(maxsize=1)
def spelling_variants() -> dict[str, str]:
    """Normalised variant token → canonical token, from the alias table."""
    from search.extract.aliases import token_spelling_variants

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
