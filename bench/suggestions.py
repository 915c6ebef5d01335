"""How often "did you mean" speaks on ANT, and whether what it offers finds more.

Two query sets on one ANT index (build it as in ``bench/README.md``):

* the speed bench's 300-query mix (``query_mix.py``): queries drawn from ANT
  titles, so spelt as the corpus spells them; a suggestion here is mostly noise;
* a misspelt set: every mix query with words, one letter of its longest word
  replaced by another Arabic letter (seeded), filters kept; a suggestion here
  should give the user back something that finds more.

For each set it prints how many queries find at most ``FEW_HITS`` articles,
how many got a suggestion, how many of those
suggestions find more articles than the query (same filters) and how many
at least twice as many, and, for the misspelt set, how many suggestions are
the query before the letter was changed (once normalised). Then the issue's examples.

    python bench/suggestions.py --index /tmp/ant-i11q

Measured on ANT (x1), before (suggest on 0 hits, any respelling) and after
(:mod:`search.query.suggest`'s rules):

    set        queries  <=3 hits  suggested  find more  restored
    mix (before)   300        59          0          0         -
    mix (after)    300        59          0          0         -
    misspelt (b.)  260       140        115        115        18
    misspelt (a.)  260       140        112        112        77

Before, the 18 restored were only those whose words were typed in normalised
form; the others came back as a normalised echo (quotes dropped, ``أ`` → ``ا``)
or respelled by frequency alone; ``<script>alert(1)</script>`` got
``sprint art 1 sprint``. After, it gets none, and suggestions keep the syntax.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from query_mix import MixQuery, make_mix, read_articles  # noqa: E402
from speed import DEFAULT_CORPUS, bahth_params, mix_actors  # noqa: E402

from search.engine.whoosh.engine import WhooshEngine  # noqa: E402
from search.engine.whoosh.reader import LiveVersion  # noqa: E402
from search.query.run import run_search  # noqa: E402
from search.request.plan import FEW_HITS, normalized_echo  # noqa: E402
from search.request.syntax import parse_query  # noqa: E402
from web.bodies import search_body  # noqa: E402

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SEED = 11
EXAMPLES = ("إيران", "<script>alert(1)</script>", "بوت*", "بوتبن", "ايرن", '"الرءيس الامريكي"')


def misspelt(mix: list[MixQuery], seed: int = SEED) -> list[tuple[MixQuery, MixQuery]]:
    """(misspelt, original) pairs: one letter of each query's longest word changed."""
    rng = random.Random(seed)
    out = []
    for mq in mix:
        words = mq.q.replace('"', "").split()
        if not words:
            continue
        word = max(words, key=len)
        i = rng.randrange(len(word))
        letter = rng.choice([c for c in LETTERS if c != word[i]])
        typo = word[:i] + letter + word[i + 1 :]
        out.append((dataclasses.replace(mq, q=mq.q.replace(word, typo, 1)), mq))
    return out


def same(a: str, b: str) -> bool:
    """The same query once normalised (``أ`` and ``ا`` alike)."""
    return normalized_echo(parse_query(a)) == normalized_echo(parse_query(b))


def figures(search: Any, pairs: list[tuple[MixQuery, MixQuery | None]]) -> dict[str, Any]:
    """Suggestion counts over (query, original or None) pairs."""
    counts: dict[str, Any] = {
        "queries": len(pairs),
        "few": 0,
        "suggested": 0,
        "more": 0,
        "twice": 0,
        "restored": 0,
    }
    for mq, original in pairs:
        response = search(mq)
        suggestion = response["suggestion"]
        counts["few"] += response["total"] <= FEW_HITS
        if suggestion is None:
            continue
        counts["suggested"] += 1
        total = response["total"]
        respelled = search(dataclasses.replace(mq, q=suggestion))["total"]
        counts["more"] += respelled > total
        counts["twice"] += respelled >= max(2 * total, 1)
        counts["restored"] += original is not None and same(suggestion, original.q)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True, help="an ANT index")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    handle = LiveVersion(args.index).get()

    def search(mq: MixQuery) -> dict[str, Any]:
        return search_body(
            run_search(
                WhooshEngine.of(handle), dataclasses.replace(bahth_params(mq), snippets=False)
            )
        )

    mix = make_mix(read_articles(args.corpus), mix_actors(handle, 1), args.queries)
    sets = {
        "mix": [(mq, None) for mq in mix],
        "misspelt": misspelt(mix),
    }
    columns = ("queries", "<=3 hits", "suggested", "more", "twice", "restored")
    print(f"{'set':10}", *(f"{c:>9}" for c in columns))
    for name, pairs in sets.items():
        c = figures(search, pairs)
        c["restored"] = c["restored"] if name == "misspelt" else "-"
        keys = ("queries", "few", "suggested", "more", "twice", "restored")
        print(f"{name:10}", *(f"{c[k]:>9}" for k in keys))
    print()
    for q in EXAMPLES:
        response = search(MixQuery("example", q))
        print(f"{q!r}: {response['total']} hits, suggestion {response['suggestion']!r}")


if __name__ == "__main__":
    main()
