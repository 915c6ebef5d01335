"""The files derived from a finished version, written by two processes at once.

Once its segments are committed, a version still needs its root-key expansion
table, trigram statistics, facet and length arrays, term counts, and the Latin-name
candidates (:mod:`search.store.latin_skeletons`). Each reads
the finished index and nothing another writes, and run one after the other they
leave the second core idle at the end of every build. So a forked child writes
the trigram statistics and the arrays while the parent walks the lexicons, about
the same work on each side: one ``body_stem`` walk serves both the expansion
table and its term count, and the ``body`` walk the other count. The files are
the ones the serial steps write (a test compares them).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from search.index.stopping import start_pool_worker
from search.store.expansions import save_expansions
from search.store.latin_skeletons import save_latin_skeletons
from search.store.schema import open_version_index
from search.store.trigrams import save_trigram_stats
from search.store.version_arrays import count_terms, save_arrays


def save_derived(version_dir: Path, index: Any, parallel: bool = True) -> dict[str, int]:
    """Write every derived file of ``version_dir`` and return its term counts
    (:func:`~search.store.version_arrays.count_terms`); ``parallel=False``
    writes them all in this process."""
    if not parallel:
        _save_statistics(version_dir, index)
        return _save_lexicon_files(version_dir, index)
    context = get_context("fork")
    with ProcessPoolExecutor(
        1, mp_context=context, initializer=start_pool_worker, initargs=(os.getpid(),)
    ) as pool:
        statistics = pool.submit(_save_statistics, version_dir)
        counts = _save_lexicon_files(version_dir, index)
        statistics.result()  # the child's error, if any, is raised here
    return counts


def _save_statistics(version_dir: Path, index: Any = None) -> None:
    """Trigram statistics and arrays; a child opens the version itself (an open
    index is not passed between processes)."""
    index = index if index is not None else open_version_index(version_dir)
    save_trigram_stats(version_dir, index)
    save_arrays(version_dir, index)
    save_latin_skeletons(version_dir, index)


def _save_lexicon_files(version_dir: Path, index: Any) -> dict[str, int]:
    """The expansion table and the term counts, from one walk of each lexicon."""
    with index.reader() as reader:
        stems = list(reader.lexicon("body_stem"))
    save_expansions(version_dir, index, stems)
    return count_terms(index, walked={"body_stem": len(stems)})
