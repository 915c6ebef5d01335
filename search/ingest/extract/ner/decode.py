"""Viterbi labels and forward-backward marginals of all of an article's sentences, compiled.

The arithmetic is CRFsuite's: a label's score at a token is its state score
(:mod:`.scores`) plus the transition from the previous label, with no start
or end weights; marginals come from scaled forward and backward passes (each
step's constant factor cancels); Viterbi ties go to the lowest label id, as
CRFsuite's ``max < score`` keeps the first maximum.

Why compiled loops (numba) rather than numpy over a batch of sentences: a
first version ran the three recursions in numpy with all of an article's
sentences as one batch (sorted by length, so the live sentences at a step
are a prefix). It was exact, but an ANT article's longest sentence has ~51
tokens, so ~51 steps of a dozen tiny array operations each: 6.4 µs per token,
more than CRFsuite's whole decode. The recursions are sequential; a
compiled loop over 9 labels does a token in a fraction of a microsecond.
The kernel is compiled once and cached on disk beside this module (numba's
``cache=True``; a read-only install falls back to numba's user cache).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numba import njit


def decode(
    emissions: np.ndarray, lengths: Sequence[int], transitions: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Best label id of every token and that label's marginal probability.

    ``emissions`` holds the sentences' tokens one after the other (tokens ×
    labels state scores), ``lengths`` says where each sentence ends; the two
    arrays returned are aligned with ``emissions``' rows.
    """
    sizes = np.asarray(lengths, dtype=np.int64)
    if len(sizes) and (sizes.min() <= 0 or sizes.sum() != len(emissions)):
        raise ValueError("sentence lengths must be positive and cover the emissions")
    labels = np.zeros(len(emissions), dtype=np.int64)
    probs = np.zeros(len(emissions))
    if len(sizes):
        scores = np.ascontiguousarray(emissions, dtype=np.float64)
        moves = np.ascontiguousarray(transitions, dtype=np.float64)
        _decode(scores, sizes, moves, np.exp(moves), labels, probs)
    return labels, probs


@njit(cache=True, nogil=True)
def _decode(
    scores: np.ndarray,
    sizes: np.ndarray,
    moves: np.ndarray,
    weights: np.ndarray,
    labels: np.ndarray,
    probs: np.ndarray,
) -> None:  # pragma: no cover - compiled; tests compare its output with CRFsuite's
    count = moves.shape[0]
    longest = sizes.max()
    back = np.zeros((longest, count), dtype=np.int64)
    forward = np.zeros((longest, count))
    backward = np.zeros((longest, count))
    scale = np.zeros(longest)
    best = np.zeros(count)
    step = np.zeros(count)
    state = np.zeros(count)
    start = 0
    for size in sizes:
        # Viterbi
        for j in range(count):
            best[j] = scores[start, j]
        for t in range(1, size):
            for j in range(count):
                top = -np.inf
                arg = 0
                for i in range(count):
                    value = best[i] + moves[i, j]
                    if top < value:
                        top = value
                        arg = i
                back[t, j] = arg
                step[j] = top + scores[start + t, j]
            for j in range(count):
                best[j] = step[j]
        arg = 0
        for j in range(1, count):
            if best[arg] < best[j]:
                arg = j
        for t in range(size - 1, -1, -1):
            labels[start + t] = arg
            arg = back[t, arg]
        # forward, scaled
        for t in range(size):
            top = scores[start + t, 0]
            for j in range(1, count):
                top = max(top, scores[start + t, j])
            for j in range(count):
                state[j] = np.exp(scores[start + t, j] - top)
            total = 0.0
            for j in range(count):
                value = state[j]
                if t:
                    value = 0.0
                    for i in range(count):
                        value += forward[t - 1, i] * weights[i, j]
                    value *= state[j]
                forward[t, j] = value
                total += value
            scale[t] = total
            for j in range(count):
                forward[t, j] /= total
        # backward, scaled by the same factors
        for j in range(count):
            backward[size - 1, j] = 1.0
        for t in range(size - 2, -1, -1):
            top = scores[start + t + 1, 0]
            for j in range(1, count):
                top = max(top, scores[start + t + 1, j])
            for j in range(count):
                state[j] = np.exp(scores[start + t + 1, j] - top) * backward[t + 1, j]
            for i in range(count):
                value = 0.0
                for j in range(count):
                    value += weights[i, j] * state[j]
                backward[t, i] = value / scale[t + 1]
        for t in range(size):
            total = 0.0
            for j in range(count):
                total += forward[t, j] * backward[t, j]
            chosen = labels[start + t]
            probs[start + t] = forward[t, chosen] * backward[t, chosen] / total
        start += size
