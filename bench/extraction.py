"""Extraction bench: facet accuracy against reviewed gold files, and speed on ANT.

Usage (from the repository root)::

    python3 bench/extraction.py                      # seeds + ANT sample + speed
    python3 bench/extraction.py --no-speed           # scores only
    python3 bench/extraction.py --ant PATH --seeds DIR --limit 5000
    python3 bench/extraction.py --no-speed --fragments   # + fragments among ANT's actors
    python3 bench/extraction.py --no-speed --fragments --before-values OLD.json

Gold files (JSON Lines, one reviewed article a line; texts are not copied):

* ``bench/gold/seeds.jsonl``: ``{"doc_id", "path", "source", "published",
  "actors": {"person": [...], "organisation": [...], "country": [...]}}`` where
  ``path`` is relative to the repository.
* ``bench/gold/ant_sample.jsonl``: 50 ANT articles drawn with
  ``random.Random(20261122).sample(range(31525), 50)`` over the file's line
  order, each read and labelled by hand. ``source`` and ``published`` are what
  the *text* states (usually nothing: ANT bodies carry no publisher lines); the
  record's own ``source``/``time_iso`` metadata are printed beside for context.
  Actor lists are complete for the text as labelled, so recall is reported, but
  precision is the figure the sample is built for.

Scores: publisher accuracy (exact canonical value, ``None`` = ``None`` counts),
dates as correct / wrong / missing / spurious (a wrong date is never merged
with a missing one), actor precision / recall / F1 per type (micro over
documents, canonical values). Speed: ``extract_article`` over every ANT text,
already in memory, single process. Fragments (``--fragments``): actor values
produced on every ANT article that contain a verb or a preposition
(:func:`search.ingest.extract.ner.spans.fragment_reason`), distinct values and
article-values; ``--before-values`` scores a ``{"articles", "values": {value:
count}}`` file the same way (the actors an older tree produced, dumped by it).
Dev-split scores of the name tagger are ``bench/ner_eval.py``'s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.ingest.extract.ner.gazetteer import phrase_key  # noqa: E402
from search.ingest.extract.ner.spans import fragment_reason  # noqa: E402
from search.ingest.extract.pipeline import extract_article  # noqa: E402

ANT = ROOT.parent / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
ACTOR_TYPES = ("person", "organisation", "country")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def score(gold: list[dict[str, Any]], texts: dict[str, str]) -> dict[str, Any]:
    """Compare extraction with gold; returns counts per measure."""
    counts: Counter[str] = Counter()
    errors: list[str] = []
    for record in gold:
        extraction = extract_article(texts[record["doc_id"]])
        source = extraction.source.value if extraction.source else None
        counts["docs"] += 1
        counts["source_ok"] += source == record.get("source")
        if source != record.get("source"):
            errors.append(f"{record['doc_id']}: source {source!r} != {record.get('source')!r}")
        got = extraction.published.date.isoformat() if extraction.published else None
        want = record.get("published")
        outcome = (
            "date_ok" if got == want else
            "date_missing" if got is None else
            "date_spurious" if want is None else "date_wrong"
        )  # fmt: skip
        counts[outcome] += 1
        if outcome != "date_ok":
            errors.append(f"{record['doc_id']}: date {got} != {want}")
        for kind in ACTOR_TYPES:
            predicted = {a.value for a in extraction.actors if a.type == kind}
            true = set(record.get("actors", {}).get(kind, ()))
            counts[f"{kind}_tp"] += len(predicted & true)
            counts[f"{kind}_fp"] += len(predicted - true)
            counts[f"{kind}_fn"] += len(true - predicted)
            for value in sorted(predicted - true):
                errors.append(f"{record['doc_id']}: {kind} FP {value}")
            for value in sorted(true - predicted):
                errors.append(f"{record['doc_id']}: {kind} FN {value}")
    return {"counts": counts, "errors": errors}


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "  -  "


def print_table(name: str, result: dict[str, Any], show_errors: bool) -> None:
    c = result["counts"]
    docs = c["docs"]
    print(f"\n== {name}: {docs} documents")
    print(f"{'measure':<28}{'value':>10}")
    print(f"{'publisher accuracy':<28}{_ratio(c['source_ok'], docs):>10}")
    for key in ("date_ok", "date_wrong", "date_missing", "date_spurious"):
        print(f"{'dates ' + key[5:]:<28}{c[key]:>10}")
    print(f"\n{'actors':<14}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}")
    totals = Counter()
    for kind in (*ACTOR_TYPES, "all"):
        if kind == "all":
            tp, fp, fn = totals["tp"], totals["fp"], totals["fn"]
        else:
            tp, fp, fn = c[f"{kind}_tp"], c[f"{kind}_fp"], c[f"{kind}_fn"]
            totals.update(tp=tp, fp=fp, fn=fn)
        p, r = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{kind:<14}{p:>8.3f}{r:>8.3f}{f1:>8.3f}{tp:>6}{fp:>6}{fn:>6}")
    if show_errors:
        print("\n".join("  " + e for e in result["errors"]))


def speed(path: Path, limit: int | None) -> None:
    texts = [r["text"] for r in read_jsonl(path)]
    if limit:
        texts = texts[:limit]
    chars = sum(map(len, texts))
    start = time.perf_counter()
    for text in texts:
        extract_article(text)
    elapsed = time.perf_counter() - start
    print(f"\n== speed: {len(texts)} ANT articles, {chars / 1e6:.1f} M chars, single process")
    print(f"{'seconds':<28}{elapsed:>10.1f}")
    print(f"{'documents / second':<28}{len(texts) / elapsed:>10.0f}")


def print_fragments(name: str, articles: int, values: Counter[str]) -> None:
    """Distinct fragment values and how many article-values they are, worst first."""
    found = Counter({v: n for v, n in values.items() if fragment_reason(phrase_key(v))})
    print(f"\n== fragments among actors, {name}: {articles} ANT articles")
    print(f"{len(found)} distinct values, {sum(found.values())} article-values "
          f"of {sum(values.values())}")  # fmt: skip
    for value, count in found.most_common(15):
        print(f"    {count:>5}  {value}  ({fragment_reason(phrase_key(value))})")


def fragments(path: Path, before: Path | None) -> None:
    if before is not None:
        old = json.loads(before.read_text("utf-8"))
        print_fragments(f"before ({before.name})", old["articles"], Counter(old["values"]))
    values: Counter[str] = Counter()
    places: Counter[str] = Counter()
    articles = 0
    for record in read_jsonl(path):
        extraction = extract_article(record["text"])
        values.update(a.value for a in extraction.actors)
        places.update(p.value for p in extraction.places)
        articles += 1
    print_fragments("this tree", articles, values)
    print_fragments("this tree, places", articles, places)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ant", type=Path, default=ANT, help="ANT JSONL(.gz)")
    parser.add_argument("--seeds-gold", type=Path, default=ROOT / "bench/gold/seeds.jsonl")
    parser.add_argument("--ant-gold", type=Path, default=ROOT / "bench/gold/ant_sample.jsonl")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed run")
    parser.add_argument("--limit", type=int, default=None, help="speed: first N articles")
    parser.add_argument("--errors", action="store_true", help="list every miss")
    parser.add_argument("--fragments", action="store_true", help="fragments on all of ANT")
    parser.add_argument("--before-values", type=Path, default=None, help="older actors dump")
    args = parser.parse_args(argv)

    seeds = list(read_jsonl(args.seeds_gold))
    seed_texts = {g["doc_id"]: (ROOT / g["path"]).read_text("utf-8") for g in seeds}
    print_table("seeds", score(seeds, seed_texts), args.errors)

    if args.ant.exists() and args.ant_gold.exists():
        gold = list(read_jsonl(args.ant_gold))
        wanted = {g["doc_id"] for g in gold}
        ant_texts = {r["doc_id"]: r["text"] for r in read_jsonl(args.ant) if r["doc_id"] in wanted}
        print_table("ANT sample (reviewed)", score(gold, ant_texts), args.errors)
        if not args.no_speed:
            speed(args.ant, args.limit)
        if args.fragments:
            fragments(args.ant, args.before_values)
    else:
        print(f"\n(ANT data or gold not found: {args.ant}, {args.ant_gold}; skipped)")


if __name__ == "__main__":
    main()
