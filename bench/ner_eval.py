"""Name tagger bench: development split, seeds and ANT gold, fragments on ANT, speed.

Usage (from the repository root)::

    python bench/ner_eval.py                     # everything (ANT fragments: all 31,525)
    python bench/ner_eval.py --ant-limit 3000    # fragments/speed on the first 3000 ANT texts
    python bench/ner_eval.py --curve             # also the threshold curve on dev

Sections:

* **dev** (CLEANANERCorp development split, blocks of 25 sentences as
  articles): mention-level exact-span P/R/F1 per type (CRF spans; with the
  article rules at the threshold), the threshold curve, and name-level
  per-article scores before (the table extractor, ``search/extract/actors.py``,
  on the same text), after (tagger) and combined (table + tagger).
* **seeds / ANT gold** (``bench/gold/*.jsonl``, read as ``bench/extraction.py``
  does): actor P/R/F1 per type, before / after / combined. Values are compared
  in normalised form (the table's canonical spelling where it knows the name).
* **fragments**: names produced on ANT texts that contain a verb or a
  preposition (before: table extractor actors; after: tagger actors and places).
* **speed**: CPU ms per article and per 1,000 content tokens, caches empty at the
  start (a build worker): the tagger alone, with the article rules, and all of
  ``extract_article``; the tagger on the whole content and on the old 20-word lead.

ANT is only evaluated on; nothing from it is trained on or shipped.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import ner_dev as dev  # noqa: E402
from extraction import read_jsonl  # noqa: E402

from search.ingest.extract.cleaning import clean  # noqa: E402
from search.ingest.extract.ner.article import (  # noqa: E402
    THRESHOLD,
    Threshold,
    find_entities,
    lead_end,
    new_names,
)
from search.ingest.extract.ner.corpus import Score, format_scores, read_corpus, split  # noqa: E402
from search.ingest.extract.ner.features import clear_caches  # noqa: E402
from search.ingest.extract.ner.gazetteer import phrase_key  # noqa: E402
from search.ingest.extract.ner.spans import fragment_reason  # noqa: E402
from search.ingest.extract.ner.tagger import MODEL_PATH, Tagger, load_tagger  # noqa: E402
from search.ingest.extract.ner.tokens import tokens_from_words  # noqa: E402
from search.ingest.extract.pipeline import extract_article  # noqa: E402

DATA = ROOT.parent / "shared/data/ner_cleananercorp/cleananercorp_TRAIN.txt"
ANT = ROOT.parent / "shared/data/ant_multisource/ant_multisource_v2.1.jsonl.gz"
GOLD_TYPES = {"person": "PERS", "organisation": "ORG", "country": "COUNTRY"}
#: The lead the build tagged before issue 26 (words, then to the sentence end): kept to compare.
OLD_LEAD = 20
CURVE = (0.0, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def table_names(text: str) -> set[tuple[str, str]]:
    """Actors of the current extractor (alias table + title rules), as compared."""
    return {(dev.canon(a.value), GOLD_TYPES[a.type]) for a in extract_article(text).actors}


def tagger_names(text: str, threshold: Threshold, lead: int | None = None) -> set[tuple[str, str]]:
    """Tagger actors and places of an article's cleaned content words, as compared."""
    words = clean(text).content_words()
    found = find_entities(text, words, threshold=threshold, lead=lead)
    return {(dev.canon(e.value), dev.KIND_OF[e.type]) for e in found if e.type != "misc"}


def print_three(title: str, gold: list, before: list, after: list) -> None:
    combined = [dev.combine(b, a) for b, a in zip(before, after, strict=True)]
    for name, predicted in (("pipeline (extract_article)", before), ("tagger alone", after),
                            ("combined", combined)):  # fmt: skip
        print(format_scores(dev.name_scores(gold, predicted), f"\n{title}: {name}"))


def run_dev(tagger: Tagger, threshold: Threshold, curve: bool) -> None:
    _, sentences = split(read_corpus(DATA))
    blocks = dev.dev_blocks(sentences)
    dev.tag(tagger, blocks)
    print(f"== dev: {len(sentences)} sentences in {len(blocks)} blocks")
    print(format_scores(dev.mention_scores(blocks, 0.0, article=False), "\nmentions, CRF spans"))
    scores = dev.mention_scores(blocks, threshold, article=True)
    print(format_scores(scores, f"\nmentions, article rules, threshold {threshold}"))
    if curve:
        print_curve(blocks)
    gold = [dev.gold_names(b) for b in blocks]
    before = [table_names(b.text) for b in blocks]
    after = [
        {(dev.canon(e.value), dev.KIND_OF[e.type]) for e in dev.entities(b, threshold)}
        for b in blocks
    ]
    print_three("dev names per block", gold, before, after)


