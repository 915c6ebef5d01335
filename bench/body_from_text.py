"""How many cleaned bodies the stored text rebuilds exactly, and the bytes saved.

Reads the first ``--limit`` articles of a corpus, cleans each as the build
does (:func:`search.ingest.extract.cleaning.clean`, and the build's rule that
an empty body indexes the text as written), and rebuilds the body from the
text and the removed spans (:mod:`search.store.body_text`). Prints how many
bodies equal the text (never stored), are rebuilt exactly (no longer stored)
or must still be stored, and the UTF-8 bytes of bodies no longer stored.

    python bench/body_from_text.py --limit 3000
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from search.ingest.extract.cleaning import clean
from search.store.body_text import body_to_store

ANT = (
    Path(__file__).resolve().parents[2]
    / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--field", default="text", help="the record field holding the text")
    parser.add_argument("--limit", type=int, default=3000)
    args = parser.parse_args()
    counts = {"body is the text": 0, "rebuilt from the text": 0, "stored": 0}
    saved = 0
    with gzip.open(args.corpus, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n >= args.limit:
                break
            text = json.loads(line).get(args.field) or ""
            cleaned = clean(text)
            body, removed = cleaned.body, [(r.start, r.end) for r in cleaned.removed()]
            if not body.strip():
                body, removed = text, []
            stored, rebuilt = body_to_store(text, body, removed)
            if stored is not None:
                counts["stored"] += 1
            elif rebuilt:
                counts["rebuilt from the text"] += 1
                saved += len(body.encode("utf-8"))
            else:
                counts["body is the text"] += 1
    total = sum(counts.values())
    for what, count in counts.items():
        print(f"{what:24} {count:7,} ({count / max(total, 1):.1%})")
    print(f"body bytes no longer stored: {saved / 2**20:.1f} MB (before compression)")


if __name__ == "__main__":
    main()
