"""A finished version's derived files, and the build worker's garbage collector."""

from __future__ import annotations

import gc
import shutil
import weakref
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index

from search.index import derived
from search.index.derived import save_derived
from search.index.segment_workers import write_segments
from search.index.worker_gc import collect_batch_garbage, start_quiet_collector
from search.ingest.corpus import iter_raw_records
from search.store.expansions import save_expansions
from search.store.layout import ARRAYS_FILE, EXPANSIONS_FILE, LABELS_FILE, TRIGRAMS_FILE
from search.store.schema import build_schema, open_version_index
from search.store.trigrams import save_trigram_stats
from search.store.version_arrays import count_terms, save_arrays

from .conftest import SEEDS

JSON_FILES = (EXPANSIONS_FILE, TRIGRAMS_FILE, LABELS_FILE)


@pytest.fixture(scope="module")
def segments_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds written one segment per document (memory limit 0): a multi-segment
    reader, whose lexicon walk merges segments."""
    folder = tmp_path_factory.mktemp("derived") / "index"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    write_segments(ix, iter_raw_records(SEEDS), workers=1, memory_mb=0)
    assert len(open_version_index(folder)._segments()) > 1
    return folder


def _serial_steps(folder: Path) -> dict[str, int]:
    """The steps a build ran one after the other before :mod:`search.index.derived`."""
    ix = open_version_index(folder)
    save_expansions(folder, ix)
    save_trigram_stats(folder, ix)
    save_arrays(folder, ix)
    return count_terms(ix)


def _files(folder: Path) -> dict[str, Any]:
    files: dict[str, Any] = {name: (folder / name).read_bytes() for name in JSON_FILES}
    with np.load(folder / ARRAYS_FILE) as arrays:
        files.update({name: arrays[name].tolist() for name in arrays.files})
    return files


@pytest.mark.parametrize("parallel", [True, False])
def test_derived_files_are_the_serial_steps_files(
    segments_folder: Path, tmp_path: Path, parallel: bool
) -> None:
    serial, derived_dir = tmp_path / "serial", tmp_path / "derived"
    shutil.copytree(segments_folder, serial)
    shutil.copytree(segments_folder, derived_dir)
    counts = _serial_steps(serial)
    assert save_derived(derived_dir, open_version_index(derived_dir), parallel) == counts
    assert counts["segments"] > 1 and counts["terms_exact"] > counts["terms_stemmed"] > 0
    assert _files(derived_dir) == _files(serial)


def test_an_error_in_the_child_fails_the_build_step(
    segments_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "index"
    shutil.copytree(segments_folder, folder)

    def full_disk(version_dir: Path, index: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(derived, "save_arrays", full_disk)  # the forked child inherits it
    with pytest.raises(OSError, match="No space left"):
        save_derived(folder, open_version_index(folder))


class _Node:
    other: _Node | None = None


def _collector_state(results: Any) -> None:
    start_quiet_collector()
    node = _Node()
    node.other = node  # a reference cycle: only the cyclic collector frees it
    alive = weakref.ref(node)
    del node
    survived_allocations = alive() is not None
    collect_batch_garbage()
    results.put((gc.isenabled(), survived_allocations, alive() is None))


def test_a_build_worker_collects_cycles_once_per_batch_only() -> None:
    context = get_context("fork")
    results = context.Queue()
    process = context.Process(target=_collector_state, args=(results,))
    process.start()
    enabled, kept_until_batch_end, freed = results.get(timeout=30)
    process.join(timeout=30)
    assert not enabled
    assert kept_until_batch_end
    assert freed
