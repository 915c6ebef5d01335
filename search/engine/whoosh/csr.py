"""Rows of compressed-sparse-row arrays (offsets + values), taken at once.

Actors per document and positions per posting are both stored this way; a
query needs the rows of a few thousand documents, which one fancy index
gathers without a Python loop.
"""

from __future__ import annotations

import numpy as np


def take_rows(
    offsets: np.ndarray, values: np.ndarray, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The values of ``rows`` (row after row), and for each which of ``rows`` it is."""
    starts = offsets[rows]
    counts = offsets[rows + 1] - starts
    owner = np.repeat(np.arange(len(rows)), counts)
    first = np.cumsum(counts) - counts
    picked = np.arange(int(counts.sum())) - first[owner] + starts[owner]
    return values[picked], owner
