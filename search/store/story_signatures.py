"""The story keys of one index version on disk (``stories.npz`` in the version folder).

An update compares the articles it adds or changes with every article the version
already holds; reading these arrays back (ids, days, shingle counts, MinHash
signatures, story ids) spares it re-reading and re-shingling the whole corpus.
LSH bands are not stored: they are slices of the signatures, re-hashed in
milliseconds when the file is read. A version written before stories existed has
no file: it reads as empty, and its articles are given stories again by the next
build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

STORIES_FILE = "stories.npz"


@dataclass
class StoryTable:
    """Column-wise story keys of a version, one row per article."""

    ids: list[str]
    days: np.ndarray  # int32
    shingles: np.ndarray  # int32
    signatures: np.ndarray  # uint32[n, SIGNATURE_SIZE]
    stories: list[str]

    def __len__(self) -> int:
        return len(self.ids)


def empty_table(width: int) -> StoryTable:
    return StoryTable(
        [], np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros((0, width), np.uint32), []
    )


def save_story_table(version_dir: Path, table: StoryTable) -> None:
    """Write ``table`` into ``version_dir`` (a version being built, not yet live)."""
    with open(version_dir / STORIES_FILE, "wb") as out:
        np.savez(
            out,
            ids=np.array(table.ids, dtype=str),
            days=table.days.astype(np.int32),
            shingles=table.shingles.astype(np.int32),
            signatures=table.signatures.astype(np.uint32),
            stories=np.array(table.stories, dtype=str),
        )


def load_story_table(version_dir: Path, width: int) -> StoryTable:
    """The table ``version_dir`` holds; empty when it was built without stories."""
    path = version_dir / STORIES_FILE
    if not path.exists():
        return empty_table(width)
    with np.load(path, allow_pickle=False) as data:
        return StoryTable(
            [str(i) for i in data["ids"]],
            data["days"],
            data["shingles"],
            data["signatures"],
            [str(s) for s in data["stories"]],
        )
