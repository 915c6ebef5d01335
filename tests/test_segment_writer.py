"""The build writer: one analysis per text, in-memory postings, Whoosh's bytes."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.query import Term
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from search.index.documents import article_document
from search.index.segment_workers import write_segments
from search.index.writer.posting_sort import length_bytes
from search.index.writer.segment_writer import WorkerSegmentWriter
from search.index.writer.word_table import EXACT, STEMMED, WordTable
from search.ingest.articles import prepare_article
from search.ingest.corpus import RawRecord, iter_raw_records
from search.store.schema import build_schema
from search.text.analyzers import analyze_word

from .conftest import SEEDS

EDGE_TEXTS = [
    "",
    "ـــ ً ٌ",  # tatweel and marks only: words every variant drops
    "في من على إلى وفي وهو",  # stopwords only
    "تطوّراً تطورا تطوراً ٣ 3 ۳ Beijing BEIJING بينج بكين",
    "الرئيس الرئيس الرئيس في القاهرة، والرئيس في بيروت. " * 40,
    "snake_case a_b _الصين_ و__روسيا",  # underscores: no word character of the token pattern
]


def _records(tmp_path: Path) -> list[RawRecord]:
    """The seed articles three times over (other ids), plus edge-case texts."""
    seeds = list(iter_raw_records(SEEDS))
    records = list(seeds)
    for copy in range(1, 3):
        for record in seeds:
            new_id = f"{record.manifest.get('id') or record.fields.get('id')}-{copy}"
            records.append(
                dataclasses.replace(
                    record,
                    fields={**record.fields, "id": new_id},
                    manifest={**record.manifest, "id": new_id} if record.manifest else {},
                )
            )
    corpus = tmp_path / "edge.jsonl"
    lines = [
        {"id": f"edge-{n}", "title": text[:40] or "عنوان", "body": text or "نص", "source": "bbc"}
        for n, text in enumerate(EDGE_TEXTS)
    ]
    corpus.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
    return records + list(iter_raw_records(corpus))


def _segment_files(folder: Path, writer: SegmentWriter, docs: list[dict]) -> dict[str, bytes]:
    for doc in docs:
        writer.add_document(**doc)
    segment = writer._finalize_segment()
    prefix = segment.segment_id()
    return {
        path.name[len(prefix) :]: path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith(prefix)
    }


def test_word_table_gives_each_variant_the_terms_and_positions_of_its_analyzer(
    tmp_path: Path,
) -> None:
    schema = build_schema()
    table = WordTable()
    texts = [r.fields.get("body") or "" for r in _records(tmp_path)] + EDGE_TEXTS
    for text in texts:
        for variant, field in ((EXACT, "body"), (STEMMED, "body_stem")):
            words, length = table.words(text, variant)
            found: dict[str, list[int]] = {}
            for position, word in enumerate(words):
                term = table.terms[variant][word]
                if term is not None:
                    found.setdefault(term, []).append(position)
            expected: dict[str, list[int]] = {}
            for token in schema[field].analyzer(text, positions=True, mode="index"):
                expected.setdefault(token.text, []).append(token.pos)
            assert found == expected
            assert length == sum(len(p) for p in expected.values())


def _build_writer(ix: whoosh_index.Index, codec: W3Codec, range_tokens: int) -> SegmentWriter:
    writer = WorkerSegmentWriter(ix, 64, codec=codec)
    writer.range_tokens = range_tokens
    return writer


@pytest.mark.parametrize(
    ("codec", "range_tokens"),
    [
        (W3Codec(blocklimit=4, compression=0), 1 << 21),
        (W3Codec(compression=0), 1 << 21),
        (W3Codec(compression=0), 50),
        (W3Codec(compression=1), 1 << 21),
    ],
    ids=["small-blocks", "build-codec", "small-term-ranges", "zlib"],
)
def test_build_writer_writes_the_same_segment_bytes_as_whoosh(
    tmp_path: Path, codec: W3Codec, range_tokens: int
) -> None:
    docs = [article_document(prepare_article(r)) for r in _records(tmp_path)]
    files = []
    for name, make in (
        ("whoosh", lambda ix: SegmentWriter(ix, compound=False, codec=codec)),
        ("build", lambda ix: _build_writer(ix, codec, range_tokens)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        files.append(_segment_files(folder, make(ix), docs))
    whoosh_files, build_files = files
    assert ".pst" in whoosh_files and ".trm" in whoosh_files
    assert build_files == whoosh_files


def test_length_codes_match_whoosh_for_every_length() -> None:
    lengths = np.arange(0, 120_000)
    assert length_bytes(lengths).tolist() == [length_to_byte(int(n)) for n in lengths]


def test_a_worker_past_its_memory_limit_starts_new_segments(tmp_path: Path) -> None:
    records = _records(tmp_path)
    counts = {}
    for memory_mb in (0, 256):
        folder = tmp_path / f"ix{memory_mb}"
        folder.mkdir()
        ix = whoosh_index.create_in(str(folder), build_schema())
        assert write_segments(ix, iter(records), workers=1, memory_mb=memory_mb) == len(records)
        ix = whoosh_index.open_dir(str(folder))
        with ix.searcher() as searcher:
            ids = {
                term: sorted(searcher.stored_fields(d)["id"] for d in searcher.docs_for_query(q))
                for term, q in (
                    ("body", _term_query("body", "الرئيس")),
                    ("stem", _term_query("body_stem", analyze_word("الرئيس")[1])),
                )
            }
            counts[memory_mb] = (len(ix._segments()), searcher.doc_count(), ids)
    assert counts[256][0] == 1
    assert counts[0][0] > 1
    assert counts[0][1:] == counts[256][1:]


def _term_query(field: str, text: str) -> Term:
    return Term(field, text)
