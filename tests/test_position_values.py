"""Positions encoded for many postings at once equal Whoosh's own encoding."""

from __future__ import annotations

import random

import numpy as np
from whoosh.formats import Positions

from search.position_values import PICKLE_BATCH, encode_positions

STEPS = [1, 2, 5, 200, 255, 256, 300, 65535, 65536, 70000, 1 << 24, 1 << 30]


def _runs(sizes: list[int], seed: int) -> list[list[int]]:
    rng = random.Random(seed)
    runs = []
    for size in sizes:
        position = rng.choice([0, 1, 255, 256, 65535, 65536, 1 << 30])
        run = [position]
        for _ in range(size - 1):
            position += rng.choice(STEPS)
            run.append(position)
        runs.append(run)
    return runs


def _encode(runs: list[list[int]]) -> list[bytes]:
    counts = np.array([len(run) for run in runs])
    deltas = np.array([d for run in runs for d in [run[0]] + np.diff(run).tolist()])
    return encode_positions(counts, deltas)


def test_encoded_positions_equal_whoosh_for_every_item_width_and_list_length() -> None:
    edge = [1, 2, 3, PICKLE_BATCH - 1, PICKLE_BATCH, PICKLE_BATCH + 1, 2 * PICKLE_BATCH + 1]
    rng = random.Random(7)
    runs = _runs(edge * 2 + [rng.randint(1, 30) for _ in range(3000)], seed=3)
    assert _encode(runs) == [Positions().encode(run) for run in runs]


def test_no_postings_encode_to_nothing() -> None:
    assert encode_positions(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)) == []
