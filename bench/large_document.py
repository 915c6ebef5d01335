"""What one large article costs to serve: ``/api/documents/<id>`` and ``/doc/<id>``.

The article is the largest ingest accepts (``MAX_ARTICLE_CHARS``), made of ANT
texts joined by line breaks, indexed beside a few small ones. Each route is
asked without and with ``q`` (a word found all through the text); the bench
prints wall time, response bytes and the process's peak RSS, in-process
through Flask's test client (the same code path gunicorn runs).

Before responses were capped (issue 12, point 2), on the 50 MB article that
ingest no longer accepts: ``/api/documents/<id>`` 157 MB in 3.5 s, with ``?q=``
53 s, ``/doc/<id>?q=`` 55 s, RSS 54 -> 705 MB.

    python bench/large_document.py
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from large_article import ant_text

from search.config import MAX_ARTICLE_CHARS
from search.index.build import build_index
from web import create_app

QUERY = "الرئيس"


def corpus(folder: Path) -> Path:
    text = ant_text(3 * MAX_ARTICLE_CHARS)[: MAX_ARTICLE_CHARS - 1]
    records = [{"id": "big", "title": "مقال طويل", "body": text}]
    records += [
        {"id": f"s{i}", "title": "قصير", "body": f"الرئيس يلتقي الوزير {i}"} for i in range(3)
    ]
    path = folder / "large.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_index(corpus(folder), folder / "ix", workers=1)
        client = create_app({"INDEX_DIR": folder / "ix", "TESTING": True}).test_client()
        print(
            f"article: {MAX_ARTICLE_CHARS - 1:,} characters; peak RSS at start {peak_mb():.0f} MB"
        )
        print(f"{'request':<34}{'status':>7}{'ms':>9}{'KB':>9}{'peak MB':>9}")
        for url in [
            "/api/documents/big",
            f"/api/documents/big?q={QUERY}",
            "/api/documents/big?part=2",
            f"/doc/big?q={QUERY}",
        ]:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            size = len(response.data) / 1024
            shown = url.replace(QUERY, "<word>")
            print(
                f"{shown:<34}{response.status_code:>7}{elapsed:>9.0f}{size:>9.0f}{peak_mb():>9.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
