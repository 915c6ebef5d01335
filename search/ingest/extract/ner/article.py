"""One article, one decision per name: tagged spans become typed names with offsets.

The CRF sees one sentence at a time and may call ``عباس`` a person in one
sentence and miss it in the next. A journalist reads the article as a whole,
so this module does too:

* a name's mentions are grouped by their normalised words (a proclitic on
  the first word removed when the article or the names table shows the bare
  form: ``لبوتين`` is ``بوتين``, but ``بوش`` is not ``ب`` + ``وش``);
* the name gets one type (the confidence-weighted vote of its mentions) and
  one confidence (its best mention's), and every other occurrence of the
  same words in the article becomes a mention too, tagged or not;
* a person's surname alone, after the full name, is a mention of the full
  name (``ماكرون`` after ``إيمانويل ماكرون``), unless two people share it;
* the names table gives the canonical value and has the last word on the
  type (``الكرملين`` is an organisation whatever the tagger said); a place the
  table or the country list knows as a country is a ``country``, other
  places are ``place``.

Names below the confidence threshold are dropped (precision first: a wrong
name in a facet costs more trust than a missing one).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from search.ingest.extract.ner.gazetteer import gazetteer, phrase_key
from search.ingest.extract.ner.mentions import (
    Index,
    Key,
    Mention,
    add_surnames,
    map_surnames,
    name_key,
    split_coordinated,
)
from search.ingest.extract.ner.tagger import Span, Tagger, load_tagger
from search.ingest.extract.ner.tokens import (
    SENTENCE_ENDS,
    HasOffsets,
    Token,
    tokenize,
    tokens_from_words,
)

#: Lowest confidence kept per tagger type, chosen on the development split's article-level
#: curve (``python bench/ner_eval.py --curve``; MODEL.md): per type, the threshold of best
#: F1 among those whose precision reaches 0.85 (LOC: countries and places together).
THRESHOLD: Mapping[str, float] = {"PERS": 0.65, "ORG": 0.9, "LOC": 0.5, "MISC": 0.4}
Threshold = float | Mapping[str, float]
#: Facet type per tagger type; LOC is split into ``country``/``place`` by look-up.
KINDS = {"PERS": "person", "ORG": "organisation", "LOC": "place", "MISC": "misc"}
ACTOR_KINDS = frozenset({"person", "organisation", "country"})
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")


@dataclass(frozen=True)
class Entity:
    """A name in one article: value, type, first span, and every mention's span.

    ``type`` is ``person``, ``organisation``, ``country``, ``place`` or ``misc``;
    ``label`` the tagger's type; ``origin`` ``tagger`` or ``tagger+alias`` (the
    value is the names table's canonical one); ``confidence`` the best
    mention's; ``spans`` character offsets into the article's text, proclitics
    excluded, in text order (the first is ``span``).
    """

    value: str
    type: str
    label: str
    confidence: float
    origin: str
    spans: tuple[tuple[int, int], ...]

    @property
    def span(self) -> tuple[int, int]:
        return self.spans[0]

    @property
    def is_actor(self) -> bool:
        return self.type in ACTOR_KINDS


def _display(text: str, tokens: Sequence[Token], start: int, end: int, cut: int) -> str:
    first = tokens[start]
    head = text[first.start + cut : first.end]
    if cut and first.norm[cut - 1 : cut + 1] == "لل":
        head = "ا" + head  # للأمم → الأمم
    words = [head] + [t.text for t in tokens[start + 1 : end] if t.word]
    return _DIACRITICS.sub("", " ".join(words))


def entities_in_tokens(
    text: str, tokens: Sequence[Token], spans: Sequence[Span], threshold: Threshold = THRESHOLD
) -> list[Entity]:
    """Article-level names from tagged ``spans`` over ``tokens`` (see the module doc)."""
    index = Index(tokens)
    bare = index.words
    groups: dict[Key, list[Mention]] = defaultdict(list)
    for span in split_coordinated(tokens, spans, bare):
        key, cut = name_key(tokens, span.start, span.end, bare)
        groups[key].append(Mention(span.start, span.end, span.type, span.confidence, cut))
    labels: dict[Key, str] = {}
    for key, mentions in groups.items():
        votes: dict[str, float] = defaultdict(float)
        for m in mentions:
            votes[m.label] += m.confidence
        labels[key] = max(votes, key=votes.__getitem__)
    floor = threshold if isinstance(threshold, Mapping) else defaultdict(lambda: threshold)
    kept = {k: g for k, g in groups.items() if max(m.confidence for m in g) >= floor[labels[k]]}
    map_surnames(kept, labels)
    taken = {i for g in kept.values() for m in g for i in range(m.start, m.end)}
    for key in sorted(kept, key=len, reverse=True):
        for start, end in index.occurrences(key):
            if not taken.intersection(range(start, end)):
                _, cut = name_key(tokens, start, end, bare)
                kept[key].append(Mention(start, end, labels[key], 0.0, cut))
                taken.update(range(start, end))
    add_surnames(index, kept, labels, taken)
    return _entities(text, tokens, kept, labels)


def _entities(
    text: str, tokens: Sequence[Token], kept: dict[Key, list[Mention]], labels: dict[Key, str]
) -> list[Entity]:
    gaz = gazetteer()
    found: list[Entity] = []
    for key, mentions in kept.items():
        mentions.sort(key=lambda m: m.start)
        first = mentions[0]
        label = labels[key]
        kind, value, origin = KINDS[label], None, "tagger"
        known = gaz.phrases.get(key)
        if known is not None:
            if known.type == "term":
                continue
            kind, value, origin = known.type, known.canonical, "tagger+alias"
        if value is None:
            value = _display(text, tokens, first.start, first.end, first.cut)
        spans = tuple((tokens[m.start].start + m.cut, tokens[m.end - 1].end) for m in mentions)
        confidence = max(m.confidence for m in mentions)
        found.append(Entity(value, kind, label, confidence, origin, spans))
    found.sort(key=lambda e: e.span)
    return found


def lead_end(tokens: Sequence[Token], words: int) -> int:
    """Token index ending the sentence that holds the ``words``-th word (all if fewer)."""
    seen = 0
    for index, token in enumerate(tokens):
        seen += token.word
        if seen >= words:
            for stop in range(index, len(tokens)):
                if tokens[stop].text in SENTENCE_ENDS:
                    return stop + 1
            break
    return len(tokens)


def find_entities(
    text: str,
    words: Sequence[HasOffsets] | None = None,
    threshold: Threshold = THRESHOLD,
    tagger: Tagger | None = None,
    lead: int | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[Entity]:
    """Names in one article, as :class:`Entity` values in text order.

    ``words`` (objects with ``start``/``end`` into ``text``, and ``norm`` if
    known: Bahth's cleaned title and body words) decide what is read; all of
    ``text`` if None. Every sentence is tagged (the build does so); ``lead`` tags
    only the sentences up to the ``lead``-th word, for benches comparing with the
    old lead cut, while names found there still label their mentions in the whole
    article. ``tokens``: the words' tokens if the caller already has them.
    """
    if tokens is None:
        tokens = tokenize(text) if words is None else tokens_from_words(text, words)
    tagged = tokens if lead is None else tokens[: lead_end(tokens, lead)]
    spans = (tagger or load_tagger()).tag_tokens(tagged)
    return entities_in_tokens(text, tokens, spans, threshold)


def actors_and_places(entities: Sequence[Entity]) -> tuple[list[Entity], list[Entity]]:
    """``(actors, places)``: people, organisations and countries; other places."""
    actors = [e for e in entities if e.is_actor]
    places = [e for e in entities if e.type == "place"]
    return actors, places


def canonical_key(value: str) -> str:
    """A value as compared across extractors: the names table's canonical spelling if it
    knows the name (any variant, a proclitic allowed), normalised."""
    words = phrase_key(value)
    known = gazetteer().lookup(words)
    return " ".join(phrase_key(known.canonical) if known is not None else words)


def new_names(entities: Sequence[Entity], known_values: Iterable[str]) -> list[Entity]:
    """The entities whose value is not among ``known_values`` (e.g. the table's actors
    of the same article), compared by :func:`canonical_key`: what the tagger adds."""
    known = {canonical_key(v) for v in known_values}
    return [e for e in entities if canonical_key(e.value) not in known]
