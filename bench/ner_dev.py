"""The name tagger on the development split, read as articles (blocks of 25 sentences).

Helpers for ``bench/ner_eval.py``. A block of consecutive ANERcorp sentences
stands in for an article, so the article-level rules (one decision per name,
surnames, the names table's canonical values) are scored on text the model
was not trained on. Gold LOC names are split into ``COUNTRY`` and ``PLACE``
by the same look-up the tagger's output goes through (names table, country
list), so ``COUNTRY`` scores measure finding and delimiting the name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from search.ingest.extract.ner.article import Entity, Threshold, canonical_key, entities_in_tokens
from search.ingest.extract.ner.corpus import Score, Sentence, score, sentence_text, sentence_tokens
from search.ingest.extract.ner.gazetteer import gazetteer
from search.ingest.extract.ner.mentions import name_key, surname_of
from search.ingest.extract.ner.tagger import Span, Tagger
from search.ingest.extract.ner.tokens import Token, chunks

#: Facet type → the type scored (``LOC`` split in two).
KIND_OF = {
    "person": "PERS",
    "organisation": "ORG",
    "country": "COUNTRY",
    "place": "PLACE",
    "misc": "MISC",
}
ACTOR_TYPES = ("PERS", "ORG", "COUNTRY")


@dataclass
class Block:
    """One pseudo-article: its text, tokens, gold mentions and (once tagged) spans."""

    number: int
    text: str
    tokens: list[Token]
    gold: list[tuple[int, int, str]]
    spans: list[Span] | None = None


def refine(tokens: Sequence[Token], start: int, end: int, label: str) -> str:
    """A tagger type as scored: LOC becomes COUNTRY when the look-up knows a country."""
    if label != "LOC":
        return label
    bare = {t.norm for t in tokens if t.word}
    known = gazetteer().phrases.get(name_key(tokens, start, end, bare)[0])
    return "COUNTRY" if known is not None and known.type == "country" else "PLACE"


def dev_blocks(dev: Sequence[Sentence]) -> list[Block]:
    """The development sentences grouped into their blocks, one text per block."""
    grouped: dict[int, list[Sentence]] = defaultdict(list)
    for sentence in dev:
        grouped[sentence.block].append(sentence)
    blocks: list[Block] = []
    for number, sentences in sorted(grouped.items()):
        tokens: list[Token] = []
        spans: list[tuple[int, int, str]] = []
        offset = 0
        for sentence in sentences:
            base = len(tokens)
            tokens.extend(sentence_tokens(sentence.words, offset))
            spans.extend((base + a, base + b, t) for a, b, t in chunks(sentence.labels))
            offset += len(sentence_text(sentence.words))
            tokens.append(Token("\n", "\n", offset, offset + 1, False))
            offset += 1
        text = "\n".join(sentence_text(s.words) for s in sentences) + "\n"
        gold = [(a, b, refine(tokens, a, b, t)) for a, b, t in spans]
        blocks.append(Block(number, text, tokens, gold))
    return blocks


def tag(tagger: Tagger, blocks: Iterable[Block]) -> None:
    """Tag every block once (scores at many thresholds reuse the spans)."""
    for block in blocks:
        block.spans = tagger.tag_tokens(block.tokens)


def _token_range(block: Block, start: int, end: int) -> tuple[int, int]:
    starts = [t.start for t in block.tokens]
    first = bisect_right(starts, start) - 1
    last = bisect_right(starts, end - 1) - 1
    return first, last + 1


def entities(block: Block, threshold: Threshold) -> list[Entity]:
    assert block.spans is not None, "tag() the blocks first"
    return entities_in_tokens(block.text, block.tokens, block.spans, threshold)


def _floor(threshold: Threshold, label: str) -> float:
    return threshold if isinstance(threshold, float | int) else threshold[label]


def mention_scores(
    blocks: Sequence[Block], threshold: Threshold, article: bool
) -> dict[str, Score]:
    """Mention-level exact-span scores; ``article`` applies the article-level rules."""
    gold = {(b.number, s, e, t) for b in blocks for s, e, t in b.gold}
    predicted: set[tuple[int, int, int, str]] = set()
    for block in blocks:
        assert block.spans is not None, "tag() the blocks first"
        if article:
            for entity in entities(block, threshold):
                for start, end in entity.spans:
                    a, b = _token_range(block, start, end)
                    predicted.add((block.number, a, b, KIND_OF[entity.type]))
        else:
            predicted.update(
                (block.number, s.start, s.end, refine(block.tokens, s.start, s.end, s.type))
                for s in block.spans
                if s.confidence >= _floor(threshold, s.type)
            )
    return score(gold, predicted)


def canon(value: str | tuple[str, ...]) -> str:
    """A name as compared: the table's canonical spelling if it knows it, normalised."""
    return canonical_key(value if isinstance(value, str) else " ".join(value))


def gold_names(block: Block) -> set[tuple[str, str]]:
    """The block's gold names, a surname after its full name folded into it."""
    bare = {t.norm for t in block.tokens if t.word}
    keys = [(name_key(block.tokens, a, b, bare)[0], t) for a, b, t in block.gold]
    people = [k for k, t in keys if t == "PERS"]
    owners: dict[tuple[str, ...], set[tuple[str, ...]]] = defaultdict(set)
    for key in people:
        if (surname := surname_of(key)) is not None:
            owners[surname].add(key)
    folded = {s for s, k in owners.items() if len(k) == 1 and s not in k}
    return {(canon(k), t) for k, t in keys if not (t == "PERS" and k in folded)}


def name_scores(
    gold: Sequence[set[tuple[str, str]]], predicted: Sequence[set[tuple[str, str]]]
) -> dict[str, Score]:
    """Per-document name-level scores (micro over documents) per type and ``ACTORS``."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for want, got in zip(gold, predicted, strict=True):
        for kind in (*ACTOR_TYPES, "PLACE"):
            w = {n for n, t in want if t == kind}
            g = {n for n, t in got if t == kind}
            for key in (kind, "ACTORS") if kind != "PLACE" else (kind,):
                counts[key][0] += len(w & g)
                counts[key][1] += len(g - w)
                counts[key][2] += len(w - g)
    order = (*ACTOR_TYPES, "PLACE", "ACTORS")
    return {k: Score(*counts[k]) for k in order if k in counts}


def combine(table: set[tuple[str, str]], tagged: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Table names, plus tagger names the table did not find (the table's type wins)."""
    known = {n for n, _ in table}
    return table | {(n, t) for n, t in tagged if n not in known}
