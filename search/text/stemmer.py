"""A light Arabic stemmer for news: one prefix, one suffix, names protected.

Lucene-style light stemming (one of ال/وال/بال/كال/فال/لل/و, then one suffix)
conflates news vocabulary well (``والعلاقات`` and ``علاقة`` meet at ``علاق``)
without the meaning collisions of root stemmers (كتاب/كاتب/مكتب stay apart).
Two refinements for news text: proper names that look inflected (``بوتين``
is not ``بوت`` + ``ين``) keep their form behind any proclitic, and words
whose first letter is a radical waw (``وزير``) do not lose it as if it were
the conjunction. Words arrive normalised (see :mod:`search.text.analyzers`).
"""

from __future__ import annotations

import re
from functools import lru_cache

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


#: Every proclitic head ``_PROCLITIC`` accepts (one to four letters).
_HEADS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك", "ال", "وال", "بال", "لل")
#: A protected name behind a proclitic → the name (shortest head first, as the scan found it).
_BEHIND_CLITIC: dict[str, str] = {}
for _head in sorted(_HEADS, key=len):
    for _name in PROTECTED_NAMES:
        _BEHIND_CLITIC.setdefault(_head + _name, _name)


def _protected_core(word: str) -> str | None:
    """Return the protected name inside ``word`` once proclitics are removed.

    One dictionary look-up (every head and name put together once), not a regex per split:
    every word the indexer and the tagger see for the first time comes here.
    """
    if word in PROTECTED_NAMES:
        return word
    return _BEHIND_CLITIC.get(word)


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
