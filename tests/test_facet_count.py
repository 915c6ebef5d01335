"""Facet counts ranked in numpy: order, truncation and selected values."""

from __future__ import annotations

import numpy as np

from search.engine.whoosh.facet_counts import _facet
from search.engine.whoosh.multi_values import RankedCounts, label_ranks


def _count(counts: list[int], labels: list[str]) -> RankedCounts:
    index = {label: i for i, label in enumerate(labels)}
    return RankedCounts.ranked(np.array(counts), labels, index, label_ranks(labels))


def test_counts_rank_most_frequent_first_and_ties_by_label() -> None:
    counted = _count([2, 5, 0, 2, 1], ["مصر", "سوريا", "ليبيا", "الأردن", "تونس"])
    assert counted.top(10) == [("سوريا", 5), ("الأردن", 2), ("مصر", 2), ("تونس", 1)]
    assert len(counted) == 4
    assert counted.count_of("ليبيا") == 0 and counted.count_of("غير موجود") == 0


def test_selected_values_show_beyond_the_limit_counted_first_then_zero() -> None:
    counted = _count([9, 3, 0, 4, 1], ["a", "b", "c", "d", "e"])
    facet = _facet(counted, ("c", "e", "b", "z"), limit=1)
    shown = list(facet.values)
    assert shown == [
        ("a", 9, False),
        ("b", 3, True),
        ("e", 1, True),
        ("c", 0, True),
        ("z", 0, True),
    ]
    assert facet.truncated is True
