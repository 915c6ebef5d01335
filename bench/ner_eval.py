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
* **speed**: tagging one article's content words, one core, features cache warm
  after the first articles; tokens/s and articles/s, and the lead-only variant.

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
CURVE = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


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
    for name, predicted in (("before (table)", before), ("after (tagger)", after),
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
        print("\nthreshold curve (article rules, mentions): P/R/F1")
        print(f"{'t':>5} " + " ".join(f"{k:>17}" for k in ("PERS", "ORG", "COUNTRY", "ALL")))
        for t in CURVE:
            s = dev.mention_scores(blocks, t, article=True)
            row = " ".join(_prf(s.get(k)) for k in ("PERS", "ORG", "COUNTRY", "ALL"))
            print(f"{t:>5.2f} {row}")
    gold = [dev.gold_names(b) for b in blocks]
    before = [table_names(b.text) for b in blocks]
    after = [
        {(dev.canon(e.value), dev.KIND_OF[e.type]) for e in dev.entities(b, threshold)}
        for b in blocks
    ]
    print_three("dev names per block", gold, before, after)


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


#: Today's build, per worker and article (bench/README.md, idle machine): 1,318 articles/s
#: with two workers, of which cleaning and extraction ("preparing") 0.5 ms; tantivy 13,581.
BUILD_MS, PREPARE_MS, TANTIVY_RATE = 2 / 1318 * 1000, 0.5, 13_581


def run_speed(texts: list[str], threshold: Threshold, leads: list[int | None]) -> None:
    """CPU time (``process_time``: the machine is shared) of tagging each article,
    interleaved with today's ``extract_article`` on the same article so that load
    drift cancels in their ratio; each lead size starts with empty feature caches,
    as a build worker does. The ratio, applied to today's idle preparing time,
    projects the build rate with the tagger (an estimate until it is wired in and
    ``bench/speed.py`` runs)."""
    cleaned = [clean(t).content_words() for t in texts]
    tagger = load_tagger()
    print(f"\n== speed: {len(texts)} ANT articles, one core, CPU time, caches cold at start")
    for lead in leads:
        clear_caches()
        tag = extract = 0.0
        tokens = 0
        for text, words in zip(texts, cleaned, strict=True):
            start = time.process_time()
            extract_article(text)
            middle = time.process_time()
            find_entities(text, words, threshold=threshold, tagger=tagger, lead=lead)
            tag += time.process_time() - middle
            extract += middle - start
            every = tokens_from_words(text, words)
            tokens += lead_end(every, lead) if lead else len(every)
        ratio = tag / extract
        build = 2000 / (BUILD_MS + ratio * PREPARE_MS)
        label = f"lead {lead} words" if lead else "whole content"
        print(f"{label:<15} {tag / len(texts) * 1000:5.2f} ms/article ({len(texts) / tag:,.0f}/s, "
              f"{tokens / tag:,.0f} tagged tokens/s) = {ratio:.2f} x extract_article "
              f"({extract / len(texts) * 1000:.2f} ms) -> build ~{build:,.0f} articles/s, "
              f"{build / TANTIVY_RATE:.3f} of tantivy")  # fmt: skip


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
    parser.add_argument("--leads", type=int, nargs="*", default=[0, 40, 60, 100, 150],
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
