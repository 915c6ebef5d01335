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

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
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
    #: CRC-32 of each article's outlet (0: unknown), uint32.
    outlets: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))

    def __post_init__(self) -> None:
        if len(self.outlets) != len(self.ids):
            self.outlets = np.zeros(len(self.ids), np.uint32)

    def __len__(self) -> int:
        return len(self.ids)


def empty_table(width: int) -> StoryTable:
    return StoryTable(
        [], np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros((0, width), np.uint32), []
    )


def save_story_table(
    version_dir: Path, table: StoryTable, common: np.ndarray | None = None
) -> None:
    """Write ``table`` into ``version_dir`` (a version being built, not yet live), with the
    outlet formulas left out of its signatures (search/index/story_common.py)."""
    with open(version_dir / STORIES_FILE, "wb") as out:
        np.savez(
            out,
            common=(common if common is not None else np.zeros(0)).astype(np.uint64),
            ids=np.array(table.ids, dtype=str),
            days=table.days.astype(np.int32),
            shingles=table.shingles.astype(np.int32),
            signatures=table.signatures.astype(np.uint32),
            stories=np.array(table.stories, dtype=str),
            outlets=table.outlets.astype(np.uint32),
        )


def load_common(version_dir: Path) -> np.ndarray:
    """The outlet formulas a version's signatures leave out (empty when none are saved)."""
    path = version_dir / STORIES_FILE
    if not path.exists():
        return np.zeros(0, np.uint64)
    with np.load(path, allow_pickle=False) as data:
        return data["common"] if "common" in data else np.zeros(0, np.uint64)


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
            data["outlets"] if "outlets" in data else np.zeros(0, np.uint32),
        )


def key_text(table: StoryTable, row: int) -> str:
    """One row's key as text (a Solr stored field): day, shingle count, signature."""
    head = np.array([table.days[row], table.shingles[row]], dtype="<i4").tobytes()
    outlet = np.array([table.outlets[row]], dtype="<u4").tobytes()
    signature = table.signatures[row].astype("<u4").tobytes()
    return base64.b64encode(head + signature + outlet).decode()


def table_from_texts(rows: Iterable[tuple[str, str, str]], width: int) -> StoryTable:
    """A table from ``(id, story, key_text)`` rows (what a Solr collection stores);
    rows without a key (a collection built before stories) are left out."""
    table = empty_table(width)
    ids, stories, heads, signatures, outlets = [], [], [], [], []
    for ident, story, text in rows:
        raw = base64.b64decode(text) if text else b""
        if len(raw) not in (8 + 4 * width, 12 + 4 * width) or not story:
            continue
        ids.append(ident)
        stories.append(story)
        heads.append(np.frombuffer(raw[:8], dtype="<i4"))
        signatures.append(np.frombuffer(raw[8 : 8 + 4 * width], dtype="<u4"))
        outlets.append(
            int(np.frombuffer(raw[8 + 4 * width :], dtype="<u4")[0])
            if len(raw) > 8 + 4 * width
            else 0
        )
    if not ids:
        return table
    head = np.stack(heads)
    return StoryTable(ids, head[:, 0].astype(np.int32), head[:, 1].astype(np.int32),
                      np.stack(signatures).astype(np.uint32), stories,
                      np.array(outlets, np.uint32))  # fmt: skip
