"""FIFOs, symlink loops and broken links in a corpus folder are named, never opened."""

from __future__ import annotations

import os
from pathlib import Path

from search.ingest.corpus import CorpusReport, corpus_files, iter_raw_records

ROOT = Path(__file__).resolve().parents[1]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    (folder / "article.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")  # opening it would block forever
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "gone.txt").symlink_to("missing.txt")
    (folder / "sub" / "up").symlink_to("..")
    return folder


def test_a_folder_with_a_fifo_and_symlink_loops_reads_its_articles_and_lists_the_rest(
    tmp_path: Path,
) -> None:
    folder = _folder(tmp_path)
    report = CorpusReport()
    records = list(iter_raw_records(folder, report=report))
    assert [Path(r.path).name for r in records] == ["article.txt"]
    assert report.ignored_files == [
        f"{folder / 'gone.txt'} (broken symlink)",
        f"{folder / 'loop.txt'} (symlink loop)",
        f"{folder / 'pipe.txt'} (a FIFO)",
        f"{folder / 'sub' / 'up'} (symlink to a folder, not followed)",
    ]


def test_a_symlink_to_an_article_is_read_like_the_article(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "link.txt").symlink_to("article.txt")
    assert [p.name for p in corpus_files(folder)] == ["article.txt", "link.txt"]
