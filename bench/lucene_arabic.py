"""Baseline for the relevance bench: Lucene's ArabicAnalyzer and BM25, in Python.

This module is the *yardstick*, not the product: nothing in ``search/`` uses
it, and it must not import from ``search/`` either, so that a change to the
product's analysis can never move the baseline it is measured against.

It ports, as closely as is useful, the chain of Lucene's ``ArabicAnalyzer``
(``org.apache.lucene.analysis.ar``, Lucene 9):

1. ``StandardTokenizer`` (UAX #29 word breaks) → :func:`standard_tokens`, a
   regular-expression approximation that keeps combining marks, tatweel and
   format characters inside a word and joins ``3.5``/``1,000``/``U.S``;
2. ``LowerCaseFilter`` and ``DecimalDigitFilter`` (any decimal digit → ASCII);
3. ``StopFilter`` with Savoy's list as Lucene ships it, applied **before**
   normalisation, exactly as Lucene does (the list is not normalised, which is
   why it spells ``أن``, ``ان`` and ``إن`` out separately);
4. ``ArabicNormalizationFilter`` → :func:`normalize`;
5. ``ArabicStemFilter`` (Larkey et al.'s light10) → :func:`stem`.

Scoring is Lucene's ``BM25Similarity`` (k1 0.9 and b 0.4 here, the Anserini
and Pyserini defaults): ``idf = log(1 + (N - n + 0.5) / (n + 0.5))`` and
``tf / (tf + k1 * (1 - b + b * dl / avgdl))``, with the document length stored
the way Lucene stores norms (one byte, exact below 24 tokens, coarser above;
see :func:`lucene_norm_length`). A query is the bag of its analysed tokens,
each occurrence one SHOULD clause, so a repeated query word counts twice. Ties
go to the document indexed first, as in Lucene.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

# --- 1. Tokeniser ------------------------------------------------------------

# Word_Break=Extend / ZWJ / Format characters: they never split a word (UAX #29
# rule WB4). Combining marks used in Arabic and Latin, ZWNJ/ZWJ, the direction
# marks, the byte-order mark and the soft hyphen.
_EXTEND = (
    "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4"
    "\u06e7\u06e8\u06ea-\u06ed\u200c-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad"
)
_UNIT = rf"[\w{_EXTEND}]"
_LETTER = rf"[^\W\d_]|[{_EXTEND}]"
# MidLetter and MidNumLet join letters; MidNum and MidNumLet join digits.
_MID_NUM_LET = ".'\u2018\u2019\u2024\ufe52\uff07\uff0e"
_MID_LETTER = f"[:\u00b7\u0387\u05f4\u2027\ufe13\ufe55\uff1a{_MID_NUM_LET}]"
_MID_NUM = (
    f"[,;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54\uff0c\uff1b"
    f"{_MID_NUM_LET}]"
)
STANDARD_TOKEN = re.compile(
    rf"\w{_UNIT}*(?:(?:(?<={_LETTER}){_MID_LETTER}(?=[^\W\d_])|(?<=\d){_MID_NUM}(?=\d)){_UNIT}+)*"
)
#: StandardTokenizer's default maximum token length (longer tokens are split).
MAX_TOKEN_LENGTH = 255


def standard_tokens(text: str) -> list[str]:
    """Split ``text`` roughly as Lucene's ``StandardTokenizer`` does."""
    tokens = []
    for match in STANDARD_TOKEN.finditer(text):
        token = match.group()
        for start in range(0, len(token), MAX_TOKEN_LENGTH):
            tokens.append(token[start : start + MAX_TOKEN_LENGTH])
    return tokens


# --- 2. Lower case and decimal digits -----------------------------------------


def fold_case_and_digits(token: str) -> str:
    """``LowerCaseFilter`` then ``DecimalDigitFilter``."""
    token = token.lower()
    if token.isascii():
        return token
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in token
    )


# --- 3. Stopwords ------------------------------------------------------------

#: Savoy's Arabic stopword list, as Lucene ships it in
#: ``org/apache/lucene/analysis/ar/stopwords.txt`` ("Cleaned on October 11,
#: 2009 (not normalized, so use before normalization)"); BSD licence, from
#: http://members.unine.ch/jacques.savoy/clef/index.html. 119 entries.
SAVOY_STOPWORDS = frozenset(
    """
    من ومن منها منه في وفي فيها فيه و ف ثم او أو ب بها به ا أ اى اي أي أى
    لا ولا الا ألا إلا لكن ما وما كما فما عن مع اذا إذا ان أن إن انها أنها
    إنها انه أنه إنه بان بأن فان فأن وان وأن وإن التى التي الذى الذي الذين
    الى الي إلى إلي على عليها عليه اما أما إما ايضا أيضا كل وكل لم ولم لن
    ولن هى هي هو وهى وهي وهو فهى فهي فهو انت أنت لك لها له هذه هذا تلك ذلك
    هناك كانت كان يكون تكون وكانت وكان غير بعض قد نحو بين بينما منذ ضمن حيث
    الان الآن خلال بعد قبل حتى عند عندما لدى جميع
    """.split()
)

# --- 4. Normaliser -----------------------------------------------------------