#: Tagger label → the scored types its threshold decides (LOC: countries and places).
LABEL_TYPES = {"PERS": ("PERS",), "ORG": ("ORG",), "LOC": ("COUNTRY", "PLACE"), "MISC": ("MISC",)}
#: The precision a threshold must reach on the development split (issue 26).
MIN_PRECISION = 0.85


def choose_thresholds(curve: dict[float, dict[str, Score]]) -> dict[str, float]:
    """Per tagger label, the threshold of best F1 among those with precision at least
    :data:`MIN_PRECISION`; where none reaches it, the most precise (ties: the lower)."""
    chosen: dict[str, float] = {}
    for label, kinds in LABEL_TYPES.items():
        scored = {}
        for t, scores in curve.items():
            parts = [scores[k] for k in kinds if k in scores]
            scored[t] = Score(*(sum(getattr(p, f) for p in parts) for f in ("tp", "fp", "fn")))
        good = [t for t, sc in scored.items() if sc.precision >= MIN_PRECISION]
        if good:
            chosen[label] = max(good, key=lambda t: (round(scored[t].f1, 4), -t))
        else:
            chosen[label] = max(scored, key=lambda t: (scored[t].precision, -t))
    return chosen


def print_curve(blocks: list[dev.Block]) -> None:
    """The article-level curve (mentions, exact span) and the thresholds it chooses."""
    kinds = ("PERS", "ORG", "COUNTRY", "PLACE", "MISC", "ALL")
    curve = {t: dev.mention_scores(blocks, t, article=True) for t in CURVE}
    print("\nthreshold curve (article rules, mentions): P/R/F1")
    print(f"{'t':>5} " + " ".join(f"{k:>17}" for k in kinds))
    for t, scores in curve.items():
        print(f"{t:>5.2f} " + " ".join(_prf(scores.get(k)) for k in kinds))
    chosen = choose_thresholds(curve)
    print(f"chosen (best F1 with precision >= {MIN_PRECISION}): {chosen}; in use: {THRESHOLD}")


def _prf(s: Score | None) -> str:
    return f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}".rjust(17) if s else " " * 17


def run_gold(name: str, records: list[dict], texts: dict[str, str], threshold: Threshold,
             lead: int | None) -> None:  # fmt: skip
    gold = [
        {(dev.canon(v), GOLD_TYPES[k]) for k, vs in r.get("actors", {}).items() for v in vs}
        for r in records
    ]
    before = [table_names(texts[r["doc_id"]]) for r in records]
    after = [tagger_names(texts[r["doc_id"]], threshold, lead) for r in records]
    print(f"\n== {name}: {len(records)} articles" + (f", lead {lead} tokens" if lead else ""))
    print_three(name, gold, before, [{n for n in a if n[1] != "PLACE"} for a in after])


def fragment(value: str) -> str | None:
    """Why a produced name is a fragment (``ner.spans.fragment_reason``)."""
    return fragment_reason(phrase_key(value))


def run_ant(texts: list[str], threshold: Threshold) -> None:
    """Fragments among the values each extractor produces on ANT texts: the table's actors
    (today), the tagger's names on the whole content, and table + tagger at :data:`OLD_LEAD`."""
    counts: dict[str, Counter[str]] = {k: Counter() for k in ("table", "tagger", "combined")}
    produced: Counter[str] = Counter()
    for text in texts:
        table = [a.value for a in extract_article(text).actors]
        words = clean(text).content_words()
        tagged = [e.value for e in find_entities(text, words, threshold, lead=None)
                  if e.type != "misc"]  # fmt: skip
        lead = find_entities(text, words, threshold, lead=OLD_LEAD)
        combined = table + [e.value for e in new_names(lead, table) if e.is_actor]
        for name, values in (("table", table), ("tagger", tagged), ("combined", combined)):
            produced[name] += len(values)
            counts[name].update(v for v in values if fragment(v))
    print(f"\n== fragments on {len(texts)} ANT articles (values with a verb or preposition)")
    labels = {
        "table": "before (table actors)",
        "tagger": "tagger, whole content (actors + places)",
        "combined": f"after (table + tagger actors, lead {OLD_LEAD})",
    }
    for name, found in counts.items():
        print(f"{labels[name]}: {len(found)} distinct values, {sum(found.values())} "
              f"article-values of {produced[name]}")  # fmt: skip
        for value, count in found.most_common(12):
            print(f"    {count:>4}  {value}  ({fragment(value)})")


def _clear(tagger: Tagger) -> None:
    """Empty every per-word cache, as in a fresh build worker."""
    clear_caches()
    scores = getattr(tagger, "scores", None)  # the fast tagger's word table
    if scores is not None:
        scores.clear(features=True)
    tagger.features._words.clear()  # the filtered-feature memo (the CRFsuite path's)


