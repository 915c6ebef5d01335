"""A build's progress adds up: each pass counts every record of the corpus, the
skipped ones included, so a bar sized by the record count ends full (issue 32)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from search.index.build import build_index, update_index

ARTICLE = "زار الرئيس فلاديمير بوتين موسكو اليوم وقال إن العلاقات جيدة."


def corpus_with_two_bad_lines(path: Path) -> Path:
    lines = [
        json.dumps({"id": f"a{i}", "source": "kuna", "body": ARTICLE}, ensure_ascii=False)
        for i in range(6)
    ]
    lines.insert(2, json.dumps({"id": "empty", "body": ""}))
    lines.append("not json")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_both_passes_of_a_build_count_every_record_skipped_ones_included(tmp_path: Path) -> None:
    corpus = corpus_with_two_bad_lines(tmp_path / "corpus.jsonl")
    done: Counter[str] = Counter()
    report = build_index(
        corpus,
        tmp_path / "ix",
        skip_invalid=True,
        workers=1,
        progress=lambda name, n: done.update({name: n}),
    )
    assert (report.documents, len(report.skipped)) == (6, 2)
    assert done == {"extracting": 8, "indexing": 8}


def test_an_update_counts_its_records_the_same_way(tmp_path: Path) -> None:
    corpus = corpus_with_two_bad_lines(tmp_path / "corpus.jsonl")
    build_index(corpus, tmp_path / "ix", skip_invalid=True, workers=1)
    done: Counter[str] = Counter()
    update_index(
        corpus,
        tmp_path / "ix",
        skip_invalid=True,
        workers=1,
        progress=lambda name, n: done.update({name: n}),
    )
    assert done == {"extracting": 8, "updating": 8}
