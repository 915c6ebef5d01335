"""No version is deleted while a reader can still open it (issue 12, point 4).

The interleavings are played in order, with no sleeps: a handle is opened on
version N, two builds go by (the second one's writer removes stale versions
at its start), and only then does a thread open its searcher on N.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from search.engine.whoosh.reader import LiveVersion, OpenVersion, open_version
from search.index.build import build_index, update_index
from search.request.params import SearchParams
from search.store.layout import VERSIONS, lease_version, remove_stale
from tests.conftest import search_json

ROOT = Path(__file__).resolve().parents[1]

ARTICLES = [
    {"id": f"a{n}", "title": f"خبر رقم {n}", "body": f"نص عن الاقتصاد والطاقة في العام {n}."}
    for n in range(3)
]


def versions(root: Path) -> set[str]:
    return {p.name for p in (root / VERSIONS).iterdir()}


def in_a_new_thread(work: Callable[[], Any]) -> Any:
    """``work()`` run in a thread of its own (so it opens its own searcher); its
    result, or its exception raised here."""
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(work())
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            out.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(out[0], BaseException):
        raise out[0]
    return out[0]


def search_in_new_thread(handle: OpenVersion) -> int:
    return in_a_new_thread(lambda: search_json(handle, SearchParams(q="الاقتصاد"))["total"])


def build(corpus: Path, root: Path) -> str:
    return build_index(corpus, root, workers=1).version


def test_a_handle_outlives_two_builds_and_still_answers_from_a_new_thread(
    jsonl_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus = jsonl_corpus(ARTICLES)
    root = tmp_path / "index"
    old = build(corpus, root)
    handle = LiveVersion(root).get()
    assert handle.version == old

    second = build(corpus, root)
    third = build(corpus, root)  # its writer found `old` stale: neither live nor previous

    assert search_in_new_thread(handle) == 3
    assert old in versions(root)
    assert LiveVersion(root).get().version == third

    handle.close()
    fourth = build(corpus, root)
    assert versions(root) == {third, fourth}
    assert second not in versions(root)


def test_an_update_also_leaves_a_leased_version_alone(
    jsonl_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus = jsonl_corpus(ARTICLES)
    root = tmp_path / "index"
    old = build(corpus, root)
    handle = open_version(root, old)
    build(corpus, root)
    update_index(jsonl_corpus(ARTICLES[:2], name="fewer.jsonl"), root, workers=1)
    assert search_in_new_thread(handle) == 3
    assert old in versions(root)
    handle.close()


def test_a_handle_dropped_without_close_releases_its_version(
    jsonl_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus = jsonl_corpus(ARTICLES)
    root = tmp_path / "index"
    old = build(corpus, root)
    holder = LiveVersion(root)
    holder.get()
    build(corpus, root)
    holder.get()  # the holder moves on; nothing else refers to the old handle
    build(corpus, root)
    assert old not in versions(root)


def test_a_version_being_removed_cannot_be_leased(
    jsonl_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus = jsonl_corpus(ARTICLES)
    root = tmp_path / "index"
    old = build(corpus, root)
    new = build(corpus, root)
    remove_stale(root, keep={new})
    assert versions(root) == {new}
    try:
        lease_version(root, old)
    except Exception as error:  # noqa: BLE001 - the type is checked below
        assert type(error).__name__ == "IndexMissingError"
    else:
        raise AssertionError("a removed version was leased")


READER = """
import sys
from pathlib import Path
from search.engine.whoosh.engine import WhooshEngine
from search.engine.whoosh.reader import LiveVersion
from search.request.params import SearchParams
from search.query.run import run_search
handle = LiveVersion(Path(sys.argv[1])).get()
print(handle.version, flush=True)
sys.stdin.readline()  # the parent builds meanwhile
print(run_search(WhooshEngine.of(handle), SearchParams(q="الاقتصاد")).total, flush=True)
"""


def test_a_version_read_by_another_process_is_kept_until_that_process_ends(
    jsonl_corpus: Callable[..., Path], tmp_path: Path
) -> None:
    corpus = jsonl_corpus(ARTICLES)
    root = tmp_path / "index"
    old = build(corpus, root)
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert reader.stdin is not None and reader.stdout is not None
    try:
        assert reader.stdout.readline().strip() == old
        build(corpus, root)
        build(corpus, root)
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "3"
        assert old in versions(root)
    finally:
        reader.stdin.close()
        reader.wait(timeout=30)
        reader.stdout.close()
    assert reader.returncode == 0
    build(corpus, root)
    assert old not in versions(root)
