"""Edit distance between two words (optimal string alignment: insertions, deletions,
substitutions and swaps of neighbours, each one edit), for respelling.

Engines that find candidate spellings their own way (Solr's spellchecker) rank
them by this distance so every engine ranks "did you mean" candidates alike.
"""

from __future__ import annotations


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits from ``a`` to ``b``; ``limit + 1`` as soon as more than ``limit`` are needed."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return min(row[-1], limit + 1)
