"""Office + nationality organisations: ``وزارة الخارجية الصينية``, ``التلفزيون الروسي``.

News names a state's institutions by an office and the country's adjective
rather than by a proper name: ``الرئاسة الصينية``, ``مجلس الدولة الصيني``.
Neither the names table (which would need one entry per office and country)
nor the tagger (CLEANANERCorp reads most of them as a MISC adjective) finds
them reliably, while the shape is regular: an office of state (:data:`OFFICES`:
ministry, presidency, council, state broadcaster; with
or without the article or a proclitic), at most two definite words that are not titles
(``الخارجية``, ``الدولة``; ``حكومة الرئيس الفرنسي`` is not an office), then a
nationality adjective the names table knows that agrees with the head in gender
(``وزارة … الصينية``, ``مجلس … الصيني``: ``وزارة الخارجية الإماراتي`` qualifies
something else), all written without punctuation between. ``الحكومة الفرنسية``
is left out: it names the country's government as the country does. Other
heads (``الشركة الأميركية``, ``الجمعية الطبية السورية``, an army)
name no one institution, or only part of a longer name, and are left to the
tagger. ``الخارجية الصينية`` is the ministry (its value is written in
full, as the other mentions are), but not after a title: ``وزير الخارجية
الصيني`` introduces a person. An office inside an outlet's name (``وكالة
الأنباء الفرنسية``) is the outlet's, see :mod:`search.ingest.extract.entities`. The
adjective still counts for its country too (``rule:nationality`` in
:mod:`search.ingest.extract.actors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pyarabic import araby

from search.ingest.extract.model import FacetValue
from search.ingest.extract.ner.gazetteer import gazetteer
from search.ingest.extract.ner.lexicon import clitic_splits, lists
from search.text.normalise import normalize_word
from search.text.tokens import JOINED, Word

#: Definite words allowed between the head and the adjective.
MAX_MIDDLE = 2
#: Heads of an office of state, with and without the article.
OFFICES = """وزارة الوزارة رئاسة الرئاسة مجلس المجلس تلفزيون التلفزيون إذاعة الإذاعة""".split()
#: A short form that opens an office on its own, and its full display form.
_SHORT_HEADS = {"الخارجيه": "وزارة الخارجية"}


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    return frozenset(map(normalize_word, OFFICES)) | frozenset(_SHORT_HEADS)


@lru_cache(maxsize=1)
def _endings() -> frozenset[str]:
    """The heads' last three letters: a proclitic never changes them, so a word without
    one of these endings is no head, decided without reading its clitics (this runs
    over every word of every article)."""
    return frozenset(head[-3:] for head in _heads())


def _head_cut(norm: str) -> tuple[int, bool] | None:
    """Letters of proclitic to cut from a head word, and whether ``ال`` must be restored
    in the display (``بالرئاسة`` → ``الرئاسة``); None if it is no organisation head."""
    heads = _heads()
    if norm in heads:
        return 0, False
    for clitic, base in clitic_splits(norm):
        if clitic == "ل" and norm.startswith("لل") and base in heads:
            return 2, True  # للجيش: li + al-, one lam written
        if clitic in ("و", "ف", "ب", "ل", "وب", "ول", "فب", "فل") and base in heads:
            return len(clitic), False
        if clitic in ("وال", "بال", "فال") and "ال" + base in heads:
            return len(clitic), True
    return None


def _end_of_office(words: Sequence[Word], head: int) -> int | None:
    """The word index after the adjective closing an office phrase opened at ``head``."""
    adjectives = gazetteer().adjectives
    for index in range(head + 1, min(head + 2 + MAX_MIDDLE, len(words))):
        word = words[index]
        if word.gap != JOINED or not word.norm.startswith("ال"):
            return None
        if word.norm in adjectives:
            feminine = words[head].norm.endswith("ه")  # وزارة, الرئاسة, الخارجية
            return index + 1 if word.norm.endswith("يه") == feminine else None
        if word.norm in lists()["title"] or words[head].norm in _SHORT_HEADS:
            return None  # حكومة الرئيس الفرنسي; الخارجية takes the adjective at once
    return None


def _after_title(words: Sequence[Word], index: int) -> bool:
    """``وزير الخارجية``: the word before is a title (with or without a proclitic)."""
    if index == 0 or words[index].gap != JOINED:
        return False
    before = words[index - 1].norm
    titles = lists()["title"]
    return before in titles or any(b in titles for _, b in clitic_splits(before))


def find_offices(text: str, words: Sequence[Word]) -> list[FacetValue]:
    """Office + nationality organisations in ``words`` (the article's content words)."""
    found: list[FacetValue] = []
    seen: set[str] = set()
    endings = _endings()
    candidates = [i for i, word in enumerate(words) if word.norm[-3:] in endings]
    done = 0  # words before this index belong to an office already found
    for index in candidates:
        if index < done:
            continue
        cut = _head_cut(words[index].norm)
        if cut is not None and words[index].norm in _SHORT_HEADS and _after_title(words, index):
            cut = None
        end = _end_of_office(words, index) if cut is not None else None
        if cut is None or end is None:
            continue
        letters, restore = cut
        first = words[index]
        head = ("ال" if restore else "") + text[first.start + letters : first.end]
        pieces = [_SHORT_HEADS.get(normalize_word(head), head)]
        pieces += [text[w.start : w.end] for w in words[index + 1 : end]]
        value = araby.strip_diacritics(" ".join(pieces))
        if value not in seen:
            seen.add(value)
            span = (first.start + letters, words[end - 1].end)
            found.append(FacetValue(value, "organisation", "rule:office", span))
        done = end
    return found
