"""``bahth index update --engine solr`` publishes all of an update or none of it, on the
real cluster: an update that fails midway (a malformed corpus line, an interruption)
leaves the previous answers serving and no collection behind; one that succeeds
shows at once, with old collections cleaned up as builds clean them.

Skipped without a cluster, failed in CI (``BAHTH_REQUIRE_SOLR=1``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import search.index.solr_writer as solr_writer
from search.engine import open_engine
from search.engine.base import Engine
from search.index.solr_writer import SolrWriter
from search.index.writer_seam import BuildOptions
from search.ingest.corpus import CorpusError
from search.query.run import run_search
from search.request.params import SearchParams
from search.store.solr_client import SolrClient, SolrRequestError, solr_urls
from tests.engine_contract_kit import CORPUS, solr_reachable, write_corpus

CHANGED = [
    {**CORPUS[0], "body": "نص جديد عن الغاز الطبيعي."},
    *CORPUS[1:6],
    {"id": "a9", "title": "خبر جديد", "body": "مقال جديد عن الغاز."},
]


@pytest.fixture
def alias(tmp_path: Path) -> Iterator[str]:
    reason = solr_reachable()
    if reason:
        pytest.skip(reason)
    name = "update_" + hashlib.sha1(str(tmp_path).encode()).hexdigest()[:10]
    yield name
    client = SolrClient(solr_urls(), timeout=60)
    if name in client.aliases():
        client.collections("DELETEALIAS", name=name)
    for collection in versions(name):
        client.collections("DELETE", name=collection)


def versions(alias: str) -> list[str]:
    """The collections built behind ``alias``."""
    names = SolrClient(solr_urls()).collection_names()
    return sorted(n for n in names if n.startswith(f"{alias}_v"))


def live(alias: str) -> str:
    return SolrClient(solr_urls()).aliases()[alias]


def answers(engine: Engine) -> dict[str, list[str]]:
    """What a reader sees: the ids each query finds, newest first."""
    found = {}
    for q in ("", "الغاز", "المباراة", "علاقة", "النفط"):
        response = run_search(engine, SearchParams(q=q, sort="newest", per_page=50))
        found[q] = [hit.id for hit in response.hits]
    return found


def built(alias: str, tmp_path: Path) -> tuple[SolrWriter, Engine]:
    writer = SolrWriter(solr_urls(), alias)
    writer.build(write_corpus(tmp_path / "corpus.jsonl", CORPUS), BuildOptions(workers=1))
    return writer, open_engine("solr", collection=alias)


def serving(alias: str, tmp_path: Path) -> tuple[SolrWriter, dict[str, list[str]], str]:
    """A built alias: its writer, what it answers, the collection it points to."""
    writer, engine = built(alias, tmp_path)
    return writer, answers(engine), live(alias)


def assert_still_serving(alias: str, before: dict[str, list[str]], collection: str) -> None:
    """The alias names the same collection, answers the same, and nothing was left behind."""
    assert live(alias) == collection
    assert answers(open_engine("solr", collection=alias)) == before
    assert versions(alias) == [collection]


def test_an_update_failing_on_a_malformed_line_leaves_the_previous_answers_serving(
    alias: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, before, collection = serving(alias, tmp_path)
    # Small batches: changed articles reach the new collection before the bad line.
    monkeypatch.setattr(solr_writer, "BATCH", 2)
    corpus = write_corpus(tmp_path / "update.jsonl", CHANGED)
    with corpus.open("a", encoding="utf-8") as out:
        out.write('{"id": "a10", "title": "نص مقطوع\n')
    with pytest.raises(CorpusError, match="malformed JSON"):
        writer.update(corpus, BuildOptions(workers=1))
    assert_still_serving(alias, before, collection)  # the half-written collection is gone


def test_an_interrupted_update_publishes_nothing(alias: str, tmp_path: Path) -> None:
    writer, before, collection = serving(alias, tmp_path)

    def interrupt(pass_name: str, done: int) -> None:
        raise KeyboardInterrupt

    corpus = write_corpus(tmp_path / "update.jsonl", CHANGED)
    with pytest.raises(KeyboardInterrupt):
        writer.update(corpus, BuildOptions(workers=1), progress=interrupt)
    assert_still_serving(alias, before, collection)


def test_a_successful_update_shows_every_change_and_keeps_every_other_article(
    alias: str, tmp_path: Path
) -> None:
    writer, engine = built(alias, tmp_path)
    first = live(alias)
    report = writer.update(write_corpus(tmp_path / "u1.jsonl", CHANGED), BuildOptions(workers=1))
    assert (report.added, report.replaced, report.deleted, report.unchanged) == (1, 1, 2, 5)
    assert live(alias) != first
    after = answers(open_engine("solr", collection=alias))
    assert sorted(after["الغاز"]) == ["a1", "a9"]
    assert after["المباراة"] == []
    assert sorted(after[""]) == ["a1", "a2", "a3", "a4", "a5", "a6", "a9"]
    # Copied articles kept their analysis and their facets: the same answers as a build.
    assert sorted(after["علاقة"]) == ["a1", "a2", "a6"]  # a1 by its title
    kuna = run_search(engine, SearchParams(filters={"source": ("كونا",)}, per_page=50))
    assert sorted(hit.id for hit in kuna.hits) == ["a1", "a2"]


def test_updates_keep_the_live_collection_and_the_one_before_it_only(
    alias: str, tmp_path: Path
) -> None:
    writer, _ = built(alias, tmp_path)
    options = BuildOptions(workers=1, delete_missing=False)
    for i in range(3):
        fresh = [{"id": f"n{i}", "title": f"خبر {i}", "body": f"مقال رقم {i} عن الغاز."}]
        writer.update(write_corpus(tmp_path / f"u{i}.jsonl", fresh), options)
    assert len(versions(alias)) == 2
    assert live(alias) == versions(alias)[-1]
    engine = open_engine("solr", collection=alias)
    assert run_search(engine, SearchParams(q="الغاز")).total == 3
    assert run_search(engine, SearchParams()).total == len(CORPUS) + 3


def test_an_update_with_nothing_new_leaves_the_live_collection_in_place(
    alias: str, tmp_path: Path
) -> None:
    writer, before, collection = serving(alias, tmp_path)
    report = writer.update(write_corpus(tmp_path / "same.jsonl", CORPUS), BuildOptions(workers=1))
    assert report.unchanged == len(CORPUS) and not report.published
    assert_still_serving(alias, before, collection)


def test_an_update_the_cluster_refuses_midway_leaves_the_previous_answers_serving(
    alias: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, before, collection = serving(alias, tmp_path)
    monkeypatch.setattr(solr_writer, "BATCH", 2)
    # Lucene refuses a keyword term over 32 766 bytes: the third batch is refused.
    refused = {"id": "a10", "title": "رابط طويل", "body": "نص.", "url": "x" * 40_000}
    corpus = write_corpus(tmp_path / "update.jsonl", [*CHANGED, refused])
    with pytest.raises(SolrRequestError, match="Solr refused"):
        writer.update(corpus, BuildOptions(workers=1))
    assert_still_serving(alias, before, collection)
