"""Names the corpus confirms: what the tagger found with confidence in several articles
labels every article whose text holds it.

The tagger reads one article at a time and misses a name it has seen a hundred
times elsewhere (``الغوطة`` in 609 ANT articles, 0 in the facet). A build
therefore takes two passes: the first extracts every article (kept in the
extraction cache, :mod:`search.ingest.extraction_cache`) and counts, per name,
the articles where the tagger gave it at least :data:`CONFIRM_CONFIDENCE`; the
second labels each article whose words hold a confirmed name, found as the
tagger's article pass finds a name's other mentions
(:meth:`~search.ingest.extract.ner.mentions.Index.occurrences`: the name's
words, a proclitic on the first allowed), with origin ``corpus`` and the
evidence count. The names are the version's own gazetteer (``corpus_names.json``).

Precision guards, each a rule a reader can check:

* evidence: at least :data:`MIN_ARTICLES` articles with a confident tag;
* a common word is not a name: a one-word name that is a stopword, a verb, a
  preposition or a head word is never confirmed, and no name whose words are
  written in many more articles than the tagger tags it in (tagged articles
  over articles holding its words below :data:`MIN_TAGGED_SHARE`: on ANT
  ``محمد`` 0.04, ``ملعب`` 0.15, ``المملكة`` 0.22 against ``الحديدة`` 0.27,
  ``درعا`` 0.45);
* a name tagged with its proclitic (``وأوروبا``) is not a second name beside
  the bare one the corpus confirms, and a head word with words naming nothing in
  particular (``البنك المركزي``, ``مجلس النواب``) is not confirmed;
* an article's own names come first: a confirmed one-word name that is a word of
  a name the article has (``صالحي`` beside ``أكبر صالحي``) is not added;
* the longer name wins: names are placed longest first, never over a name the
  article already has (table, rules, tagger) nor over a longer confirmed name.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from search.ingest.article_words import ArticleWords
from search.ingest.extract.model import Extraction, FacetValue
from search.ingest.extract.ner.article import canonical_key
from search.ingest.extract.ner.gazetteer import gazetteer, phrase_key
from search.ingest.extract.ner.lexicon import (
    CLITICS,
    clitic_splits,
    is_head,
    is_preposition,
    is_verb_like,
)
from search.ingest.extract.ner.mentions import Index
from search.ingest.extract.ner.tokens import Token
from search.text.names import ACTOR_TYPES
from search.text.stopwords import STOPWORDS

#: A tagger value at least this confident is evidence for its name.
CONFIRM_CONFIDENCE = 0.9
#: Articles with a confident tag a name needs to be confirmed.
MIN_ARTICLES = 3
#: Articles where the tagger gives the name, over articles whose words hold it: below
#: this the name is mostly a common word (``الأمل``, ``المستقبل``).
MIN_TAGGED_SHARE = 0.25
ORIGIN = "corpus"
Key = tuple[str, ...]
_PLAIN = tuple(c for c in CLITICS if not c.endswith("ال"))
_DEFINITE = tuple(c for c in CLITICS if c.endswith("ال"))


def surfaces(first: str) -> tuple[str, ...]:
    """How a name's first word may be written: bare or behind a proclitic (as the
    tagger's article pass reads a name's other mentions)."""
    forms = [first, *[c + first for c in _PLAIN]]
    if first.startswith("ال"):
        forms += [c + first[2:] for c in _DEFINITE] + ["لل" + first[2:]]
    return tuple(dict.fromkeys(forms))


@dataclass
class NameCounts:
    """Pass one's tallies over a part of the corpus (parts are merged)."""

    confident: Counter[Key] = field(default_factory=Counter)
    tagged: Counter[Key] = field(default_factory=Counter)
    votes: dict[Key, Counter[tuple[str, str]]] = field(default_factory=dict)
    #: Articles holding each normalised word, bare or behind a proclitic (``بالحديدة``
    #: counts for ``الحديدة``, once per article however often and however written).
    written: Counter[str] = field(default_factory=Counter)
    articles: int = 0

    def add(self, extraction: Extraction, words: ArticleWords) -> None:
        self.articles += 1
        distinct = set(words.norm_list())
        forms = set(distinct)
        for norm in distinct:
            forms.update(base for _, base in clitic_splits(norm))
        self.written.update(forms)
        seen: set[Key] = set()
        for value in (*extraction.actors, *extraction.places):
            if value.origin != "tagger":
                continue
            key = phrase_key(value.value)
            if key in seen or not key:
                continue
            seen.add(key)
            self.tagged[key] += 1
            if (value.confidence or 0.0) >= CONFIRM_CONFIDENCE:
                self.confident[key] += 1
                self.votes.setdefault(key, Counter())[(value.value, value.type)] += 1

    def merge(self, other: NameCounts) -> None:
        self.confident.update(other.confident)
        self.tagged.update(other.tagged)
        self.written.update(other.written)
        self.articles += other.articles
        for key, votes in other.votes.items():
            self.votes.setdefault(key, Counter()).update(votes)

    def holding(self, key: Key) -> int:
        """Articles whose words hold ``key`` at most (each word's own count bounds it)."""
        return min(self.written[w] for w in key)

    def confirmed(self) -> CorpusNames:
        names: dict[Key, ConfirmedName] = {}
        phrases = gazetteer().phrases
        for key, evidence in self.confident.items():
            if evidence < MIN_ARTICLES or key in phrases or _common(key):
                continue
            if self._clitic_form(key) or self._generic(key):
                continue
            if self.tagged[key] < MIN_TAGGED_SHARE * self.holding(key):
                continue
            (value, kind), _ = self.votes[key].most_common(1)[0]
            names[key] = ConfirmedName(value, kind, evidence)
        return CorpusNames(names)

    def _generic(self, key: Key) -> bool:
        """A head word and words naming nothing in particular (``البنك المركزي``,
        ``مجلس النواب``: which country's?); ``ميناء الحديدة``, ``المنتخب المصري`` name one."""
        if len(key) < 2 or not is_head(key[0]):
            return False
        gaz = gazetteer()
        return not any(
            (w,) in gaz.phrases or w in gaz.adjectives or self.confident[(w,)] >= MIN_ARTICLES
            for w in key[1:]
        )

    def _clitic_form(self, key: Key) -> bool:
        """``وأوروبا`` tagged with its proclitic: the name is ``أوروبا``, confirmed on its own."""
        for _, base in clitic_splits(key[0]):
            if self.confident[(base, *key[1:])] >= MIN_ARTICLES:
                return True
        return False


