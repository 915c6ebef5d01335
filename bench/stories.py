"""Stories on ANT: synthetic recall, precision on judged pairs, and what stories cost.

    python bench/stories.py synthetic [--n 500] [--distractors 3000]
    python bench/stories.py candidates --out /tmp/pairs.jsonl  # pairs to judge, with texts
    python bench/stories.py gold                       # P/R on bench/gold/story_pairs.tsv
    python bench/stories.py queries --index DIR        # p50/p95, collapse on vs off
    python bench/stories.py helsinki --index DIR       # «قمة هلسنكي»: each story once

*synthetic*: 500 articles of a development half of ANT (ids whose SHA-1 is even) get
an altered copy each (bench/story_copies.py: paragraphs reordered or dropped, headline
rewritten, masthead and "read also" added, a tenth of the words respelt); the copies
are placed among the originals and distractor articles, as a build places them
(search/index/stories.py). Reported: copies placed in their original's story, and
distractors whose story changed because of the copies (a false join).
*candidates*/*gold*: pairs of the other half (held out from the synthetic tuning),
half of them near the verification threshold; judged by reading, saved in
``bench/gold/story_pairs.tsv`` (id_a, id_b, same 1/0, containment, note).
Bodies are the build's cleaned bodies (the extraction cache when given, else extracted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from story_copies import altered_copy  # noqa: E402

from search.index.stories import (  # noqa: E402
    MIN_CONTAINMENT,
    candidate_pairs,
    place,
    similarity,
    table_of,
    verified,
)
from search.index.story_common import common_codes, signed  # noqa: E402
from search.ingest.extract.pipeline import extract_article  # noqa: E402
from search.ingest.extraction_cache import ExtractionCache, text_key  # noqa: E402
from search.ingest.story_keys import shingle_set  # noqa: E402

CORPUS = BENCH.parent.parent / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
GOLD = BENCH / "gold/story_pairs.tsv"


def development(doc_id: str) -> bool:
    return hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0


def read_corpus(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


class Bodies:
    """Cleaned bodies as the build has them: from the extraction cache, else extracted."""

    def __init__(self, cache: Path | None) -> None:
        self.cache = ExtractionCache(cache, 4096) if cache else None

    def __call__(self, texts: list[str]) -> list[str]:
        found = self.cache.get_many([text_key(t) for t in texts], False) if self.cache else {}
        out = []
        for text in texts:
            hit = found.get(text_key(text))
            body = hit[0].body if hit else extract_article(text).body
            out.append(body if body.strip() else text)
        return out


def keys_of(items: list[tuple[str, int, str, str]]) -> list[Any]:
    """Story keys of (id, day, outlet, body), as a build signs them (outlet formulas out)."""
    sets = [shingle_set(*item) for item in items]
    return signed(sets, common_codes(sets))


def day(record: dict[str, Any]) -> int:
    return dt.date.fromisoformat(str(record["time_iso"])[:10]).toordinal()


def synthetic(args: argparse.Namespace) -> None:
    records = [r for r in read_corpus(args.corpus) if str(r.get("text") or "").strip()]
    dev = [r for r in records if development(r["doc_id"])]
    rng = random.Random(27)
    chosen = rng.sample(dev, args.n)
    chosen_ids = {r["doc_id"] for r in chosen}
    distractors = rng.sample([r for r in dev if r["doc_id"] not in chosen_ids], args.distractors)
    bodies = Bodies(args.cache)
    base = chosen + distractors
    base_bodies = bodies([r["text"] for r in base])
    titles = [r["title"] for r in distractors[:50]]
    copies = []
    for i, r in enumerate(chosen):
        _title, text = altered_copy(r["text"], r["title"], titles, seed=i)
        copies.append((f"copy-{r['doc_id']}", day(r) + rng.choice([0, 0, 1, 2]), text))
    outlets = {r["doc_id"]: r["source"] for r in base}
    started = time.perf_counter()
    copy_bodies = bodies([text for _, _, text in copies])
    extract_s = time.perf_counter() - started
    items = [(r["doc_id"], day(r), r["source"], b) for r, b in zip(base, base_bodies, strict=True)]
    before = place(table_of(keys_of(items)))
    started = time.perf_counter()
    # each copy comes from another outlet than its original's
    items += [(i, d, "other-" + outlets[i[5:]], b)
              for (i, d, _), b in zip(copies, copy_bodies, strict=True)]  # fmt: skip
    after = place(table_of(keys_of(items)))
    place_s = time.perf_counter() - started
    story = dict(zip(after.ids, after.stories, strict=True))
    joined = sum(story[f"copy-{r['doc_id']}"] == story[r["doc_id"]] for r in chosen)
    # a distractor's story now holds an original or a copy it did not hold before
    old = dict(zip(before.ids, before.stories, strict=True))
    members: dict[str, set[str]] = {}
    for ident, s in story.items():
        members.setdefault(s, set()).add(ident)
    false = 0
    for r in distractors:
        now = members[story[r["doc_id"]]]
        was = {i for i in now if i in old and old[i] == old[r["doc_id"]]}
        if any(i not in was for i in now if i != r["doc_id"]):
            false += 1
    print(f"synthetic: {args.n} altered copies among {args.n} originals + {args.distractors} "
          f"distractors (ANT development half, seed 27)")  # fmt: skip
    print(f"  copies in their original's story: {joined}/{args.n} = {joined / args.n:.3f}")
    print(f"  distractors wrongly joined: {false}/{args.distractors} = "
          f"{false / args.distractors:.4f}")  # fmt: skip
    print(f"  (extracting the copies {extract_s:.1f} s; keys and placement {place_s:.2f} s)")


def candidates(args: argparse.Namespace) -> None:
    """Verified-or-near pairs of the held-out half, with their texts, for judging."""
    records = [r for r in read_corpus(args.corpus) if str(r.get("text") or "").strip()]
    held = [r for r in records if not development(r["doc_id"])]
    bodies = Bodies(args.cache)([r["text"] for r in held])
    items = [(r["doc_id"], day(r), r["source"], b) for r, b in zip(held, bodies, strict=True)]
    table = table_of(keys_of(items))
    pairs = candidate_pairs(table)
    jac, con = similarity(table, pairs)
    near_window = np.abs(table.days[pairs[:, 0]] - table.days[pairs[:, 1]]) <= 3
    rng = random.Random(5)
    ks = [k for k in range(len(pairs)) if near_window[k]]
    near = [k for k in ks if abs(con[k] - MIN_CONTAINMENT) <= 0.15]
    above = [k for k in ks if con[k] > MIN_CONTAINMENT + 0.15]
    low = [k for k in ks if con[k] < MIN_CONTAINMENT - 0.15]
    picked = rng.sample(near, min(args.near, len(near)))
    picked += rng.sample(above, min(args.far // 2, len(above)))
    picked += rng.sample(low, min(args.far - args.far // 2, len(low)))
    with open(args.out, "w", encoding="utf-8") as out:
        for k in picked:
            a, b = (int(x) for x in pairs[k])
            out.write(json.dumps({
                "a": held[a]["doc_id"], "b": held[b]["doc_id"], "containment": round(con[k], 3),
                "jaccard": round(jac[k], 3), "source_a": held[a]["source"],
                "source_b": held[b]["source"], "title_a": held[a]["title"],
                "title_b": held[b]["title"], "body_a": bodies[a], "body_b": bodies[b],
            }, ensure_ascii=False) + "\n")  # fmt: skip
    print(f"{len(picked)} pairs ({len(near)} near the threshold, {len(above)} above, "
          f"{len(low)} below) written to {args.out}")  # fmt: skip


def gold(args: argparse.Namespace) -> None:
    """Precision and recall of the placement rule on the judged pairs."""
    rows = [line.rstrip("\n").split("\t") for line in GOLD.read_text("utf-8").splitlines()[1:]]
    records = {r["doc_id"]: r for r in read_corpus(args.corpus)}
    # signed as the build signs them: the outlet formulas counted over the whole corpus
    ids = sorted(records)
    bodies = Bodies(args.cache)([records[i]["text"] for i in ids])
    items = [(i, day(records[i]), records[i]["source"], b)
             for i, b in zip(ids, bodies, strict=True)]  # fmt: skip
    table = table_of(keys_of(items))
    row_of = {i: n for n, i in enumerate(ids)}
    pairs = np.array([[row_of[a], row_of[b]] for a, b, *_ in rows], dtype=np.int64)
    kept, _ = verified(table, pairs)
    said = {(int(a), int(b)) for a, b in kept}
    tp = fp = fn = 0
    for (_a, _b, same, *_), pair in zip(rows, pairs.tolist(), strict=True):
        joined = (pair[0], pair[1]) in said
        tp += joined and same == "1"
        fp += joined and same == "0"
        fn += not joined and same == "1"
    print(f"gold: {len(rows)} judged ANT pairs ({sum(r[2] == '1' for r in rows)} same story)")
    print(f"  precision {tp / max(1, tp + fp):.3f} ({tp}/{tp + fp}), "
          f"recall {tp / max(1, tp + fn):.3f} ({tp}/{tp + fn})")  # fmt: skip


def queries(args: argparse.Namespace) -> None:
    """p50/p95 of the speed mix with collapsing on and off, ABAB on one open version."""
    from query_mix import make_mix, read_articles
    from speed import bahth_params, mix_actors

    from search.engine.whoosh.engine import WhooshEngine
    from search.engine.whoosh.reader import LiveVersion
    from search.query.run import run_search

    handle = LiveVersion(args.index).get()
    engine = WhooshEngine.of(handle)
    mix = make_mix(read_articles(args.corpus), mix_actors(handle, 1), args.queries)
    timings: dict[bool, list[float]] = {True: [], False: []}
    # Every query warmed both ways first: a query's first run pays one-time costs
    # (its snippet terms analysed, postings decoded) that belong to neither setting.
    for mq in mix:
        params = bahth_params(mq)
        for collapse in (True, False):
            run_search(engine, type(params)(**{**params.__dict__, "collapse": collapse}))
    for collapse in (True, False, False, True):  # neither setting always runs first
        for mq in mix:
            params = bahth_params(mq)
            started = time.perf_counter()
            run_search(engine, type(params)(**{**params.__dict__, "collapse": collapse}))
            timings[collapse].append((time.perf_counter() - started) * 1000)
    for collapse, ms in timings.items():
        q = statistics.quantiles(ms, n=20)
        print(f"collapse {'on ' if collapse else 'off'}: p50 {statistics.median(ms):.2f} ms, "
              f"p95 {q[18]:.2f} ms ({len(ms)} searches)")  # fmt: skip


def helsinki(args: argparse.Namespace) -> None:
    from search.engine.whoosh.engine import WhooshEngine
    from search.query.run import run_search
    from search.request.params import SearchParams

    engine = WhooshEngine(args.index)
    for collapse in (True, False):
        found = run_search(engine, SearchParams(q="قمة هلسنكي", per_page=50, collapse=collapse))
        distinct = len({h.story for h in found.hits})
        print(f"collapse {collapse}: total {found.total}, stories {found.stories}, "
              f"{len(found.hits)} hits, {distinct} distinct stories on the page")  # fmt: skip
        for h in found.hits[:12]:
            print(f"   {h.story} {h.story_size} {h.source} {h.published} {h.title[:60]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["synthetic", "candidates", "gold", "queries", "helsinki"])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--cache", type=Path, default=None, help="an extraction cache folder")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--distractors", type=int, default=3000)
    parser.add_argument("--near", type=int, default=110)
    parser.add_argument("--far", type=int, default=110)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path("/tmp/story_pairs.jsonl"))
    args = parser.parse_args()
    globals()[args.what](args)


if __name__ == "__main__":
    main()
