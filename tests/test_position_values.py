"""Positions encoded and decoded for many postings at once agree with Whoosh's own."""

from __future__ import annotations

import random
from pickle import dumps

import numpy as np
from whoosh.formats import Positions
from whoosh.system import pack_uint

from search.store.position_codec import PICKLE_BATCH, decode_positions, encode_positions

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


def _decode(values: list[bytes]) -> list[list[int]]:
    sizes = np.array([len(v) for v in values], dtype=np.int64)
    offsets, positions = decode_positions(b"".join(values), sizes)
    return [positions[offsets[i] : offsets[i + 1]].tolist() for i in range(len(values))]


def test_decoded_positions_equal_whoosh_for_every_item_width_and_list_length() -> None:
    edge = [1, 2, 3, PICKLE_BATCH - 1, PICKLE_BATCH, PICKLE_BATCH + 1, 2 * PICKLE_BATCH + 1]
    rng = random.Random(11)
    runs = _runs(edge + [rng.randint(1, 30) for _ in range(3000)], seed=5)
    rng.shuffle(runs)
    values = [Positions().encode(run) for run in runs]
    assert _decode(values) == [Positions().decode_positions(v) for v in values]


def test_decoding_falls_back_to_pickle_for_values_in_another_layout() -> None:
    runs = _runs([1, 2, 40, 3], seed=9)
    other = [pack_uint(len(run)) + dumps(np.diff(run, prepend=0).tolist(), 4) for run in runs]
    unstopped = [Positions().encode(run)[:-1] for run in runs]  # no final STOP
    mixed = [other[0], Positions().encode(runs[1]), unstopped[2], Positions().encode(runs[3])]
    assert _decode(other) == runs
    assert _decode(unstopped) == runs
    assert _decode(mixed) == runs


def test_short_values_in_another_layout_are_unpickled_not_misread() -> None:
    tiny = [pack_uint(1) + dumps([5], 0), pack_uint(0) + dumps([], 2)]
    assert _decode([Positions().encode([3, 9]), *tiny]) == [[3, 9], [5], []]
    assert _decode(tiny[::-1]) == [[], [5]]


def test_postings_without_positions_and_negative_gaps_decode_like_pickle() -> None:
    empty = [pack_uint(0) + dumps([], 2)] * 3
    assert _decode(empty) == [[], [], []]
    assert _decode([]) == []
    backwards = pack_uint(3) + dumps([70000, -2, -65537], 2)
    assert _decode([backwards]) == [[70000, 69998, 4461]]
