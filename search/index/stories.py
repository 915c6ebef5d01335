"""Story ids: which articles carry the same report, found in linear time.

Every article has a :class:`~search.ingest.story_keys.StoryKey` (a MinHash
signature of its body's shingles). Candidates come from LSH banding: the
signature is cut into :data:`BANDS` bands of :data:`ROWS` values, and two
articles are candidates when some band is equal; per band the keys are sorted,
and each article is paired only with up to :data:`NEIGHBOURS` articles beside it
(equal band, nearest in time), so the pairs grow linearly with the corpus, never
as its square. A candidate pair is verified on the whole signature: the
estimated containment of the smaller shingle set in the larger (a trimmed copy
is contained in its original even when their Jaccard similarity is low) must
reach :data:`MIN_CONTAINMENT`, and both articles must be published within
:data:`WINDOW_DAYS` days of each other. Two articles of one outlet must be near
duplicates (:data:`SAME_OUTLET_JACCARD`): versions across outlets are what a reader
wants folded, and within one outlet shared furniture looks like shared text.

Articles are then placed in publication order: each joins the story of its most
similar verified earlier article, or starts one named after itself. A build is
this placement from nothing; an update places only its new and changed articles
among the ones the version keeps (:mod:`search.store.story_signatures`), so an
article joins an existing story or starts one, and no existing story is merged
or renamed (no document moves). Joining the single best neighbour, not every
verified one, keeps an article that resembles two stories from welding them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from search.ingest.story_keys import SIGNATURE_SIZE, StoryKey
from search.store.story_signatures import StoryTable

BANDS, ROWS = 42, 3
#: Band-equal neighbours paired per article and band (sorted by band, then day).
NEIGHBOURS = 16
#: Share of the smaller article's shingles found in the other, estimated.
MIN_CONTAINMENT = 0.45
#: Jaccard floor: a short text inside a long one is not a version of it.
MIN_JACCARD = 0.2
#: Two articles of one outlet are one story only as near duplicates (a republication, a
#: corrected copy): an outlet's pages share furniture no corpus count removes (a teaser
#: of another article on two or three pages), and its follow-ups reuse its background.
SAME_OUTLET_JACCARD = 0.6
#: Articles this many days apart are not one story (0: an undated article).
WINDOW_DAYS = 3
#: Fewer distinct shingles than this: too short to tell a story from a formula.
MIN_SHINGLES = 8
_CHUNK = 65_536


def story_name(article_id: str) -> str:
    """The id of a story started by ``article_id``: stable, URL-safe, short."""
    return "s" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:12]


def table_of(keys: Sequence[StoryKey]) -> StoryTable:
    """Keys as columns, without stories yet."""
    if not keys:
        signatures = np.zeros((0, SIGNATURE_SIZE), np.uint32)
    else:
        signatures = np.stack([k.signature for k in keys])
    return StoryTable(
        [k.id for k in keys],
        np.array([k.day for k in keys], np.int32),
        np.array([k.shingles for k in keys], np.int32),
        signatures,
        [""] * len(keys),
        np.array([k.outlet for k in keys], np.uint32),
    )


def _band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per article and band (uint64[n, BANDS])."""
    rows = signatures[:, : BANDS * ROWS].astype(np.uint64).reshape(len(signatures), BANDS, ROWS)
    with np.errstate(over="ignore"):
        mixed = rows[:, :, 0] * np.uint64(0x9E3779B97F4A7C15)
        mixed = (mixed ^ rows[:, :, 1]) * np.uint64(0xBF58476D1CE4E5B9)
        mixed = (mixed ^ rows[:, :, 2]) * np.uint64(0x94D049BB133111EB)
    return mixed ^ np.arange(BANDS, dtype=np.uint64)[None, :]


