"""Does extraction give the same result as a saved run? (byte-identical check).

A change meant to be a pure speed-up (such as cleaning's duplicate search
going from quadratic to linear) must not change one character of any
extraction. ``save`` pickles ``extract_article`` on every text of a JSONL
corpus (and the seeds) with the code as it is; ``compare`` runs it again
and reports every article whose extraction differs.

    python bench/extraction_identity.py save OUT.pickle [CORPUS.jsonl.gz]
    python bench/extraction_identity.py compare OUT.pickle [CORPUS.jsonl.gz]
"""

from __future__ import annotations

import gzip
import json
import pickle
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from search.ingest.extract.pipeline import extract_article

ANT = Path("/work/shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz")
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def texts(corpus: Path) -> Iterator[tuple[str, str]]:
    """``(name, text)`` for every seed and every ``text`` of the JSONL corpus."""
    for path in sorted(SEEDS.glob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8-sig")
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield f"{corpus.name}:{number}", json.loads(line).get("text") or ""


def _extract(item: tuple[str, str]) -> tuple[str, bytes]:
    return item[0], pickle.dumps(extract_article(item[1]))


def run(corpus: Path) -> dict[str, bytes]:
    with ProcessPoolExecutor() as pool:
        return dict(pool.map(_extract, texts(corpus), chunksize=64))


def main(argv: list[str]) -> int:
    mode, out = argv[0], Path(argv[1])
    corpus = Path(argv[2]) if len(argv) > 2 else ANT
    results = run(corpus)
    if mode == "save":
        out.write_bytes(pickle.dumps(results))
        print(f"saved {len(results)} extractions to {out}")
        return 0
    saved: dict[str, bytes] = pickle.loads(out.read_bytes())
    differ = [name for name, data in results.items() if saved.get(name) != data]
    missing = set(saved) - set(results)
    print(f"compared {len(results)} extractions: {len(differ)} differ, {len(missing)} missing")
    for name in differ[:20]:
        print("  differs:", name)
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
