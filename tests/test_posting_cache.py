"""Decoded posting lists: phrase matching on them, and the per-version cache."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import numpy as np
from whoosh.formats import Positions

from search.engine.whoosh.phrases import phrase_docs
from search.engine.whoosh.posting_cache import (
    CACHE_MAX_BYTES,
    CACHE_MIN_BYTES,
    CACHE_SHARE,
    PostingCache,
    cache_budget,
)
from search.engine.whoosh.postings import ENTRY_OVERHEAD, Postings, read_term
from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.index.build import build_index
from search.request.params import SearchParams
from tests.conftest import search_json, write_jsonl


def _postings(where: dict[int, list[int]]) -> Postings:
    """A term found in documents ``where`` at the given positions."""
    docs = sorted(where)
    values = [Positions().encode(where[d]) for d in docs]
    return Postings(
        np.array(docs, dtype=np.int64),
        np.array([len(where[d]) for d in docs], dtype=np.float32),
        b"".join(values),
        np.array([len(v) for v in values], dtype=np.int64),
    )


def test_phrase_docs_equal_a_word_by_word_check_of_random_texts() -> None:
    rng = random.Random(3)
    texts = [[rng.choice("abcd") for _ in range(rng.randint(0, 60))] for _ in range(400)]
    for phrase in (["a", "b"], ["b", "a"], ["a", "a"], ["c", "d", "a"], ["a", "b", "c", "d"]):
        lists = []
        for word in phrase:
            where = {d: [i for i, w in enumerate(t) if w == word] for d, t in enumerate(texts)}
            lists.append(_postings({d: p for d, p in where.items() if p}))
        expected = [
            d
            for d, t in enumerate(texts)
            if any(t[i : i + len(phrase)] == phrase for i in range(len(t)))
        ]
        assert phrase_docs(lists).tolist() == expected


def test_a_word_missing_from_the_index_matches_no_phrase() -> None:
    present = _postings({1: [0], 2: [3]})
    assert phrase_docs([present, _postings({})]).tolist() == []


def _index(tmp_path: Path) -> OpenVersion:
    bodies = [
        "اجتماع في سوريا",
        "تصعيد في الشمال",
        "سوريا والعراق في ظل توتر",
        "لقاء في سوريا في ظل الهدنة",
    ]
    records = [{"id": f"d{i}", "body": body} for i, body in enumerate(bodies)]
    build_index(write_jsonl(tmp_path / "c.jsonl", records), tmp_path / "ix", workers=1)
    return LiveVersion(tmp_path / "ix").get()


def test_cache_hands_back_the_list_it_read_once(tmp_path: Path) -> None:
    handle = _index(tmp_path)  # kept: its searchers close with it
    reader = handle.searcher().reader()
    cache = PostingCache()
    first = cache.get(reader, "body", "في")
    assert cache.get(reader, "body", "في") is first
    assert first.docs.tolist() == read_term(reader, "body", "في").docs.tolist()
    assert cache.used == first.nbytes


def test_cache_keeps_no_missing_words_and_counts_each_list_with_its_overhead(
    tmp_path: Path,
) -> None:
    handle = _index(tmp_path)
    reader = handle.searcher().reader()
    cache = PostingCache()
    assert len(cache.get(reader, "body", "غيرموجود").docs) == 0
    assert len(cache) == 0 and cache.used == 0
    kept = cache.get(reader, "body", "في")
    assert len(cache) == 1 and cache.used == kept.nbytes > ENTRY_OVERHEAD


def test_cache_drops_least_recently_used_lists_beyond_its_budget(tmp_path: Path) -> None:
    handle = _index(tmp_path)
    reader = handle.searcher().reader()
    size = read_term(reader, "body", "في").nbytes
    cache = PostingCache(budget=size + read_term(reader, "body", "سوريا").nbytes)
    fi = cache.get(reader, "body", "في")
    cache.get(reader, "body", "سوريا")
    cache.get(reader, "body", "في")  # now the most recent
    cache.get(reader, "body", "ظل")
    assert cache.get(reader, "body", "في") is fi
    assert cache.used <= cache.budget


def test_decoding_positions_replaces_the_encoded_form_and_is_counted(tmp_path: Path) -> None:
    handle = _index(tmp_path)
    reader = handle.searcher().reader()
    cache = PostingCache()
    postings = cache.get(reader, "body", "في")
    assert postings.parts is not None
    decoded = cache.get(reader, "body", "في", positions=True)
    assert decoded is postings and postings.parts is None
    assert cache.used == postings.nbytes
    offsets, positions = postings.csr()
    assert [positions[a:b].tolist() for a, b in zip(offsets, offsets[1:], strict=False)] == [
        [1],
        [1],
        [2],
        [1, 3],
    ]


def test_repeated_phrase_search_answers_the_same_from_the_cache(tmp_path: Path) -> None:
    handle = _index(tmp_path)
    params = SearchParams(q='"في سوريا"')
    first = search_json(handle, params)
    assert len(handle.postings) > 0
    second = search_json(handle, params)
    first.pop("took_ms"), second.pop("took_ms")
    assert first == second
    assert sorted(h["id"] for h in first["hits"]) == ["d0", "d3"]


def test_cache_budget_is_an_eighth_of_the_posting_files_within_bounds(tmp_path: Path) -> None:
    def budget_for(size: int) -> int:
        with open(tmp_path / "MAIN_x.pst", "wb") as f:
            f.truncate(size)  # sparse: no disk used
        return cache_budget(tmp_path)

    assert budget_for(0) == CACHE_MIN_BYTES
    assert budget_for(CACHE_SHARE * 100 * 2**20) == 100 * 2**20
    assert budget_for(CACHE_SHARE * CACHE_MAX_BYTES * 2) == CACHE_MAX_BYTES


def test_an_opened_version_sizes_its_cache_from_its_files(tmp_path: Path) -> None:
    handle = _index(tmp_path)
    assert handle.postings.budget == CACHE_MIN_BYTES  # a tiny index


def test_phrase_with_a_word_not_in_the_index_finds_nothing(tmp_path: Path) -> None:
    handle = _index(tmp_path)
    response = search_json(handle, SearchParams(q='"في غيرموجود"'))
    assert response["total"] == 0 and not response["partial"]


def test_cache_stays_within_budget_and_counts_exactly_under_threads(tmp_path: Path) -> None:
    handle = _index(tmp_path)
    words = ["في", "سوريا", "ظل", "توتر", "الشمال", "اجتماع", "لقاء", "الهدنة"]
    sizes = {w: read_term(handle.searcher().reader(), "body", w).nbytes for w in words}
    cache = PostingCache(budget=3 * max(sizes.values()))

    def work(seed: int) -> None:
        reader = handle.searcher().reader()
        rng = random.Random(seed)
        for _ in range(300):
            cache.get(reader, "body", rng.choice(words), positions=rng.random() < 0.5)

    threads = [threading.Thread(target=work, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = [postings for postings, _ in cache._entries.values()]
    assert cache.used <= cache.budget
    assert cache.used == sum(p.nbytes for p in kept)
