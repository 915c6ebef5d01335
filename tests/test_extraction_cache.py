"""Each text is extracted once: a build keeps extractions by content and extractor version.

A second build of the same corpus reads every extraction back; a new model or
names table is a new version, which reads none of the old entries; and the
cache never holds more than its cap, dropping the least recently used first.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from search.cli.main import main
from search.index.build import build_index
from search.ingest.extract.pipeline import extract_article
from search.ingest.extraction_cache import (
    ExtractionCache,
    extractor_version,
    text_key,
    version_files,
)
from search.ingest.extraction_source import ExtractionSource
from tests.engine_contract_kit import write_corpus

TEXTS = [
    "قالت مصادر محلية في مدينة كفرنبل إن القصف طال سوقا شعبيا.",
    "التقى وزير الخارجية الروسي سيرغي لافروف نظيره في موسكو.",
    "ارتفعت أسعار النفط في الأسواق العالمية اليوم بعد قرار أوبك.",
]


def _build(tmp_path: Path, cache: Path) -> None:
    records = [{"id": f"c{i}", "body": text} for i, text in enumerate(TEXTS)]
    corpus = write_corpus(tmp_path / "corpus.jsonl", records)
    build_index(corpus, tmp_path / "index", workers=2, extraction_cache=cache)


def test_a_build_leaves_every_text_s_extraction_in_the_cache_for_the_next(
    tmp_path: Path,
) -> None:
    cache_dir = tmp_path / "cache"
    _build(tmp_path, cache_dir)
    source = ExtractionSource(ExtractionCache(cache_dir))
    again = source.articles(TEXTS)
    assert (source.cache.hits, source.cache.misses) == (3, 0)
    assert [extraction for extraction, _ in again] == [extract_article(t) for t in TEXTS]


def test_the_cache_sits_beside_the_index_folder_by_default(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", [{"id": "x", "body": TEXTS[0]}])
    build_index(corpus, tmp_path / "indexes" / "news", workers=1)
    assert len(ExtractionCache(tmp_path / "indexes" / ".extraction-cache")) == 1


def test_a_changed_names_table_or_model_is_a_new_version_that_misses(tmp_path: Path) -> None:
    copies = []
    for path in version_files():
        copy = tmp_path / "files" / path.relative_to(path.parents[1])
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copy)
        copies.append(copy)
    before = extractor_version(copies)
    old = ExtractionCache(tmp_path / "cache", version=before)
    old.put(text_key(TEXTS[0]), "extracted before")

    table = next(c for c in copies if c.name == "aliases.json")
    table.write_text(table.read_text("utf-8").replace("}", " }", 1), "utf-8")
    after_table = extractor_version(copies)
    model = next(c for c in copies if c.suffix == ".crfsuite")
    model.write_bytes(model.read_bytes() + b"\0")
    after_model = extractor_version(copies)

    assert len({before, after_table, after_model}) == 3
    assert ExtractionCache(tmp_path / "cache", version=after_table).get(text_key(TEXTS[0])) is None
    assert ExtractionCache(tmp_path / "cache", version=after_model).get(text_key(TEXTS[0])) is None
    assert ExtractionCache(tmp_path / "cache", version=before).get(text_key(TEXTS[0])) == (
        "extracted before"
    )


def test_the_cache_never_holds_more_than_its_cap_and_drops_the_least_used_first(
    tmp_path: Path,
) -> None:
    cap_mb = 64 / 1024  # 64 KB
    cache = ExtractionCache(tmp_path / "cache", max_mb=cap_mb, version="v")
    cache.put("kept", os.urandom(4096))  # incompressible, about 4 KB stored each
    for i in range(60):
        cache.put(f"entry {i}", os.urandom(4096))
        cache.get("kept")  # used after every write: the last to go
        assert cache.stored_bytes() <= 64 * 1024
    assert 10 <= len(cache) < 16
    assert cache.get("kept") is not None
    assert cache.get("entry 0") is None and cache.get("entry 59") is not None


def test_the_cli_puts_the_cache_where_asked_or_keeps_none(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus.jsonl", [{"id": "x", "body": TEXTS[1]}])
    build = ["index", "build", "--corpus", str(corpus), "--silent"]
    runner = CliRunner()
    kept = runner.invoke(
        main, [*build, "--index", str(tmp_path / "a"), "--extraction-cache", str(tmp_path / "c")]
    )
    assert kept.exit_code == 0, kept.output
    assert len(ExtractionCache(tmp_path / "c")) == 1
    none = runner.invoke(main, [*build, "--index", str(tmp_path / "b"), "--no-extraction-cache"])
    assert none.exit_code == 0, none.output
    assert not (tmp_path / ".extraction-cache").exists()
    both = runner.invoke(
        main,
        [
            *build,
            "--index",
            str(tmp_path / "b"),
            "--no-extraction-cache",
            "--extraction-cache",
            str(tmp_path / "c"),
        ],
    )
    assert both.exit_code == 2 and "exclude each other" in both.output
