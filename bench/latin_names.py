"""Latin names on a real index: transliteration on the development pairs the index holds,
and well-known 2018 names searched in Latin letters against their Arabic query.

Usage::

    python bench/latin_names.py --index /work/wt/ant/whoosh \\
        --data ../shared/data/translit_wikidata/wd_arabic_train.tsv

Prints: the skeleton index's build time and size; on the development split of the
training file (:mod:`search.text.latin.corpus`), for pairs whose Arabic spelling the
index holds, the share whose gold spelling is among those searched and the cost per
Latin word; then for each name of :data:`NAMES` (picked by hand, never used to tune)
whether a top-10 hit of the Latin query names it in Arabic, and how many of the top 10
it shares with the Arabic query.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from search.engine import open_engine
from search.query.latin import skeleton_index
from search.query.run import run_search
from search.request.params import SearchParams
from search.text.latin.corpus import read_pairs, split
from search.text.latin.model import load_model
from search.text.normalise import normalize_text

#: (Latin as a wire writes it, the Arabic query, a word an article naming them holds).
NAMES: list[tuple[str, str, str]] = [
    ("Putin", "بوتين", "بوتين"),
    ("Trump", "ترامب", "ترامب"),
    ("Macron", "ماكرون", "ماكرون"),
    ("Merkel", "ميركل", "ميركل"),
    ("Erdogan", "أردوغان", "اردوغان"),
    ("Lavrov", "لافروف", "لافروف"),
    ("Pompeo", "بومبيو", "بومبيو"),
    ("Bolton", "بولتون", "بولتون"),
    ("Netanyahu", "نتنياهو", "نتنياهو"),
    ("Khashoggi", "خاشقجي", "خاشقجي"),
    ("Skripal", "سكريبال", "سكريبال"),
    ("Guterres", "غوتيريش", "غوتيريش"),
    ("Stoltenberg", "ستولتنبرغ", "ستولتنبرغ"),
    ("Haftar", "حفتر", "حفتر"),
    ("Bashar al-Assad", "بشار الأسد", "الاسد"),
    ("Rouhani", "روحاني", "روحاني"),
    ("Khamenei", "خامنئي", "خامنئي"),
    ("Zarif", "ظريف", "ظريف"),
    ("Kim Jong Un", "كيم جونغ أون", "كيم"),
    ("Xi Jinping", "شي جين بينغ", "بينغ"),
    ("Theresa May", "تيريزا ماي", "تيريزا"),
    ("Boris Johnson", "بوريس جونسون", "جونسون"),
    ("Mattis", "ماتيس", "ماتيس"),
    ("Tillerson", "تيلرسون", "تيلرسون"),
    ("Kushner", "كوشنر", "كوشنر"),
    ("Mohammed bin Salman", "محمد بن سلمان", "سلمان"),
    ("Sisi", "السيسي", "السيسي"),
    ("Mahmoud Abbas", "محمود عباس", "عباس"),
    ("Hariri", "الحريري", "الحريري"),
    ("Nasrallah", "نصر الله", "نصر"),
    ("Maduro", "مادورو", "مادورو"),
    ("Bolsonaro", "بولسونارو", "بولسونارو"),
    ("Mohamed Salah", "محمد صلاح", "صلاح"),
    ("Ronaldo", "رونالدو", "رونالدو"),
    ("Messi", "ميسي", "ميسي"),
    ("Griezmann", "غريزمان", "غريزمان"),
    ("Modric", "مودريتش", "مودريتش"),
    ("Zidane", "زيدان", "زيدان"),
    ("Mueller", "مولر", "مولر"),
    ("Kavanaugh", "كافانو", "كافانو"),
    ("Nikki Haley", "نيكي هايلي", "هايلي"),
    ("Abiy Ahmed", "آبي أحمد", "ابي"),
]


def top(engine: object, q: str) -> list[str]:
    response = run_search(engine, SearchParams(q=q, per_page=10))  # type: ignore[arg-type]
    return [hit.id for hit in response.hits]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    engine = open_engine("whoosh", args.index)
    started = time.perf_counter()
    index = skeleton_index(engine, wait_s=3600.0)
    assert index is not None, "the engine listed no candidates within the hour"
    print(
        f"skeleton index: {index.words} words in {len(index.buckets)} keys, "
        f"built in {time.perf_counter() - started:.1f} s (once per version)"
    )
    held = {w for bucket in index.buckets.values() for w, _, _ in bucket}
    model = load_model()
    _, dev = split(read_pairs(args.data))
    gold: dict[str, set[str]] = {}
    for latin, arabic, _ in dev:
        if arabic in held:
            gold.setdefault(latin, set()).add(arabic)
    found, costs = 0, []
    for latin, spellings in sorted(gold.items()):
        t = time.perf_counter()
        searched = [s.arabic for s in index.spellings(model, latin)]
        costs.append((time.perf_counter() - t) * 1000)
        found += any(a in spellings for a in searched)
    costs.sort()
    print(
        f"dev pairs held by the index: {len(gold)} Latin words; gold among searched "
        f"{found / max(len(gold), 1):.3f}; per word p50 {statistics.median(costs):.1f} ms, "
        f"p95 {costs[int(len(costs) * 0.95)]:.1f} ms"
    )
    named = overlapping = 0
    for latin, arabic, word in NAMES:
        latin_top, arabic_top = top(engine, latin), top(engine, arabic)
        texts = [engine.document(i) for i in latin_top]
        hit = any(
            d is not None
            and word in normalize_text(d.article.title + " " + d.text).split()
            or d is not None
            and any(w.endswith(word) for w in normalize_text(d.text).split())
            for d in texts
        )
        shared = len(set(latin_top) & set(arabic_top))
        named += hit
        overlapping += shared >= 5
        print(f"  {latin:22} named {'yes' if hit else 'NO '}  shared {shared}/10")
    print(
        f"names: Arabic article in top 10 {named}/{len(NAMES)}; "
        f"top-10 overlap >= 5 {overlapping}/{len(NAMES)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
