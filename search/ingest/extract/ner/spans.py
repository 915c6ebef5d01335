"""Span rules: a name never runs across punctuation, a verb or a preposition.

A CRF labels token by token, so now and then it runs a name into the next
phrase: ``خالد بن سلمان يعود``, ``رامي عبد الرحمن لوكالة فرانس``. Those
fragments are worse than a miss in a facet, so the chunks it returns are cut
here by rules that hold for names in the training data (checked on it: no
gold name contains a punctuation token; the verb and preposition lists leave
out the words that are also names, such as ``علي`` and ``طالب``):

* a punctuation token or a verb-like word is never inside a span, except
  quotes and brackets, which a name may run across when the CRF says it
  goes on after them (``منظمة “شنغهاي للتعاون”``: ``I-ORG`` after the quote);
* a standalone preposition is never inside a person or a place (organisation
  names may hold one: ``الحزب الشيوعي في الصين`` — there it may only not be
  at an edge);
* a person's name stops before a word that carries a preposition or a
  conjunction onto an organisation head, a place cue or a title
  (``لوكالة``, ``بمدينة``, ``والرئيس``), and never starts or ends on a title;
* a head noun alone, without the article (``ومنظمة``, ``وزارة``), is not a name.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.ingest.extract.ner.gazetteer import gazetteer
from search.ingest.extract.ner.lexicon import clitic_splits, is_preposition, is_verb_like, lists
from search.ingest.extract.ner.tokens import Token

_HEADS = ("orghead", "loccue", "title")
#: Marks a name may run across (never at its edges).
QUOTES = frozenset("\"'«»“”„‹›()[]")
#: Titles that are also names or name parts, never stripped from a person.
_NAME_TITLES = frozenset({"امين", "البابا", "الفريق", "الله"})


def _breaks_every(token: Token) -> bool:
    if not token.word:
        return token.text not in QUOTES
    return is_verb_like(token.norm) and not gazetteer().word_tags(token.norm)


def clitic_head(norm: str) -> bool:
    """``لوكالة``, ``بمدينة``, ``والرئيس``: a proclitic on a head word or title."""
    word_lists = lists()
    for clitic, base in clitic_splits(norm):
        for name in _HEADS:
            if base in word_lists[name] or "ال" + base in word_lists[name]:
                return clitic not in ("ال",)
    return False


def _title(norm: str) -> bool:
    return norm in lists()["title"] and norm not in _NAME_TITLES


def _person_stop(norm: str) -> bool:
    """A word that ends a person's name and begins something else: a clitic-led head
    word (``لوكالة``), or li + al- (``للكيماوي``: no training name has one inside)."""
    return clitic_head(norm) or (norm.startswith("لل") and len(norm) >= 5)


def _title_like(norm: str) -> bool:
    return norm in lists()["title"] or norm in _NAME_TITLES or norm == "ايه"


def _breaks(token: Token, kind: str) -> bool:
    if _breaks_every(token):
        return True
    if kind in ("PERS", "LOC") and is_preposition(token.norm):
        return True
    return kind == "PERS" and _person_stop(token.norm)


def _bare_head(norm: str) -> bool:
    """A head noun without the article, alone or behind و/ف: ``منظمة``, ``ومنظمة``.

    Alone it cannot be a name (``الجزيرة``, ``مجلس الوزراء``, ``البرلمان``
    can: gold names in the training data), so such a one-word span is dropped.
    """
    word_lists = lists()
    forms = (norm, *(b for c, b in clitic_splits(norm) if c in ("و", "ف")))
    return any(not f.startswith("ال") and f in word_lists[n] for f in forms for n in _HEADS)


def merge_across_marks(
    tokens: Sequence[Token], labels: Sequence[str], found: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Join two chunks of one type separated by quotes or brackets only, when the
    second opens with ``I-`` (the CRF continues the name after the mark)."""
    merged: list[tuple[int, int, str]] = []
    for chunk in found:
        if merged:
            a, b, kind = merged[-1]
            between = tokens[b : chunk[0]]
            if (
                kind == chunk[2]
                and between
                and labels[chunk[0]].startswith("I-")
                and all(not t.word and t.text in QUOTES for t in between)
            ):
                merged[-1] = (a, chunk[1], kind)
                continue
        merged.append(chunk)
    return merged


def _edge_bad(token: Token, kind: str) -> bool:
    if not token.word or is_preposition(token.norm):
        return True
    return kind == "PERS" and _title(token.norm)


def repair(tokens: Sequence[Token], start: int, end: int, kind: str) -> list[tuple[int, int]]:
    """The parts of chunk ``tokens[start:end]`` of type ``kind`` that may be names.

    A person's chunk is cut *before* a clitic-led head word and the rest is
    dropped (``لوكالة فرانس`` is another name, not part of this one).
    """
    parts: list[tuple[int, int]] = []
    begin = start
    for index in range(start, end + 1):
        if index < end and not _breaks(tokens[index], kind):
            continue
        if begin < index:
            parts.append((begin, index))
        begin = index + 1
        if index < end and kind == "PERS" and _person_stop(tokens[index].norm):
            break
    trimmed: list[tuple[int, int]] = []
    for a, b in parts:
        while a < b and _edge_bad(tokens[a], kind):
            a += 1
        while b > a and _edge_bad(tokens[b - 1], kind):
            b -= 1
        if a >= b or (b - a == 1 and _bare_head(tokens[a].norm)):
            continue
        if kind == "PERS" and all(_title_like(t.norm) for t in tokens[a:b] if t.word):
            continue  # آية الله, الشيخ: a title alone
        trimmed.append((a, b))
    return trimmed


def fragment_reason(words: Sequence[str]) -> str | None:
    """Why a produced name (its normalised words) is a fragment of a phrase, or None.

    ``verb`` (``خالد بن سلمان يعود``), ``preposition`` (a standalone one), or
    ``clitic preposition`` after the first word (``رامي عبد الرحمن لوكالة``,
    ``سلمان بن محمد برفقته``). The check any extractor's output can go through:
    the bench counts these on ANT, and title-rule names can be filtered by it.
    """
    gaz = gazetteer()
    for index, word in enumerate(words):
        if is_verb_like(word) and not gaz.word_tags(word):
            return "verb"
        if is_preposition(word):
            return "preposition"
        if index and (clitic_head(word) or _pronoun_object(word)):
            return "clitic preposition"
    return None


def _pronoun_object(norm: str) -> bool:
    """ب/ل + noun + attached pronoun (``برفقته``, ``لزيارتها``, ``بلادهم``): a
    prepositional phrase. A bare final ``ه`` is not read as the pronoun: normalised,
    it is also a teh marbuta, and names end in one (``بوتفليقة``, ``بنزيمة``); nor is a
    short ``هم`` word (``براهم``)."""
    if norm[0] not in "بل" or len(norm) <= 4:
        return False
    return norm.endswith(("ته", "تها", "تهم", "ها")) or (norm.endswith("هم") and len(norm) > 5)
