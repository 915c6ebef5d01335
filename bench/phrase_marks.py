"""Marks outside phrase occurrences, over the phrase queries of the speed mix (issue 32).

Each phrase query of ``speed.py``'s mix (same corpus, same seed) is searched; every
snippet mark must be one whole occurrence of the phrase (its words, in order, at
consecutive tokens). Also reports, for the same hits, how many marks the former
rule (each phrase word marked alone, anywhere) put outside phrase occurrences.

    python bench/phrase_marks.py --index indexes/ant \
        --corpus ../shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from query_mix import make_mix, read_articles  # noqa: E402
from speed import mix_actors  # noqa: E402

from search.engine import open_engine  # noqa: E402
from search.engine.whoosh.engine import WhooshEngine  # noqa: E402
from search.query.run import run_search  # noqa: E402
from search.request.params import SearchParams  # noqa: E402
from search.request.plan import highlight_terms  # noqa: E402
from search.request.syntax import parse_query  # noqa: E402
from search.text.analyzers import analyze_word  # noqa: E402
from search.text.matching import TermSet, find_matches  # noqa: E402
from search.text.normalise import TOKEN_PATTERN  # noqa: E402


def words_of(text: str) -> tuple[str | None, ...]:
    return tuple(analyze_word(m.group())[0] for m in TOKEN_PATTERN.finditer(text))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--engine", default="whoosh")
    ap.add_argument("--collection", default=None, help="Solr collection (with --engine solr)")
    args = ap.parse_args()
    whoosh = WhooshEngine(args.index)  # the mix is drawn from the index's actors
    mix = make_mix(read_articles(args.corpus), mix_actors(whoosh.handle(), 1), 300)
    phrases = [m.q for m in mix if m.kind == "phrase"]
    engine = whoosh if args.engine == "whoosh" else open_engine("solr", collection=args.collection)
    marks = outside = before_outside = 0
    for q in phrases:
        terms = highlight_terms(parse_query(q))
        [phrase] = terms.phrases
        former = TermSet(frozenset(phrase), frozenset())
        for hit in run_search(engine, SearchParams(q=q, per_page=10)).hits:
            assert hit.snippet is not None
            for piece in hit.snippet.fragments:
                for s, e in piece.marks:
                    marks += 1
                    outside += words_of(piece.text[s:e]) != phrase
                occurrences = find_matches(piece.text, terms)
                for s, e in find_matches(piece.text, former):
                    before_outside += not any(a <= s and e <= b for a, b in occurrences)
    print(
        f"{args.engine}: {len(phrases)} phrase queries, {marks} marks, {outside} outside a phrase "
        f"occurrence (former rule on the same snippets: {before_outside} outside)"
    )
    return 1 if outside else 0


if __name__ == "__main__":
    sys.exit(main())
