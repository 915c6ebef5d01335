"""Parity of the two engines on real data: the same queries on Whoosh and on SolrCloud.

For each query of a fixed mix on ANT (``query_mix.py``'s 260 plus 40 with the
query syntax: ``OR``, ``-word``, questions, prefixes) both engines answer
through ``run_search``; per query class this reports how many totals and how
many facet blocks (every value, count and selected flag of every facet) are
equal, and the mean top-10 overlap. Matching is meant to be the same (a
differing count is a bug in one engine, or the analysis: run it with
``--solr-analysis solr`` to see Solr's stock Arabic chain), ranking is each
engine's own.

    python bench/parity.py --index /tmp/ant_whoosh --collection ant [--solr-analysis solr]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from query_mix import SEED, MixQuery, make_mix, read_articles  # noqa: E402
from speed import DEFAULT_CORPUS, bahth_params, mix_actors  # noqa: E402

from search.engine import open_engine  # noqa: E402
from search.engine.whoosh.reader import LiveVersion  # noqa: E402
from search.query.run import run_search  # noqa: E402
from web.bodies import search_body  # noqa: E402

SYNTAX = 40
BOOLEAN = {"word1", "words2", "words3", "phrase", "source", "actor", "date", "browse", "or", "not"}


def syntax_queries(mix: list[MixQuery], n: int, seed: int = SEED) -> list[MixQuery]:
    """``a OR b``, ``a -b``, a question of four words, a prefix: words from the mix."""
    rng = random.Random(seed + 7)
    words = sorted({w for mq in mix for w in mq.q.replace('"', "").split() if len(w) > 3})
    out = []
    for i in range(n):
        a, b, c, d = rng.sample(words, 4)
        kind = ("or", "not", "question", "prefix")[i % 4]
        q = {"or": f"{a} OR {b}", "not": f"{a} -{b}", "question": f"{a} {b} {c} {d}؟"}.get(
            kind, f"{a[:3]}*"
        )
        out.append(MixQuery(kind, q))
    return out


def answer(engine: Any, mq: MixQuery) -> dict[str, Any]:
    return search_body(run_search(engine, bahth_params(mq)))


def facet_block(body: dict[str, Any]) -> dict[str, Any]:
    return {
        name: [(v["value"], v["count"], v["selected"]) for v in facet["results"]]
        for name, facet in body["facets"].items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--index", type=Path, required=True, help="the Whoosh index of ANT")
    parser.add_argument("--solr-url", default=None)
    parser.add_argument("--collection", default="ant")
    parser.add_argument("--solr-analysis", default=None, choices=["bahth", "solr"])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--output", type=Path, help="write every query's comparison (JSON)")
    args = parser.parse_args()

    handle = LiveVersion(args.index).get()
    mix = make_mix(read_articles(args.corpus), mix_actors(handle, 1), args.queries - SYNTAX)
    mix += syntax_queries(mix, SYNTAX)
    whoosh = open_engine("whoosh", args.index)
    solr = open_engine(
        "solr", solr_url=args.solr_url, collection=args.collection, analysis=args.solr_analysis
    )
    rows = []
    for mq in mix:
        w, s = answer(whoosh, mq), answer(solr, mq)
        top_w, top_s = [h["id"] for h in w["hits"]], [h["id"] for h in s["hits"]]
        rows.append(
            {
                "kind": mq.kind,
                "query": mq.to_dict(),
                "totals": (w["total"], s["total"]),
                "facets_equal": facet_block(w) == facet_block(s),
                "overlap10": len(set(top_w) & set(top_s)) / max(len(top_w), len(top_s), 1),
            }
        )
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    print(f"{'class':10} {'n':>4} {'totals =':>9} {'facets =':>9} {'top-10 overlap':>15}")
    for kind, group in [*sorted(by_kind.items()), ("all", rows)]:
        same = sum(r["totals"][0] == r["totals"][1] for r in group)
        facets = sum(r["facets_equal"] for r in group)
        overlap = sum(r["overlap10"] for r in group) / len(group)
        mark = "" if kind in BOOLEAN or kind == "all" else "  (not boolean: ranked)"
        print(f"{kind:10} {len(group):4} {same:9} {facets:9} {overlap:15.2f}{mark}")
    differing = [r for r in rows if r["totals"][0] != r["totals"][1] or not r["facets_equal"]]
    for row in differing[:10]:
        print("differs:", json.dumps(row, ensure_ascii=False))
    if args.output:
        args.output.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
