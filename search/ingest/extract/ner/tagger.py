"""The trained CRF: loading it once, and tagging sentences into typed, scored spans.

``load_tagger`` is lazy and cached: importing Bahth costs nothing, the first
tagged article pays the load (~0.1 s with the attribute and pair lists),
and every later one reuses the same ``pycrfsuite.Tagger`` (one per process; a
tagger is not shared across threads), fed only the attributes its model knows
(:mod:`.known`). Each span carries a confidence, the *smallest* marginal
probability of its labels under the CRF: a name is only as sure as its least
sure word, so one doubtful word (a verb tagged ``I-PERS``) pulls the whole
span down, which is what a precision threshold needs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from search.ingest.extract.ner.known import KnownFeatures
from search.ingest.extract.ner.spans import merge_across_marks, repair
from search.ingest.extract.ner.tokens import Token, chunks, sentences

MODEL_PATH = Path(__file__).with_name("model.crfsuite")
_LOCAL = threading.local()


@dataclass(frozen=True)
class Span:
    """Tokens ``[start, end)`` of one name, its type (PERS, ORG, LOC, MISC) and confidence."""

    start: int
    end: int
    type: str
    confidence: float


class Tagger:
    """A loaded model: sentence labels with marginals, and repaired spans."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(path))
        self.labels = tuple(self._crf.labels())
        self.features = KnownFeatures.for_model(path)

    def label(self, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
        """BIO labels of one sentence and each label's marginal probability."""
        if not tokens:
            return [], []
        crf = self._crf
        crf.set(self.features.sentence_items(tokens))
        labels = crf.tag()
        marginal = crf.marginal
        probs = [marginal(y, i) if y != "O" else 1.0 for i, y in enumerate(labels)]
        return labels, probs

    def tag_tokens(self, tokens: Sequence[Token]) -> list[Span]:
        """Names in a token list (any length: it is tagged sentence by sentence)."""
        found: list[Span] = []
        for first, last in sentences(tokens):
            labels, probs = self.label(tokens[first:last])
            sentence = tokens[first:last]
            for a, b, kind in merge_across_marks(sentence, labels, chunks(labels)):
                for start, end in repair(tokens, first + a, first + b, kind):
                    confidence = min(probs[start - first : end - first])
                    found.append(Span(start, end, kind, confidence))
        return found


def load_tagger(path: Path | None = None) -> Tagger:
    """The tagger for ``path`` (the packaged model by default), loaded once per thread."""
    path = MODEL_PATH if path is None else path
    cache = getattr(_LOCAL, "taggers", None)
    if cache is None:
        cache = _LOCAL.taggers = {}
    tagger = cache.get(path)
    if tagger is None:
        tagger = cache[path] = Tagger(path)
    return tagger


def tag_tokens(tokens: Sequence[Token], path: Path | None = None) -> list[Span]:
    """Names in ``tokens`` (from :func:`~search.ingest.extract.ner.tokens.tokenize`), typed
    and scored."""
    return load_tagger(path).tag_tokens(tokens)
