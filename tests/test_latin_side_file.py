"""A version's Latin-name candidates are written beside it at build and update time
and read from there, so no search lists the lexicon; a Solr collection has them
listed in the background, and a Latin word searched before they are ready is
searched as written and says so."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from search.engine.latin_skeletons import SkeletonBuilds
from search.engine.whoosh.engine import WhooshEngine
from search.index.build import build_index, update_index
from search.query.latin import transliterate
from search.query.run import run_search
from search.request.changes import LATIN_PENDING, TRANSLITERATED
from search.request.params import SearchParams
from search.request.syntax import parse_query
from search.store.latin_skeletons import LATIN_SKELETONS_FILE, load_latin_skeletons
from search.store.layout import current_version_dir
from search.text.latin.candidates import KEYS, SkeletonIndex
from search.text.latin.fold import fold_latin
from search.text.latin.model import load_model
from tests.conftest import write_jsonl

PUTIN = {"id": "putin", "body": "قال الرئيس الروسي فلاديمير بوتين إن المحادثات مستمرة."}
TRUMP = {"id": "trump", "body": "قال الرئيس الأمريكي دونالد ترامب إن المحادثات صعبة."}


def test_a_build_and_an_update_both_write_the_candidates_beside_the_version(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ix"
    build_index(write_jsonl(tmp_path / "one.jsonl", [PUTIN]), root, workers=1)
    built = load_latin_skeletons(current_version_dir(root))
    assert built is not None
    assert "بوتين" in {w for bucket in built.buckets.values() for w, _, _ in bucket}
    update_index(write_jsonl(tmp_path / "two.jsonl", [PUTIN, TRUMP]), root, workers=1)
    updated = load_latin_skeletons(current_version_dir(root))
    assert updated is not None
    assert "ترامب" in {w for bucket in updated.buckets.values() for w, _, _ in bucket}


def test_a_latin_query_reads_the_saved_candidates_and_lists_nothing(tmp_path: Path) -> None:
    """The side file is doctored so that the skeletons of a Latin word no table knows
    (``Zorkin``) hold only ترامب, scored as its spelling زوركين: the query must then
    search ترامب, which only the file (not the lexicon) says."""
    root = tmp_path / "ix"
    build_index(write_jsonl(tmp_path / "c.jsonl", [PUTIN, TRUMP]), root, workers=1)
    side = current_version_dir(root) / LATIN_SKELETONS_FILE
    keys = load_model().skeletons(fold_latin("Zorkin"), KEYS)
    doctored = {key: [["ترامب", "زوركين", 1]] for key, _ in keys}  # scored as زوركين
    side.write_text(json.dumps(doctored, ensure_ascii=False), "utf-8")
    response = run_search(WhooshEngine(root), SearchParams(q="Zorkin"))
    searched = {c.searched for c in response.query.changes if c.kind == TRANSLITERATED}
    assert searched == {"ترامب"}
    assert {hit.id for hit in response.hits} == {"trump"}


def test_a_version_without_the_file_has_its_candidates_listed_in_the_background(
    tmp_path: Path,
) -> None:
    root = tmp_path / "ix"
    build_index(write_jsonl(tmp_path / "c.jsonl", [PUTIN]), root, workers=1)
    (current_version_dir(root) / LATIN_SKELETONS_FILE).unlink()
    engine = WhooshEngine(root)
    listed = engine.latin_skeletons(wait_s=60.0)
    assert listed is not None
    assert "بوتين" in {w for bucket in listed.buckets.values() for w, _, _ in bucket}


class Unready:
    """An engine whose candidates are still being listed (a collection just published):
    the build waits on an event the test holds."""

    name = "unready"

    def __init__(self) -> None:
        self.builds = SkeletonBuilds()
        self.release = threading.Event()

    def latin_skeletons(self, wait_s: float) -> SkeletonIndex | None:
        def slow() -> SkeletonIndex:
            self.release.wait(60)
            return SkeletonIndex([("زوركين", 3)])

        self.builds.start("v1", slow)
        return self.builds.wait("v1", wait_s)


def test_a_latin_word_searched_before_the_candidates_are_ready_is_searched_as_written() -> None:
    engine = Unready()
    typed = parse_query("Zorkin")
    pending = transliterate(engine, typed, "Zorkin", limit_ms=20)  # type: ignore[arg-type]
    assert pending.parsed == typed
    assert [(c.kind, c.typed) for c in pending.changes] == [(LATIN_PENDING, "Zorkin")]
    engine.release.set()
    ready = transliterate(engine, typed, "Zorkin", limit_ms=60_000)  # type: ignore[arg-type]
    assert [(c.kind, c.searched) for c in ready.changes] == [(TRANSLITERATED, "زوركين")]
