"""Between a build's two passes: place every article in a story and keep the keys.

Pass one (:mod:`search.index.corpus_pass`) leaves each article's story key in the
extraction source; here they are placed (:mod:`search.index.stories`), the
article → story map is handed to pass two (which writes the ``story`` field),
and the keys are written into the new version for the next update.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from search.index.stories import merge_tables, place, select_rows, table_of
from search.index.story_common import common_codes, signed
from search.index.story_source import StorySource
from search.ingest.story_keys import SIGNATURE_SIZE
from search.store.story_signatures import (
    StoryTable,
    load_common,
    load_story_table,
    save_story_table,
)


def place_stories(
    source: StorySource,
    version_dir: Path,
    live_dir: Path | None = None,
    delete_missing: bool = True,
) -> StoryTable:
    """Stories for ``source.story_keys``, saved into ``version_dir`` (a Whoosh version).

    With ``live_dir`` (an update), articles whose key is unchanged keep their story,
    the others are placed among them; without ``delete_missing`` the live version's
    articles the corpus no longer lists keep theirs too."""
    kept = load_story_table(live_dir, SIGNATURE_SIZE) if live_dir else table_of([])
    known = load_common(live_dir) if live_dir else None
    table = placed(source, kept, delete_missing, known)
    save_story_table(version_dir, table, source.story_common)
    return table


def placed(
    source: StorySource,
    kept: StoryTable,
    delete_missing: bool = True,
    known: np.ndarray | None = None,
) -> StoryTable:
    """Stories for ``source.story_keys`` among ``kept`` (an update's live articles, or
    none), into ``source.stories``; the whole table of the new version. ``known``: the
    outlet formulas the live version left out (an update's counts are added to them)."""
    source.story_common = common_codes(source.story_keys, known)
    fresh = table_of(signed(source.story_keys, source.story_common))
    if len(kept):
        row_of = {ident: row for row, ident in enumerate(kept.ids)}
        keep_rows, new_rows = [], []
        for row, ident in enumerate(fresh.ids):
            old = row_of.pop(ident, None)
            same = old is not None and _same_key(kept, old, fresh, row)
            (keep_rows if same else new_rows).append(old if same else row)
        if not delete_missing:
            keep_rows += sorted(row_of.values())
        fresh = merge_tables(select_rows(kept, keep_rows), select_rows(fresh, new_rows))
    table = place(fresh)
    source.stories = dict(zip(table.ids, table.stories, strict=True))
    source.story_rows = {ident: row for row, ident in enumerate(table.ids)}
    source.story_table = table
    return table


def _same_key(a: StoryTable, row_a: int, b: StoryTable, row_b: int) -> bool:
    return bool(
        a.days[row_a] == b.days[row_b] and np.array_equal(a.signatures[row_a], b.signatures[row_b])
    )
