"""What the transliteration model reads: Latin words folded, Arabic words normalised,
and the Arabic consonant skeleton that keys the candidate index.

Latin spellings of one name differ in diacritics (``Erdoğan``/``Erdogan``,
``Ségolène``), in letters no ASCII keyboard has (``ß``, ``ø``) and in particles
written joined or apart (``al-Assad``, ``el Sisi``, ``bin Salman``): folding makes
them one string of ``a``–``z`` so the model learns one mapping per sound. The
skeleton drops the letters Latin spellings most often leave unwritten or write
freely (long vowels, hamza, ``ع``, teh marbuta), merges letters one Latin
letter stands for (``t`` → ``ت``/``ط``, ``dh`` → ``ذ``/``د``), so one key holds
every Arabic spelling a Latin word may stand for.
"""

from __future__ import annotations

import re
import unicodedata

from search.text.normalise import normalize_word

#: Letters NFKD does not decompose into a base letter.
_SPECIAL = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ı": "i", "þ": "th", "ð": "d"}
)
LATIN_LETTERS = re.compile("[a-z]+")
#: A word with at least one Latin letter (what a query's Latin word is).
HAS_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Name particles written before a name, joined by a hyphen or apart, and the Arabic
#: word each is written as (the article ``al`` is joined to the name in Arabic).
PARTICLES: dict[str, str] = {
    "al": "ال",
    "el": "ال",
    "ul": "ال",
    "bin": "بن",
    "ben": "بن",
    "ibn": "ابن",
    "abu": "ابو",
    "abou": "ابو",
    "bou": "بو",
    "abd": "عبد",
    "abdel": "عبد ال",
    "abdul": "عبد ال",
    "abdol": "عبد ال",
}
#: Boundary marks the model reads around every word (``^a`` and ``a$`` are not ``a``).
START, END = "^", "$"

_VOWELS = set("اويء") | {"ئ", "ؤ", "ه", "ع"}  # after normalize_word: ة→ه, أ/إ/آ→ا, ى→ي
_SKELETON = {
    "ط": "ت",
    "ص": "س",
    "ث": "س",
    "ض": "د",
    "ذ": "د",
    "ظ": "ز",
    "ق": "ك",
    "ح": "ه",
    "ج": "غ",
}


def fold_latin(word: str) -> str:
    """``word`` lower-cased, diacritics and letter forms folded to ``a``–``z`` (other
    characters dropped): ``Erdoğan`` → ``erdogan``, ``Ségolène`` → ``segolene``."""
    text = unicodedata.normalize("NFKD", word.lower().translate(_SPECIAL))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(LATIN_LETTERS.findall(text))


def latin_parts(word: str) -> list[str]:
    """A typed Latin word as folded parts: a joined particle split off
    (``al-Assad`` → ``al``, ``assad``); hyphens and apostrophes separate parts."""
    parts = [fold_latin(p) for p in re.split(r"[-'’‘ ]+", word)]
    return [p for p in parts if p]


def normalize_arabic(word: str) -> str:
    """An Arabic spelling as the index holds it (Bahth's exact form)."""
    return normalize_word(word)


def skeleton(arabic: str) -> str:
    """The consonant skeleton of a normalised Arabic word: vowel letters, hamza, ``ع``
    and ``ه`` dropped, letters one Latin letter stands for merged (``بوتين`` → ``بتن``,
    ``قذافي`` → ``كدف``)."""
    return "".join(_SKELETON.get(c, c) for c in arabic if c not in _VOWELS)
