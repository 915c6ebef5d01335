"""CLEANANERCorp as sentences, the fixed development split, and conlleval-style scores.

Every choice (features, parameters, the confidence threshold, span rules) is
made on a development split taken out of the training file; the release's
test split is held out elsewhere. The split is by blocks of consecutive
sentences (every :data:`DEV_EVERY`-th block of :data:`BLOCK` sentences), not
by single sentences: ANERcorp's sentences follow each other within stories,
so a sentence-level split would put a name's other mentions on the training
side and flatter the scores. Blocks also serve as pseudo-articles when the
article-level rules (one decision per name) are scored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from search.ingest.extract.ner.tokens import Token, chunks, split_token
from search.text.normalise import normalize_word

BLOCK = 25
DEV_EVERY = 7
DEV_OFFSET = 3
TYPES = ("PERS", "ORG", "LOC", "MISC")


@dataclass(frozen=True)
class Sentence:
    """One sentence: tokens as written, gold BIO labels, and its block number."""

    words: tuple[str, ...]
    labels: tuple[str, ...]
    block: int


def read_corpus(path: Path, limit: int | None = None) -> list[Sentence]:
    """Sentences of a ``token TAG`` file (blank line between sentences), tokens re-split."""
    found: list[Sentence] = []
    words: list[str] = []
    labels: list[str] = []

    def close() -> None:
        if words:
            found.append(Sentence(tuple(words), tuple(labels), len(found) // BLOCK))
            words.clear()
            labels.clear()

    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 2:
                close()
                if limit is not None and len(found) >= limit:
                    break
                continue
            for piece, label in split_token(*parts):
                if label.startswith("I-") and (not labels or labels[-1][2:] != label[2:]):
                    label = "B-" + label[2:]  # a piece after a dropped mark opens the name
                words.append(piece)
                labels.append(label)
    close()
    return found[:limit] if limit is not None else found


def is_dev(sentence: Sentence) -> bool:
    return sentence.block % DEV_EVERY == DEV_OFFSET


def split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """``(train, dev)``: every seventh block of 25 sentences is development data."""
    train = [s for s in sentences if not is_dev(s)]
    dev = [s for s in sentences if is_dev(s)]
    return train, dev


Chunk = tuple[int, int, int, str]  # sentence number, start, end, type


def gold_chunks(sentences: Iterable[Sentence]) -> set[Chunk]:
    return {(n, a, b, t) for n, s in enumerate(sentences) for a, b, t in chunks(s.labels)}


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(gold: set[Chunk], predicted: set[Chunk]) -> dict[str, Score]:
    """Entity-level exact-span scores per type and micro over all (key ``ALL``)."""
    counts: Counter[tuple[str, str]] = Counter()
    for chunk in predicted:
        counts[(chunk[3], "tp" if chunk in gold else "fp")] += 1
    for chunk in gold - predicted:
        counts[(chunk[3], "fn")] += 1
    kinds = sorted({c[3] for c in gold | predicted}, key=lambda t: (t not in TYPES, t))
    out = {k: Score(counts[(k, "tp")], counts[(k, "fp")], counts[(k, "fn")]) for k in kinds}
    out["ALL"] = Score(*(sum(s.__dict__[f] for s in out.values()) for f in ("tp", "fp", "fn")))
    return out


def format_scores(scores: dict[str, Score], title: str) -> str:
    lines = [title, f"{'type':<10}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}"]
    for kind, s in scores.items():
        lines.append(
            f"{kind:<10}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp:>6}{s.fp:>6}{s.fn:>6}"
        )
    return "\n".join(lines)


def sentence_text(words: Sequence[str]) -> str:
    """A sentence's words joined by spaces (offsets of :func:`sentence_tokens` point here)."""
    return " ".join(words)


def sentence_tokens(words: Sequence[str], offset: int = 0) -> list[Token]:
    """Tokens of a corpus sentence, with offsets into :func:`sentence_text` (+ ``offset``)."""
    found: list[Token] = []
    position = offset
    for word in words:
        is_word = word[0].isalnum() or len(word) > 1
        norm = (normalize_word(word) or word) if is_word else word
        found.append(Token(word, norm, position, position + len(word), is_word))
        position += len(word) + 1
    return found
