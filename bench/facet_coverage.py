"""Facet coverage: of the articles whose text names a place or an actor, how many the facet
filter finds.

Usage (from the repository root, on an index built from ANT)::

    python3 bench/facet_coverage.py --index /tmp/antX
    python3 bench/facet_coverage.py --index /tmp/antX --engine solr --collection ant

For each name of :data:`PLACES` and :data:`ACTORS` (the facet's own values),
two counts over the corpus: the articles whose text holds the name as a word
(a proclitic allowed: ``والحديدة``, ``بتعز``, ``للحديدة``; read with a regular
expression on the text as published, independently of Bahth's extraction) and
the articles ``run_search`` returns for the ``place=``/``actor=`` filter (what
the API and the page count). The ratio is facet / text; the figure is the
median ratio over the list. A ratio above 1 means the facet also counts
articles that spell the name otherwise (the names table's variants).

The names were chosen on the development half of ANT (the articles whose
``doc_id`` hashes even): the six places the issue measured outside the names
table, three table places as a control, and the actors most often written in
that half's texts that the names table does not list, plus three it does.
``--fragments`` also counts, in the version's confirmed names
(``corpus_names.json``), values with a verb or a preposition inside. ``--gold``
scores the actors the index holds for the 50 reviewed ANT articles
(``bench/gold/ant_sample.jsonl``, see ``bench/extraction.py``): precision and
recall over all types, and the precision of the values of origin ``corpus``.

Not ``coverage.py``: bench scripts put ``bench/`` on ``sys.path``, and numba (the
tagger's decoder) imports ``coverage`` if it can, which would find this file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.engine import open_engine  # noqa: E402
from search.ingest.extract.ner.gazetteer import gazetteer, phrase_key  # noqa: E402
from search.ingest.extract.ner.spans import fragment_reason  # noqa: E402
from search.query.run import run_search  # noqa: E402
from search.request.params import SearchParams  # noqa: E402

ANT = ROOT.parent / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
#: The issue's places outside the names table, then three table places (control).
PLACES = ["الحديدة", "الغوطة", "تعز", "درعا", "الرقة", "سوتشي", "صنعاء", "حلب", "إسطنبول"]
#: Actors written often in the development half, outside the table, then three in it.
ACTORS = [
    "سيرغي سكريبال",
    "جمال خاشقجي",
    "أنطوان غريزمان",
    "لويس سواريز",
    "أندرو برانسون",
    "أنور قرقاش",
    "لوكا مودريتش",
    "ليفربول",
    "برشلونة",
    "مكتب التحقيقات الفيدرالي",
    "دونالد ترامب",
    "الأمم المتحدة",
    "فلاديمير بوتين",
]
_CLITICS = "(?:وب|ول|وك|فب|فل|و|ف|ب|ل|ك)?"


def read_texts(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield str(json.loads(line).get("text") or "")


def word_pattern(name: str) -> re.Pattern[str]:
    """The name as a whole word, a proclitic allowed (``لل`` + the bare form for ``ال``)."""
    forms = [_CLITICS + re.escape(name)]
    if name.startswith("ال"):
        forms.append("(?:و|ف)?لل" + re.escape(name[2:]))
    return re.compile(rf"(?<!\w)(?:{'|'.join(forms)})(?!\w)")


def facet_count(engine: object, kind: str, name: str) -> int:
    filters = {"places": (name,)} if kind == "place" else {"actors": (name,)}
    params = SearchParams(q="", facets=False, snippets=False, per_page=1, filters=filters)
    return run_search(engine, params).total  # type: ignore[arg-type]


def gold_scores(engine: object) -> None:
    """Actors of the reviewed ANT sample as the index holds them, against the gold."""
    gold_path = ROOT / "bench/gold/ant_sample.jsonl"
    tp = fp = fn = corpus_tp = corpus_fp = 0
    for line in gold_path.read_text("utf-8").splitlines():
        record = json.loads(line)
        found = engine.document(record["doc_id"])  # type: ignore[attr-defined]
        values = found.provenance["actors"] if found else []
        true = {
            v
            for kind in ("person", "organisation", "country")
            for v in record.get("actors", {}).get(kind, ())
        }
        predicted = {v["value"] for v in values}
        tp, fp, fn = (
            tp + len(predicted & true),
            fp + len(predicted - true),
            fn + len(true - predicted),
        )
        corpus = {v["value"] for v in values if v["origin"] == "corpus"}
        corpus_tp, corpus_fp = corpus_tp + len(corpus & true), corpus_fp + len(corpus - true)
        for value in sorted(corpus - true):
            print(f"  corpus FP {record['doc_id']}: {value}")
    print(
        f"ANT sample actors: P {tp / max(1, tp + fp):.3f} R {tp / max(1, tp + fn):.3f} "
        f"(TP {tp} FP {fp} FN {fn}); origin corpus: {corpus_tp} right, {corpus_fp} wrong"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, help="Whoosh index folder built from the corpus")
    parser.add_argument("--engine", default="whoosh", choices=["whoosh", "solr"])
    parser.add_argument("--collection", default=None)
    parser.add_argument("--corpus", type=Path, default=ANT)
    parser.add_argument("--fragments", action="store_true")
    parser.add_argument("--gold", action="store_true", help="score the reviewed ANT sample")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here too")
    args = parser.parse_args()
    engine = open_engine(args.engine, args.index, collection=args.collection)
    names = [("place", n) for n in PLACES] + [("actor", n) for n in ACTORS]
    patterns = {name: word_pattern(name) for _, name in names}
    in_text = dict.fromkeys(patterns, 0)
    for text in read_texts(args.corpus):
        for name, pattern in patterns.items():
            if pattern.search(text):
                in_text[name] += 1
    ratios: dict[str, float] = {}
    rows = []
    print(f"{'kind':6} {'name':28} {'table':>5} {'text':>6} {'facet':>6} {'ratio':>6}")
    for kind, name in names:
        counted = facet_count(engine, kind, name)
        ratio = counted / in_text[name] if in_text[name] else float("nan")
        if in_text[name]:
            ratios[name] = min(ratio, 1.0)  # a facet counting other spellings too earns no more
        table = gazetteer().lookup(phrase_key(name)) is not None
        rows.append({"kind": kind, "name": name, "text": in_text[name], "facet": counted})
        print(
            f"{kind:6} {name:28} {'yes' if table else '':>5} {in_text[name]:>6} {counted:>6} "
            f"{ratio:>6.2f}"
        )
    outside = [r for n, r in ratios.items() if gazetteer().lookup(phrase_key(n)) is None]
    print(
        f"median ratio (capped at 1) over {len(ratios)} names: "
        f"{statistics.median(ratios.values()):.2f}; over the {len(outside)} outside the "
        f"names table: {statistics.median(outside):.2f}"
    )
    if args.fragments and args.index:
        listed = sorted(Path(args.index).glob("versions/*/corpus_names.json"))
        values = json.loads(listed[-1].read_text("utf-8")) if listed else []
        bad = [v["value"] for v in values if fragment_reason(phrase_key(v["value"]))]
        print(f"confirmed names: {len(values)}; fragments among them: {len(bad)} {bad[:10]}")
    if args.gold:
        gold_scores(engine)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
