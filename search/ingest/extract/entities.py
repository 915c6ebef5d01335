"""Actors and places of one article: the names table, the rules and the name tagger together.

Each source is good at something the others miss:

* the names table (:mod:`search.ingest.extract.actors`) knows a few hundred
  names and their canonical spellings, and is never wrong about them;
* the rules find a titled person the table has never seen (``rule:title``)
  and a state's institutions (``rule:office``: ``وزارة الخارجية الصينية``);
* the tagger (:mod:`search.ingest.extract.ner`) finds the names news is full of
  and no table lists, with a confidence.

They are merged in that order of trust, one value per name (compared by the
table's canonical spelling, normalised), so a name the table knows keeps the
table's value and origin, and a tagged name only adds what is new. Precision
comes first: a title-rule or tagged value that reads as a fragment of a phrase
(a verb or a preposition inside, :func:`~search.ingest.extract.ner.spans.fragment_reason`)
is dropped, and so is a tagged name overlapping a name already taken (the table's
``بن سلمان`` is not a second actor beside ``محمد بن سلمان``) or an outlet's name
(``رويترز`` and ``وكالة الأنباء السعودية`` are sources, not actors), a tagged
head word alone (``البرلمان``, ``الحكومة``: which one?) and a word written twice
(``جو جو``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from search.ingest.extract.actors import find_table_names
from search.ingest.extract.cleaning import CleanedText
from search.ingest.extract.model import FacetValue
from search.ingest.extract.ner.article import Entity, canonical_key, find_entities
from search.ingest.extract.ner.gazetteer import phrase_key
from search.ingest.extract.ner.lexicon import is_head
from search.ingest.extract.ner.spans import fragment_reason
from search.ingest.extract.ner.tokens import Token, tokens_from_words
from search.ingest.extract.offices import find_offices
from search.ingest.extract.outlets import content_outlets
from search.text.names import ACTOR_TYPES

#: Origins whose span may overlap a tagged name without blocking it: an adjective
#: (``الصينية`` counts for China inside ``وزارة الخارجية الصينية``).
_WEAK = frozenset({"rule:nationality"})
#: A tagger-only value at least this confident counts in the facets even if no other
#: article of the corpus names it; below, a name seen in one article only is left out of
#: the facet counts (:func:`weak_values`; the corpus-wide count is taken when a version's
#: facet arrays are written). Not tuned: the dev split has no corpus to repeat names in.
CONFIDENT = 0.95
#: Origins checked for fragments: the rules' and the tagger's (the table's own values are
#: reviewed spellings); ``rule:surname`` too, which repeats a title-rule value.
_CHECKED = ("rule:", "tagger")


def _tagged(entity: Entity) -> FacetValue:
    return FacetValue(entity.value, entity.type, entity.origin, entity.span, entity.confidence)


def _overlaps(spans: Iterable[tuple[int, int]], taken: Sequence[tuple[int, int]]) -> bool:
    return any(a < d and c < b for a, b in spans for c, d in taken)


def _is_fragment(value: FacetValue) -> bool:
    return (
        value.origin.startswith(_CHECKED) and fragment_reason(phrase_key(value.value)) is not None
    )


def _is_vague(value: FacetValue) -> bool:
    """A tagged value that names nothing in particular: a head word alone, a doubled word."""
    words = phrase_key(value.value)
    return (len(words) == 1 and is_head(words[0])) or len(set(words)) < len(words)


def merge_names(
    table: Sequence[FacetValue],
    offices: Sequence[FacetValue],
    entities: Sequence[Entity],
    outlets: Sequence[tuple[int, int]] = (),
) -> tuple[list[FacetValue], list[FacetValue]]:
    """``(actors, places)`` from the three sources, in text order (see the module doc);
    ``outlets`` are the spans of outlet names, which no tagged name may overlap."""
    chosen: dict[str, FacetValue] = {}
    taken: list[tuple[int, int]] = list(outlets)
    for value in (*table, *offices):
        key = canonical_key(value.value)
        if key in chosen or _is_fragment(value):
            continue
        if value.origin == "rule:office" and _overlaps([value.span or (0, 0)], outlets):
            continue  # وكالة الأنباء الفرنسية is an outlet
        chosen[key] = value
        if value.span is not None and value.origin not in _WEAK:
            taken.append(value.span)
    for entity in entities:
        if entity.type not in ACTOR_TYPES and entity.type != "place":
            continue  # misc: nationalities, events, works
        value = _tagged(entity)
        key = canonical_key(value.value)
        if key in chosen or _is_fragment(value) or _is_vague(value):
            continue
        if _overlaps(entity.spans, taken):
            continue
        chosen[key] = value
        taken.extend(entity.spans)
    ordered = sorted(chosen.values(), key=lambda v: v.span or (0, 0))
    actors = [v for v in ordered if v.type in ACTOR_TYPES]
    places = [v for v in ordered if v.type == "place"]
    return actors, places


def content_tokens(cleaned: CleanedText) -> list[Token]:
    """The tagger's tokens of the title and body, built once per article: the tagger reads
    them, and the extraction cache keeps them as the article's words (they took ~5% of an
    article's extraction when built twice)."""

    def build() -> list[Token]:
        words = cleaned.content_words()
        return tokens_from_words(cleaned.text, words) if words else []

    return cleaned.on_content("ner.tokens", build)


def find_actors_and_places(cleaned: CleanedText) -> tuple[list[FacetValue], list[FacetValue]]:
    """People, organisations and countries; cities, regions and sites of one article."""
    words = cleaned.content_words()
    table = find_table_names(cleaned)
    offices = find_offices(cleaned.text, words)
    tokens = content_tokens(cleaned)
    entities = find_entities(cleaned.text, words, tokens=tokens) if words else []
    outlets = [
        (words[m.index].start, words[m.index + m.length - 1].end) for m in content_outlets(cleaned)
    ]
    return merge_names(table, offices, entities, outlets)


def weak_values(values: Iterable[FacetValue]) -> list[str]:
    """Values only the tagger vouches for, below :data:`CONFIDENT`: kept in the facets
    only when another article names them too."""
    return [
        v.value
        for v in values
        if v.origin == "tagger" and v.confidence is not None and v.confidence < CONFIDENT
    ]
