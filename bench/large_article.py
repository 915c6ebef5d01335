"""How long one large article takes to clean and to extract (and its peak memory).

Articles are built from ANT texts concatenated (real prose, real duplicates)
to 0.25, 1, 2 and 50 MB of UTF-8, plus two pathological ones of 2 MB: the
same line repeated, and ANT with no line breaks at all. Ingest refuses an
article over ``MAX_ARTICLE_CHARS`` (1,000,000 characters) as a ``file:line``
error, so the 50 MB row measures what a caller of ``extract_article`` alone
would pay; it is skipped unless ``--all``.

Before the duplicate search became linear (all pairs of lines compared):
0.25 MB 3.5 s, 1 MB 71 s, 2 MB 291 s, 50 MB 14 min (1.5 GB RSS).

    python bench/large_article.py [--all]
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import sys
import time
from pathlib import Path

from search.ingest.extract.cleaning import clean
from search.ingest.extract.pipeline import extract_article

ANT = Path("/work/shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz")
MB = 1_000_000
BEFORE = {"0.25 MB": "3.5 s", "1 MB": "71 s", "2 MB": "291 s", "50 MB": "14 min"}


def ant_text(size: int) -> str:
    """ANT texts joined by line breaks (repeated if needed) to ``size`` UTF-8 bytes."""
    pieces: list[str] = []
    total = 0
    while total < size:
        with gzip.open(ANT, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text") or ""
                pieces.append(text)
                total += len(text.encode()) + 1
                if total >= size:
                    break
    return "\n".join(pieces)


def articles(include_huge: bool) -> list[tuple[str, str]]:
    cases = [("0.25 MB", ant_text(MB // 4)), ("1 MB", ant_text(MB)), ("2 MB", ant_text(2 * MB))]
    line = "الرئيس الصيني شي جين بينغ يلتقي وزير الخارجية في بكين لبحث العلاقات الثنائية.\n"
    cases.append(("2 MB, one line repeated", line * (2 * MB // len(line.encode()))))
    cases.append(("2 MB, no line breaks", cases[2][1].replace("\n", " ")))
    if include_huge:
        cases.append(("50 MB", ant_text(50 * MB)))
    return cases


def main(argv: list[str]) -> int:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU s in brackets")
    header = f"{'article':<26}{'chars':>12}{'clean s':>16}{'extract s':>16}{'before':>9}"
    print(header)
    for name, text in articles("--all" in argv):
        started, cpu = time.perf_counter(), time.process_time()
        clean(text)
        cleaned = f"{time.perf_counter() - started:.2f} ({time.process_time() - cpu:.2f})"
        started, cpu = time.perf_counter(), time.process_time()
        extract_article(text)
        extracted = f"{time.perf_counter() - started:.2f} ({time.process_time() - cpu:.2f})"
        before = BEFORE.get(name, "")
        print(f"{name:<26}{len(text):>12,}{cleaned:>16}{extracted:>16}{before:>9}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
