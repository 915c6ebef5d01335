"""Mentions of one name in one article: keys, where else a name is written, surnames.

The machinery behind :mod:`search.ingest.extract.ner.article`'s one decision per name: a
mention's key (its normalised words without a proven proclitic), an index of
where each word stands in the article so that a name's other mentions are
found in one look-up per name, the surname rules, and the split of two
people joined by ``و``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass
from operator import itemgetter

from search.ingest.extract.ner.gazetteer import gazetteer
from search.ingest.extract.ner.lexicon import CLITICS, clitic_splits, is_head
from search.ingest.extract.ner.tagger import Span
from search.ingest.extract.ner.tokens import Token
from search.text.phrase_table import positions_of

Key = tuple[str, ...]
_NORM = itemgetter(1)  # a Token's normalised form
_CONNECTORS = frozenset("بن ابن بنت عبد ابو ابي ال ولد دي دا فون فان دير".split())


@dataclass
class Mention:
    """One mention of a name: its token range, the tagger's label and confidence."""

    start: int  # token range
    end: int
    label: str
    confidence: float
    cut: int  # letters of proclitic cut from the first token


def name_key(
    tokens: Sequence[Token], start: int, end: int, bare: Container[str]
) -> tuple[Key, int]:
    """A mention's normalised words without a proven proclitic, and the letters cut.

    ``والصين`` is always ``الصين`` (cut 1); ``للأمم`` is ``الأمم`` (cut 1: the span
    starts on the second lam, whose form the display writes as ``ال``); a
    one-letter proclitic (``لبوتين``) only when the bare form is written
    elsewhere in the article or is in the names table; so is ``كال`` (ka + al-, rare
    in news, while names open with it: ``كاليفورنيا``).
    """
    words = tuple(t.norm for t in tokens[start:end] if t.word)
    phrases = gazetteer().phrases
    if words in phrases:
        return words, 0
    for clitic, base in clitic_splits(words[0]):
        if clitic == "ال" or clitic == "لل":
            continue
        rest = (base, *words[1:])
        if clitic.endswith("ال"):
            definite = ("ال" + base, *words[1:])
            if clitic != "كال" or definite[0] in bare or definite in phrases:
                return definite, len(clitic) - 2
            continue  # كاليفورنيا is a name, not ka + اليفورنيا: كال is cut on evidence only
        if clitic == "ل" and base.startswith("ال"):  # لل: li + al-, one lam written
            return rest, 1
        if base in bare or rest in phrases or is_head(base):
            return rest, len(clitic)  # لبوتين with بوتين elsewhere; لمركز دمشق
    return words, 0


#: Proclitics written before any word, and those that carry the article (وال, بال…).
_PLAIN_CLITICS = tuple(c for c in CLITICS if not c.endswith("ال"))
_DEFINITE_CLITICS = tuple(c for c in CLITICS if c.endswith("ال"))


def _surfaces(first: str) -> tuple[str, ...]:
    """How a name's first word may be written: bare, or behind a proclitic."""
    forms = [first, *[c + first for c in _PLAIN_CLITICS]]
    if first.startswith("ال"):  # الصين → والصين, بالصين; لل: للصين
        rest = first[2:]
        forms += [c + rest for c in _DEFINITE_CLITICS] + ["لل" + rest]
    return tuple(dict.fromkeys(forms))


class Index:
    """Where each normalised word occurs in an article, built once per article.

    Most of an article's words are never looked up (only a name's first word
    and its written forms are), so the index is the words' normalised forms as
    a list and a set, both built in C, and a word's positions are found by
    ``list.index`` when asked for.
    """

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.norms: list[str] = list(map(_NORM, tokens))
        #: The normalised words written in the article (a word "written bare").
        self.words: frozenset[str] = frozenset(self.norms)

    def occurrences(self, key: Key) -> list[tuple[int, int]]:
        """Token ranges where ``key`` is written (the first word may carry a proclitic)."""
        tokens, size, count = self.tokens, len(key), len(self.tokens)
        norms, words = self.norms, self.words
        starts = sorted(
            i for form in _surfaces(key[0]) if form in words for i in positions_of(norms, form)
        )
        return [
            (i, i + size)
            for i in starts
            if i + size <= count and all(tokens[i + k].norm == key[k] for k in range(1, size))
        ]


def surname_of(key: Key) -> Key | None:
    if len(key) < 2:
        return None
    tail = key[-2:] if key[-2] in _CONNECTORS and len(key) >= 3 else key[-1:]
    return tail if len(tail[-1]) >= 3 else None


def split_coordinated(
    tokens: Sequence[Token], spans: Sequence[Span], bare: Container[str]
) -> list[Span]:
    """Cut a person's span before ``و`` + a name written bare in the article
    (``نيمار ومبابي`` with ``مبابي`` elsewhere): two people, not one. A ``و``
    word that is part of a name (``ولد``, ``وايت``) is not written bare."""
    found: list[Span] = []
    for span in spans:
        start = span.start
        if span.type == "PERS":
            for i in range(span.start + 1, span.end):
                norm = tokens[i].norm
                if norm.startswith("و") and len(norm) > 3 and norm[1:] in bare:
                    found.append(Span(start, i, span.type, span.confidence))
                    start = i
        found.append(Span(start, span.end, span.type, span.confidence))
    return found


def surnames(kept: dict[Key, list[Mention]], labels: dict[Key, str]) -> dict[Key, Key]:
    """Surname → full name, for surnames of exactly one tagged person.

    A surname is the last word (``ماكرون``), or the last two after a connector
    (``عبد الرحمن``), plus the table's short forms of a known person (``شي``).
    """
    owners: dict[Key, set[Key]] = defaultdict(set)
    gaz = gazetteer()
    for key in kept:
        if labels[key] != "PERS":
            continue
        surname = surname_of(key)
        if surname is not None:
            owners[surname].add(key)
        known = gaz.phrases.get(key)
        if known is not None:
            for short in gaz.shorts.get(known.canonical, ()):
                owners[short].add(key)
    return {s: next(iter(k)) for s, k in owners.items() if len(k) == 1 and s not in k}


def map_surnames(kept: dict[Key, list[Mention]], labels: dict[Key, str]) -> None:
    """Tagged surname-only names after their full name join the full name."""
    for surname, full in surnames(kept, labels).items():
        if surname not in kept or full not in kept:
            continue
        first_full = min(m.start for m in kept[full])
        later = [m for m in kept[surname] if m.start > first_full]
        if later and (labels[surname] == "PERS" or len(later) == len(kept[surname])):
            kept[full].extend(later)
            kept[surname] = [m for m in kept[surname] if m.start <= first_full]
            if not kept[surname]:
                del kept[surname]


def add_surnames(
    index: Index, kept: dict[Key, list[Mention]], labels: dict[Key, str], taken: set[int]
) -> None:
    """Untagged surname-only mentions after the full name become its mentions."""
    tokens, bare = index.tokens, index.words
    for surname, full in surnames(kept, labels).items():
        if full not in kept:
            continue
        first_full = min(m.start for m in kept[full])
        for start, end in index.occurrences(surname):
            if start > first_full and not taken.intersection(range(start, end)):
                _, cut = name_key(tokens, start, end, bare)
                kept[full].append(Mention(start, end, "PERS", 0.0, cut))
                taken.update(range(start, end))
