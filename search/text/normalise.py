"""Arabic normalisation: what makes two spellings of one word the same term.

Tokens are found on the original text (:data:`TOKEN_PATTERN` keeps diacritics,
Quranic marks, tatweel and joiners inside a word, so offsets cover the word as
printed); :func:`normalize_word` then strips tashkeel, tatweel and invisible
marks, folds alef forms and alef maqsura (to yeh, before alef folding), teh
marbuta, Persian letters and digits, and lower-cases Latin. pyarabic's
``normalize_hamza`` is not used: it maps أ/إ/آ to ء, which search must not do.

This module is the language's lowest floor: it imports nothing from Bahth.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pyarabic import araby

# Characters that belong *inside* a word although ``\w`` does not match them:
# harakat and other combining marks (U+064B–U+065F), superscript alef (U+0670),
# Quranic annotation marks (U+06D6–U+06ED), tatweel (U+0640) and the zero-width
# joiners used in Persian spelling.
INWORD_MARKS = "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d"
TOKEN_PATTERN = re.compile(rf"(?:[^\W_]|[{INWORD_MARKS}])+")
#: ``TOKEN_PATTERN`` as one character class, which ``re`` runs far faster than the
#: pattern's alternation. It differs only in taking ``_`` as a word character, so
#: :func:`without_underscores` makes them spaces first (same length: same offsets).
TOKEN_CLASS = re.compile(rf"[\w{INWORD_MARKS}]+")


def without_underscores(text: str) -> str:
    """``text`` with underscores made spaces: what :data:`TOKEN_CLASS` is run on."""
    return text.replace("_", " ") if "_" in text else text


def find_tokens(text: str) -> list[str]:
    """``TOKEN_PATTERN.findall(text)``, found with the faster :data:`TOKEN_CLASS`."""
    return TOKEN_CLASS.findall(without_underscores(text))


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


def fold_word(word: str) -> str:
    """Normalise one word without the cache (exposed for the alias table)."""
    if _PRESENTATION_FORMS.search(word):
        word = unicodedata.normalize("NFKC", word)
    return word.translate(_TRANSLATION).lower()


@lru_cache(maxsize=200_000)
def normalize_word(word: str) -> str:
    """Normalise one token; cached because news vocabulary repeats itself."""
    return fold_word(word)


def normalize_text(text: str) -> str:
    """Normalise running text token by token, keeping single spaces between."""
    return " ".join(normalize_word(m.group()) for m in TOKEN_PATTERN.finditer(text))
