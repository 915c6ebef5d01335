"""The trained CRF: loading it once, and tagging sentences into typed, scored spans.

``load_tagger`` is lazy and cached: importing Bahth costs nothing, the first
tagged article pays the load (the model's weights, the pair list, and numba
with the compiled decoder: ~1 s of CPU once per process). CRFsuite is not
called at tagging time: the model's weights are read from its file
(:mod:`.weights`), summed once per distinct word (:mod:`.scores`), and all
of an article's sentences are decoded in one compiled pass (:mod:`.decode`),
with CRFsuite's labels and marginals (tests compare them). One tagger per
thread: its word table is not shared. Each span carries a confidence, the
*smallest* marginal probability of its labels under the CRF: a name is only
as sure as its least sure word, so one doubtful word (a verb tagged
``I-PERS``) pulls the whole span down, which is what a precision threshold
needs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from search.ingest.extract.ner.decode import decode
from search.ingest.extract.ner.known import KnownFeatures
from search.ingest.extract.ner.scores import StateScores
from search.ingest.extract.ner.spans import merge_across_marks, repair
from search.ingest.extract.ner.tokens import Token, chunks, sentences
from search.ingest.extract.ner.weights import read_weights

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
    """A loaded model: sentence labels with marginals, and repaired spans.

    Labels and marginals are CRFsuite's for the same attributes (a test compares
    them on the development split), computed by :mod:`.scores` and :mod:`.decode`
    for all of an article's sentences at once.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.weights = read_weights(path)
        self.labels = self.weights.labels
        self.features = KnownFeatures(
            frozenset(self.weights.attributes), KnownFeatures.pair_keys(path)
        )
        self.scores = StateScores(self.weights, self.features)
        self._outside = self.labels.index("O")

    def label_sentences(
        self, tokens: Sequence[Token], ranges: Sequence[tuple[int, int]]
    ) -> list[tuple[list[str], list[float]]]:
        """BIO labels and each label's marginal for the sentences ``ranges`` of ``tokens``
        (an ``O`` counts as certain: only a name's confidence is read)."""
        if not ranges:
            return []
        emissions, lengths = self.scores.emissions(tokens, ranges)
        ids, margins = decode(emissions, lengths, self.weights.transitions)
        names, outside = self.labels, self._outside
        found: list[tuple[list[str], list[float]]] = []
        start = 0
        paths, chances = ids.tolist(), margins.tolist()
        for size in lengths:
            path, probs = paths[start : start + size], chances[start : start + size]
            sure = [1.0 if i == outside else p for i, p in zip(path, probs, strict=True)]
            found.append(([names[i] for i in path], sure))
            start += size
        return found

    def label(self, tokens: Sequence[Token]) -> tuple[list[str], list[float]]:
        """BIO labels of one sentence and each label's marginal probability."""
        if not tokens:
            return [], []
        return self.label_sentences(tokens, [(0, len(tokens))])[0]

    def tag_tokens(self, tokens: Sequence[Token]) -> list[Span]:
        """Names in a token list (any length: its sentences are tagged together)."""
        found: list[Span] = []
        ranges = sentences(tokens)
        for (first, last), (labels, probs) in zip(
            ranges, self.label_sentences(tokens, ranges), strict=True
        ):
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