def run_speed(texts: list[str], threshold: Threshold, leads: list[int | None]) -> None:
    """CPU time (``process_time``: the machine is shared) per article and per 1,000 tokens
    of the article's content, caches empty at the start as in a build worker: the tagger
    alone (features and decoding of the tokens it reads), the tagger with the article
    rules (:func:`find_entities`), and all of extraction (:func:`extract_article`, which
    tags every sentence). Each lead size is a separate pass; the extraction pass is timed
    once, with the build's own settings."""
    cleaned = [clean(t).content_words() for t in texts]
    tokens = [tokens_from_words(t, w) for t, w in zip(texts, cleaned, strict=True)]
    count = sum(map(len, tokens))
    tagger = load_tagger()
    print(f"\n== speed: {len(texts)} ANT articles, {count / len(texts):.0f} content tokens each, "
          "one core, CPU time, caches empty at start")  # fmt: skip

    def report(label: str, seconds: float, read: int) -> None:
        per_article, per_thousand = seconds / len(texts) * 1000, seconds / count * 1e6
        print(
            f"{label:<34} {per_article:6.2f} ms/article {per_thousand:6.2f} ms/1,000 tokens "
            f"({read / seconds:,.0f} tokens read/s)"
        )

    for lead in leads:
        name = f"lead {lead} words" if lead else "whole content"
        parts = [a[: lead_end(a, lead)] if lead else a for a in tokens]
        read = sum(map(len, parts))
        _clear(tagger)
        start = time.process_time()
        for part in parts:
            tagger.tag_tokens(part)
        report(f"tagger alone, {name}", time.process_time() - start, read)
        start = time.process_time()
        for part in parts:
            tagger.tag_tokens(part)
        report("  again, caches warm", time.process_time() - start, read)
        _clear(tagger)
        start = time.process_time()
        for text, words in zip(texts, cleaned, strict=True):
            find_entities(text, words, threshold=threshold, tagger=tagger, lead=lead)
        report(f"tagger + article rules, {name}", time.process_time() - start, read)
    _clear(tagger)
    start = time.process_time()
    for text in texts:
        extract_article(text)
    report("extract_article (the build's)", time.process_time() - start, count)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL_PATH)
    parser.add_argument("--threshold", type=float, default=None, help="one for all types")
    parser.add_argument("--curve", action="store_true", help="threshold curve on dev")
    parser.add_argument("--ant", type=Path, default=ANT)
    parser.add_argument("--ant-limit", type=int, default=None, help="fragments/speed: first N")
    parser.add_argument("--speed-limit", type=int, default=2000)
    parser.add_argument("--lead", type=int, default=None,
                        help="gold: first N words (default: whole, then OLD_LEAD)")  # fmt: skip
    parser.add_argument("--leads", type=int, nargs="*", default=[0, OLD_LEAD],
                        help="speed: lead sizes to time (0: whole content)")  # fmt: skip
    parser.add_argument("--skip", nargs="*", default=(), choices=("dev", "gold", "ant", "speed"))
    args = parser.parse_args(argv)
    tagger = load_tagger(args.model)
    if args.threshold is None:
        args.threshold = THRESHOLD
    if "dev" not in args.skip:
        run_dev(tagger, args.threshold, args.curve)
    if "gold" not in args.skip:
        seeds = list(read_jsonl(ROOT / "bench/gold/seeds.jsonl"))
        texts = {g["doc_id"]: (ROOT / g["path"]).read_text("utf-8") for g in seeds}
        leads = [args.lead] if args.lead else [None, OLD_LEAD]
        for lead in leads:
            run_gold("seeds", seeds, texts, args.threshold, lead)
        if args.ant.exists():
            gold = list(read_jsonl(ROOT / "bench/gold/ant_sample.jsonl"))
            wanted = {g["doc_id"] for g in gold}
            ant = {r["doc_id"]: r["text"] for r in read_jsonl(args.ant) if r["doc_id"] in wanted}
            for lead in leads:
                run_gold("ANT sample", gold, ant, args.threshold, lead)
    if args.ant.exists() and not {"ant", "speed"} <= set(args.skip):
        limit = max(args.ant_limit or 0, args.speed_limit) if args.ant_limit else None
        texts = [r["text"] for r in itertools.islice(read_jsonl(args.ant), limit)]
        if "ant" not in args.skip:
            run_ant(texts[: args.ant_limit] if args.ant_limit else texts, args.threshold)
        if "speed" not in args.skip:
            leads = [lead or None for lead in args.leads]
            run_speed(texts[: args.speed_limit], args.threshold, leads)


if __name__ == "__main__":
    main()
