"""A joint-sequence transliteration model: P(Latin word, Arabic spelling) as a sum over
alignments of the two into units (1-3 Latin letters with 0-2 Arabic letters).

The units and their probabilities are learnt by EM (:mod:`search.text.latin.em`)
from Wikidata name pairs; the boundary marks ``^``/``$`` make a word's first and
last letters units of their own, so ``^a`` can be ``ا`` where a middle ``a`` is
usually unwritten. Dividing by P(Latin word) (the same model, summed over every
Arabic string) gives P(spelling | Latin word), comparable across words, which is
what a threshold needs. The model only ever scores spellings it is given:
:meth:`TransliterationModel.skeletons` names the consonant keys worth looking
up, and the caller scores the words its index holds under them.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from search.text.latin.fold import END, START, skeleton

MODEL_PATH = Path(__file__).with_name("model.json")
MAX_LATIN, MAX_ARABIC = 3, 2
#: Skeleton prefixes kept per Latin position while listing keys (a beam).
BEAM = 16


@dataclass(frozen=True)
class Scored:
    arabic: str
    probability: float  # P(arabic | latin)


class TransliterationModel:
    """Unit probabilities, by Latin segment: ``units[latin][arabic] = p``."""

    def __init__(self, units: dict[str, dict[str, float]]) -> None:
        self.units = units
        self.marginal = {seg: sum(out.values()) for seg, out in units.items()}
        projected: dict[str, dict[str, float]] = {}
        for seg, out in units.items():
            pieces = projected.setdefault(seg, {})
            for arabic, p in out.items():
                key = skeleton(arabic)
                pieces[key] = pieces.get(key, 0.0) + p
        self.projected = projected
        self.latin_probability = lru_cache(maxsize=4096)(self._latin_probability)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TransliterationModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        units: dict[str, dict[str, float]] = {}
        for key, p in data["units"].items():
            latin, arabic = key.split("|")
            units.setdefault(latin, {})[arabic] = p
        return cls(units)

    def parameters(self) -> int:
        return sum(len(out) for out in self.units.values())

    def joint(self, latin: str, arabic: str) -> float:
        """P(latin, arabic) summed over alignments (``latin`` folded, ``arabic``
        normalised)."""
        s = START + latin + END
        n, m = len(s), len(arabic)
        alpha = [[0.0] * (m + 1) for _ in range(n + 1)]
        alpha[0][0] = 1.0
        units = self.units
        for i in range(n):
            row = alpha[i]
            for j in range(m + 1):
                here = row[j]
                if here == 0.0:
                    continue
                for dl in range(1, min(MAX_LATIN, n - i) + 1):
                    out = units.get(s[i : i + dl])
                    if out is None:
                        continue
                    target = alpha[i + dl]
                    for da in range(0, min(MAX_ARABIC, m - j) + 1):
                        p = out.get(arabic[j : j + da])
                        if p is not None:
                            target[j + da] += here * p
        return alpha[n][m]

    def _latin_probability(self, latin: str) -> float:
        """P(latin): the model summed over every Arabic string."""
        s = START + latin + END
        n = len(s)
        alpha = [0.0] * (n + 1)
        alpha[0] = 1.0
        for i in range(n):
            if alpha[i] == 0.0:
                continue
            for dl in range(1, min(MAX_LATIN, n - i) + 1):
                p = self.marginal.get(s[i : i + dl])
                if p is not None:
                    alpha[i + dl] += alpha[i] * p
        return alpha[n]

    def probability(self, latin: str, arabic: str) -> float:
        """P(arabic | latin)."""
        total = self.latin_probability(latin)
        return self.joint(latin, arabic) / total if total > 0 else 0.0

    def skeletons(self, latin: str, count: int) -> list[tuple[str, float]]:
        """The ``count`` likeliest consonant skeletons of ``latin``'s Arabic spellings,
        with their probability mass given ``latin`` (beam search; most likely first)."""
        s = START + latin + END
        n = len(s)
        beams: list[dict[str, float]] = [{} for _ in range(n + 1)]
        beams[0][""] = 1.0
        for i in range(n):
            beam = beams[i]
            if len(beam) > BEAM:
                beam = dict(sorted(beam.items(), key=lambda kv: -kv[1])[:BEAM])
            for dl in range(1, min(MAX_LATIN, n - i) + 1):
                pieces = self.projected.get(s[i : i + dl])
                if pieces is None:
                    continue
                target = beams[i + dl]
                for prefix, p in beam.items():
                    for piece, q in pieces.items():
                        key = prefix + piece
                        target[key] = target.get(key, 0.0) + p * q
        total = self.latin_probability(latin) or 1.0
        best = sorted(beams[n].items(), key=lambda kv: (-kv[1], kv[0]))[:count]
        return [(key, p / total) for key, p in best]

    def rank(self, latin: str, spellings: list[str]) -> list[Scored]:
        """``spellings`` scored as Arabic spellings of ``latin``, likeliest first."""
        scored = [Scored(a, self.probability(latin, a)) for a in spellings]
        return sorted(scored, key=lambda s: (-s.probability, s.arabic))


_LOADED: dict[Path, TransliterationModel] = {}


def load_model(path: Path = MODEL_PATH) -> TransliterationModel:
    """The packaged model, loaded once per process."""
    model = _LOADED.get(path)
    if model is None:
        model = _LOADED[path] = TransliterationModel.load(path)
    return model


def load_seconds(path: Path = MODEL_PATH) -> float:
    """How long loading the model takes (for the model card)."""
    started = time.perf_counter()
    TransliterationModel.load(path)
    return time.perf_counter() - started