def _common(key: Key) -> bool:
    """A one-word name that is also a function word, a verb or a head word."""
    if len(key) > 1:
        return False
    word = key[0]
    bare = word[2:] if word.startswith("ال") else word
    return (
        len(bare) < 3
        or word in STOPWORDS
        or is_preposition(word)
        or is_verb_like(word)
        or is_head(word)
    )


@dataclass(frozen=True)
class ConfirmedName:
    value: str
    type: str
    evidence: int


class CorpusNames:
    """One version's confirmed names, and how they label an article."""

    def __init__(self, names: dict[Key, ConfirmedName] | None = None) -> None:
        self.names = names or {}
        self._by_surface: dict[str, list[Key]] = defaultdict(list)
        for key in self.names:
            for form in surfaces(key[0]):
                self._by_surface[form].append(key)

    def __len__(self) -> int:
        return len(self.names)

    def label(self, extraction: Extraction, words: ArticleWords) -> Extraction:
        """``extraction`` with the confirmed names its words hold and it lacks."""
        if not self.names:
            return extraction
        norms = words.norm_list()
        present = self._by_surface.keys() & set(norms)
        if not present:
            return extraction
        keys = {k for form in present for k in self._by_surface[form]}
        tokens = words.tokens()
        index = Index(tokens)
        existing = [*extraction.actors, *extraction.places]
        known = {canonical_key(v.value) for v in existing}
        people = [v for v in existing if v.type == "person"]
        parts = {w for v in people for w in phrase_key(v.value)}  # صالحي of أكبر صالحي
        taken = _taken(index, tokens, [*existing, *extraction.agencies])
        found: list[FacetValue] = []
        for key in sorted(keys, key=lambda k: (-len(k), k)):
            name = self.names[key]
            surname = name.type == "person" and len(key) == 1 and key[0] in parts
            if canonical_key(name.value) in known or surname:
                continue
            spans = index.occurrences(key)
            free = [
                (s, e)
                for s, e in spans
                if not taken.intersection(range(s, e)) and _written_as(tokens[s].norm, key[0])
            ]
            if not free:
                continue
            for start, end in free:
                taken.update(range(start, end))
            start, end = free[0]
            first = tokens[start]
            span = (first.start + _cut(first.norm, key[0]), tokens[end - 1].end)
            found.append(FacetValue(name.value, name.type, ORIGIN, span, evidence=name.evidence))
            known.add(canonical_key(name.value))
        if not found:
            return extraction
        actors = [v for v in found if v.type in ACTOR_TYPES]
        places = [v for v in found if v.type == "place"]
        by_span = lambda v: v.span or (0, 0)  # noqa: E731
        return replace(
            extraction,
            actors=sorted([*extraction.actors, *actors], key=by_span),
            places=sorted([*extraction.places, *places], key=by_span),
        )

    def to_json(self) -> list[dict[str, object]]:
        return [
            {"value": n.value, "type": n.type, "evidence": n.evidence}
            for n in sorted(self.names.values(), key=lambda n: (-n.evidence, n.value))
        ]

    def save(self, folder: Path) -> None:
        """The version's gazetteer, for a reader who asks where a ``corpus`` value came from."""
        text = json.dumps(self.to_json(), ensure_ascii=False, indent=0)
        (Path(folder) / "corpus_names.json").write_text(text, encoding="utf-8")


def _taken(index: Index, tokens: Sequence[Token], values: Iterable[FacetValue]) -> set[int]:
    """Token positions of names the article already has: every mention of each value,
    and the tokens under each value's own span."""
    taken: set[int] = set()
    ends = [t.end for t in tokens]
    for value in values:
        key = phrase_key(value.value)
        if key:
            for start, end in index.occurrences(key):
                taken.update(range(start, end))
        if value.span is not None:
            a, b = value.span
            i = bisect_right(ends, a)  # the first token ending after the span's start
            while i < len(tokens) and tokens[i].start < b:
                taken.add(i)
                i += 1
    return taken


def _written_as(norm: str, first: str) -> bool:
    """``للكيماوي`` is li + al-: the word is ``الكيماوي``, not the name ``كيماوي``."""
    return first.startswith("ال") or not norm.startswith("لل") or norm == first


def _cut(norm: str, first: str) -> int:
    """Letters of proclitic before the name's first word (``بالحديدة`` 1, ``للحديدة`` 1)."""
    if norm.endswith(first):
        return len(norm) - len(first)
    return len(norm) - len(first) + 1  # لل + bare: one lam written for li + al-
