"""Viterbi labels and forward-backward marginals of many sentences at once, in numpy.

CRFsuite decodes one sentence at a time, and a Python call per token to read
its marginals. Here every sentence of an article is one batch: sentences are
sorted by length (longest first), so at step ``t`` the sentences still going
are a prefix of the batch and each step is a handful of array operations over
all of them. The arithmetic is CRFsuite's: a label's score at a token is its
state score (:mod:`.scores`) plus the transition from the previous label; no
start or end weights; marginals from scaled forward and backward passes
(each step's constant factor cancels). Ties in Viterbi go to the lowest label
id, as in CRFsuite (``max < score`` keeps the first maximum), which
``argmax`` also does.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def decode(
    emissions: np.ndarray, lengths: Sequence[int], transitions: np.ndarray
) -> tuple[list[list[int]], list[list[float]]]:
    """Best label ids of each sentence and each chosen label's marginal probability.

    ``emissions`` holds the sentences' tokens one after the other (tokens ×
    labels state scores); ``lengths`` says where each sentence ends.
    """
    count = len(lengths)
    if count == 0:
        return [], []
    sizes = np.asarray(lengths, dtype=np.intp)
    if sizes.min() <= 0 or sizes.sum() != len(emissions):
        raise ValueError("sentence lengths must be positive and cover the emissions")
    order = np.argsort(-sizes, kind="stable")
    sorted_sizes = sizes[order]
    longest = int(sorted_sizes[0])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))[order]
    steps = np.arange(longest)
    # time-major [step, sentence]: a step's live sentences are a prefix
    where = np.minimum(starts[None, :] + steps[:, None], len(emissions) - 1)
    scores = emissions[where]
    live = (sorted_sizes[None, :] > steps[:, None]).sum(1).tolist()
    path = _viterbi(scores, live, transitions)
    marginals = _marginals(scores, live, transitions)
    chosen = np.take_along_axis(marginals, path[:, :, None], 2)[:, :, 0]
    paths, probs = path.T.tolist(), chosen.T.tolist()
    labels: list[list[int]] = [[]] * count
    margins: list[list[float]] = [[]] * count
    for rank, sentence in enumerate(order.tolist()):
        size = lengths[sentence]
        labels[sentence] = paths[rank][:size]
        margins[sentence] = probs[rank][:size]
    return labels, margins


def _viterbi(scores: np.ndarray, live: list[int], transitions: np.ndarray) -> np.ndarray:
    """Best paths, ``[step, sentence]`` label ids (undefined past a sentence's end)."""
    steps, batch, _ = scores.shape
    best = scores[0].copy()
    back = np.zeros((steps, batch, scores.shape[2]), dtype=np.intp)
    ends = np.empty(batch, dtype=np.intp)
    for t in range(1, steps):
        n = live[t]
        if n < live[t - 1]:  # sentences that ended at t - 1
            ends[n : live[t - 1]] = best[n : live[t - 1]].argmax(1)
        through = best[:n, :, None] + transitions
        back[t, :n] = through.argmax(1)
        best[:n] = through.max(1) + scores[t, :n]
    ends[: live[-1]] = best[: live[-1]].argmax(1)
    path = np.zeros((steps, batch), dtype=np.intp)
    for t in range(steps - 1, -1, -1):
        n = live[t]
        later = live[t + 1] if t + 1 < steps else 0
        path[t, later:n] = ends[later:n]
        if later:
            path[t, :later] = back[t + 1, np.arange(later), path[t + 1, :later]]
    return path


def _marginals(scores: np.ndarray, live: list[int], transitions: np.ndarray) -> np.ndarray:
    """``[step, sentence, label]`` marginal probabilities (scaled forward-backward)."""
    steps, batch, _ = scores.shape
    weights = np.exp(scores - scores.max(2, keepdims=True))
    moves = np.exp(transitions)
    back_moves = moves.T.copy()
    forward = np.ones_like(weights)  # past a sentence's end: unused
    scale = np.ones((steps, batch, 1))
    first = weights[0]
    scale[0] = first.sum(1, keepdims=True)
    forward[0] = first / scale[0]
    for t in range(1, steps):
        n = live[t]
        step = (forward[t - 1, :n] @ moves) * weights[t, :n]
        scale[t, :n] = step.sum(1, keepdims=True)
        forward[t, :n] = step / scale[t, :n]
    backward = np.ones_like(weights)
    for t in range(steps - 2, -1, -1):
        n = live[t + 1]
        backward[t, :n] = ((weights[t + 1, :n] * backward[t + 1, :n]) @ back_moves) / scale[
            t + 1, :n
        ]
    both = forward * backward
    return both / both.sum(2, keepdims=True)