def candidate_pairs(table: StoryTable) -> np.ndarray:
    """Distinct pairs ``(i, j)``, ``i < j``, equal in some band (int64[m, 2])."""
    n = len(table)
    if n < 2:
        return np.zeros((0, 2), np.int64)
    keys = _band_keys(table.signatures)
    found: list[np.ndarray] = []
    for band in range(BANDS):
        order = np.lexsort((table.days, keys[:, band]))
        ordered = keys[order, band]
        for step in range(1, NEIGHBOURS + 1):
            same = np.nonzero(ordered[step:] == ordered[:-step])[0]
            if same.size == 0:
                break
            a, b = order[same], order[same + step]
            found.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    if not found:
        return np.zeros((0, 2), np.int64)
    codes = np.unique(np.concatenate(found))
    return np.stack([codes // n, codes % n], axis=1)


def similarity(table: StoryTable, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Estimated Jaccard and containment of each pair."""
    jaccard = np.empty(len(pairs))
    for start in range(0, len(pairs), _CHUNK):
        part = pairs[start : start + _CHUNK]
        equal = table.signatures[part[:, 0]] == table.signatures[part[:, 1]]
        jaccard[start : start + len(part)] = equal.mean(axis=1)
    a = table.shingles[pairs[:, 0]].astype(float)
    b = table.shingles[pairs[:, 1]].astype(float)
    containment = jaccard * (a + b) / ((1 + jaccard) * np.maximum(np.minimum(a, b), 1))
    return jaccard, np.minimum(containment, 1.0)


def verified(table: StoryTable, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The candidate pairs that are one story, and their containment."""
    if len(pairs) == 0:
        return pairs, np.zeros(0)
    jaccard, containment = similarity(table, pairs)
    days_a, days_b = table.days[pairs[:, 0]], table.days[pairs[:, 1]]
    dated = (days_a > 0) & (days_b > 0)
    near = ~dated | (np.abs(days_a - days_b) <= WINDOW_DAYS)
    long_enough = np.minimum(table.shingles[pairs[:, 0]], table.shingles[pairs[:, 1]])
    outlet_a, outlet_b = table.outlets[pairs[:, 0]], table.outlets[pairs[:, 1]]
    one_outlet = (outlet_a == outlet_b) & (outlet_a != 0)
    versions = (containment >= MIN_CONTAINMENT) & (jaccard >= MIN_JACCARD)
    keep = (
        near
        & (long_enough >= MIN_SHINGLES)
        & np.where(one_outlet, jaccard >= SAME_OUTLET_JACCARD, versions)
    )
    return pairs[keep], containment[keep]


def place(table: StoryTable) -> StoryTable:
    """Give a story to every row whose story is ``""``, in publication order.

    Rows that already have one keep it (an update's unchanged articles)."""
    pairs, scores = verified(table, candidate_pairs(table))
    rank = np.empty(len(table), np.int64)
    rank[np.lexsort((np.array(table.ids, dtype=str), table.days))] = np.arange(len(table))
    best: dict[int, tuple[float, int, int]] = {}  # row → (score, -rank of neighbour, neighbour)
    fixed = [bool(s) for s in table.stories]
    for (i, j), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        for row, other in ((i, j), (j, i)):
            if fixed[row] or not (fixed[other] or rank[other] < rank[row]):
                continue
            choice = (score, -int(rank[other]), other)
            if row not in best or choice > best[row]:
                best[row] = choice
    stories = list(table.stories)
    for row in np.argsort(rank).tolist():
        if stories[row]:
            continue
        chosen = best.get(row)
        stories[row] = stories[chosen[2]] if chosen else story_name(table.ids[row])
    table.stories = stories
    return table


def merge_tables(kept: StoryTable, fresh: StoryTable) -> StoryTable:
    """``kept`` rows (with their stories) followed by ``fresh`` ones."""
    return StoryTable(
        kept.ids + fresh.ids,
        np.concatenate([kept.days, fresh.days]),
        np.concatenate([kept.shingles, fresh.shingles]),
        np.concatenate([kept.signatures, fresh.signatures]),
        kept.stories + fresh.stories,
        np.concatenate([kept.outlets, fresh.outlets]),
    )


def select_rows(table: StoryTable, rows: Sequence[int]) -> StoryTable:
    index = np.array(rows, dtype=np.int64)
    return StoryTable(
        [table.ids[r] for r in rows],
        table.days[index],
        table.shingles[index],
        table.signatures[index] if len(rows) else table.signatures[:0],
        [table.stories[r] for r in rows],
        table.outlets[index],
    )