ALEF = "\u0627"
YEH = "\u064a"
HEH = "\u0647"
#: ``ArabicNormalizer``: hamza/madda alef → alef, alef maksura → yeh, teh
#: marbuta → heh; tatweel and the eight harakat (U+064B–U+0652) deleted.
#: Nothing else: superscript alef, alef wasla and Quranic marks stay.
_NORMALIZE = str.maketrans(
    {
        "\u0622": ALEF,  # آ alef madda
        "\u0623": ALEF,  # أ alef hamza above
        "\u0625": ALEF,  # إ alef hamza below
        "\u0649": YEH,  # ى alef maksura (dotless yeh)
        "\u0629": HEH,  # ة teh marbuta
        **{chr(c): None for c in (0x0640, *range(0x064B, 0x0653))},  # tatweel, harakat
    }
)


def normalize(token: str) -> str:
    """Lucene's ``ArabicNormalizer`` on one token."""
    return token.translate(_NORMALIZE)


# --- 5. Light stemmer ---------------------------------------------------------

#: ``ArabicStemmer.prefixes``, tried in this order; the first that fits goes.
PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
#: ``ArabicStemmer.suffixes``: each tried once, in this order, on what is left.
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def stem(token: str) -> str:
    """Lucene's ``ArabicStemmer``: one prefix, then each suffix once in order.

    Length checks as in ``startsWithCheckLength``/``endsWithCheckLength``:
    the one-letter prefix و needs a word of at least 4 letters, the others
    leave at least 2; every suffix leaves at least 2.
    """
    for prefix in PREFIXES:
        if len(prefix) == 1 and len(token) < 4:
            continue
        if len(token) >= len(prefix) + 2 and token.startswith(prefix):
            token = token[len(prefix) :]
            break
    for suffix in SUFFIXES:
        if len(token) >= len(suffix) + 2 and token.endswith(suffix):
            token = token[: -len(suffix)]
    return token


def arabic_analyzer(text: str) -> list[str]:
    """The whole ``ArabicAnalyzer`` chain: index and query terms of ``text``."""
    terms = []
    for raw in standard_tokens(text):
        token = fold_case_and_digits(raw)
        if token in SAVOY_STOPWORDS:
            continue
        terms.append(stem(normalize(token)))
    return terms


_WORD = re.compile(r"\w+")


def word_analyzer(text: str) -> list[str]:
    r"""The plain comparison row: lower-cased ``\w+`` tokens, nothing else."""
    return _WORD.findall(text.lower())


# --- BM25 ---------------------------------------------------------------------


def _long_to_int4(value: int) -> int:
    bits = value.bit_length()
    if bits < 4:
        return value
    shift = bits - 4
    return ((value >> shift) & 0x07) | ((shift + 1) << 3)


def _int4_to_long(encoded: int) -> int:
    bits = encoded & 0x07
    shift = (encoded >> 3) - 1
    return bits if shift == -1 else (bits | 0x08) << shift


_NUM_FREE_VALUES = 255 - _long_to_int4(2**31 - 1)  # 24


def lucene_norm_length(length: int) -> int:
    """A field length as Lucene's BM25 sees it after its one-byte norm.

    ``SmallFloat.byte4ToInt(SmallFloat.intToByte4(length))``: exact below 24,
    then rounded down to 4 significant bits of ``length - 24``.
    """
    if length < _NUM_FREE_VALUES:
        return length
    return _NUM_FREE_VALUES + _int4_to_long(_long_to_int4(length - _NUM_FREE_VALUES))


class BM25:
    """A small in-memory BM25 index with Lucene's idf and length norms."""

    def __init__(
        self,
        docs: Iterable[tuple[str, str]],
        analyzer: Callable[[str], list[str]],
        k1: float = 0.9,
        b: float = 0.4,
        lucene_norms: bool = True,
    ) -> None:
        self.analyzer = analyzer
        self.k1 = k1
        self.b = b
        self.doc_ids: list[str] = []
        self.postings: dict[str, list[tuple[int, int]]] = {}
        lengths = []
        for doc_id, text in docs:
            terms = analyzer(text)
            number = len(self.doc_ids)
            self.doc_ids.append(doc_id)
            lengths.append(len(terms))
            for term, tf in Counter(terms).items():
                self.postings.setdefault(term, []).append((number, tf))
        self.count = len(self.doc_ids)
        avgdl = sum(lengths) / self.count if self.count else 0.0
        stored = [lucene_norm_length(n) if lucene_norms else n for n in lengths]
        self._norm = [k1 * (1 - b + b * n / avgdl) if avgdl else k1 for n in stored]

    def idf(self, term: str) -> float:
        """Lucene's BM25 idf: ``log(1 + (N - n + 0.5) / (n + 0.5))``."""
        n = len(self.postings.get(term, ()))
        return math.log(1 + (self.count - n + 0.5) / (n + 0.5))

    def search_terms(self, terms: Sequence[str], k: int = 10) -> list[tuple[str, float]]:
        """Top ``k`` documents for analysed query terms, ``(doc_id, score)``."""
        scores: dict[int, float] = {}
        for term, qtf in Counter(terms).items():
            postings = self.postings.get(term)
            if not postings:
                continue
            weight = qtf * self.idf(term)
            for number, tf in postings:
                scores[number] = scores.get(number, 0.0) + weight * tf / (tf + self._norm[number])
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [(self.doc_ids[number], score) for number, score in best]

    def search(self, query: str, k: int = 10) -> list[tuple[str, float]]:
        """Analyse ``query`` like the documents and return the top ``k``."""
        return self.search_terms(self.analyzer(query), k)
