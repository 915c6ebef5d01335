"""Train the packaged name tagger from CLEANANERCorp, deterministically, and score it.

Usage (from the repository root)::

    python -m search.ingest.extract.ner.train \\
        --data ../shared/data/ner_cleananercorp/cleananercorp_TRAIN.txt \\
        --out search/ingest/extract/ner/model.crfsuite
    # a tiny slice
    python -m search.ingest.extract.ner.train --data PATH --out /tmp/m.crfsuite --limit 300
    # score the packaged model
    python -m search.ingest.extract.ner.train --data PATH --dev-only

The parameters are fixed here (not flags) so that anyone rerunning the
command gets the same model: L-BFGS is deterministic, the development split
is fixed (:mod:`search.ingest.extract.ner.corpus`), and features depend only on the code and
the names table. The note ``MODEL.md`` is written beside the model with the
data, licence, command, parameters, development scores, size and load time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import pycrfsuite

from search.ingest.extract.ner.article import THRESHOLD
from search.ingest.extract.ner.corpus import (
    Chunk,
    Score,
    Sentence,
    format_scores,
    gold_chunks,
    read_corpus,
    score,
    sentence_tokens,
    split,
)
from search.ingest.extract.ner.features import sentence_features
from search.ingest.extract.ner.known import known_pairs, model_attributes, pairs_path, write_pairs
from search.ingest.extract.ner.tagger import MODEL_PATH, Tagger
from search.ingest.extract.ner.tokens import chunks

#: Fixed training parameters (chosen on the development split; see MODEL.md).
PARAMS: dict[str, object] = {
    "c1": 0.05,
    "c2": 0.05,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def train(sentences: Sequence[Sentence], out: Path, params: dict[str, object]) -> None:
    """Fit a CRF on ``sentences`` and write it to ``out`` (one process, one core)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features(sentence_tokens(sentence.words)), list(sentence.labels))
    trainer.set_params(params)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))
    save_pairs(sentences, out)


def save_pairs(sentences: Sequence[Sentence], model: Path) -> int:
    """Write ``model``'s pair list (:mod:`~search.ingest.extract.ner.known`) from the
    sentences it was trained on; returns how many pairs it holds."""
    norms = ([t.norm for t in sentence_tokens(s.words)] for s in sentences)
    keys = known_pairs(norms, model_attributes(model))
    write_pairs(pairs_path(model), keys)
    return len(keys)


def predict(
    tagger: Tagger, sentences: Sequence[Sentence], rules: bool = True, threshold: float = 0.0
) -> set[Chunk]:
    """Predicted chunks per sentence: raw CRF chunks, or repaired spans above ``threshold``."""
    found: set[Chunk] = set()
    for number, sentence in enumerate(sentences):
        tokens = sentence_tokens(sentence.words)
        if rules:
            found.update(
                (number, s.start, s.end, s.type)
                for s in tagger.tag_tokens(tokens)
                if s.confidence >= threshold
            )
        else:
            labels, _ = tagger.label(tokens)
            found.update((number, a, b, t) for a, b, t in chunks(labels))
    return found


#: Confidence thresholds the curve in MODEL.md is drawn at.
CURVE = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def evaluate(tagger: Tagger, dev: Sequence[Sentence]) -> dict[str, dict[str, Score]]:
    """Development scores without and with the span rules, and with the rules at each
    threshold of :data:`CURVE` (keys ``t=0.5``…)."""
    gold = gold_chunks(dev)
    results = {
        "crf": score(gold, predict(tagger, dev, rules=False)),
        "rules": score(gold, predict(tagger, dev, rules=True)),
    }
    for threshold in CURVE[1:]:
        results[f"t={threshold}"] = score(gold, predict(tagger, dev, threshold=threshold))
    return results


def _curve(results: dict[str, dict[str, Score]]) -> str:
    kinds = list(results["rules"])
    rows = ["| threshold | " + " | ".join(kinds) + " |", "|---" * (len(kinds) + 1) + "|"]
    for threshold in CURVE:
        scores = results["rules" if threshold == 0.0 else f"t={threshold}"]
        cells = (
            f"{s.precision:.2f} / {s.recall:.2f} / {s.f1:.2f}" if (s := scores.get(k)) else "-"
            for k in kinds
        )
        rows.append(f"| {threshold} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def load_time(path: Path) -> float:
    start = time.perf_counter()
    Tagger(path)
    return time.perf_counter() - start


def _table(scores: dict[str, Score]) -> str:
    rows = ["| type | P | R | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|"]
    for kind, s in scores.items():
        figures = f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.tp} | {s.fp} | {s.fn}"
        rows.append(f"| {kind} | {figures} |")
    return "\n".join(rows)


def write_note(
    note: Path,
    command: str,
    counts: tuple[int, int, int, int],
    results: dict[str, dict[str, Score]],
    seconds: float,
    model: Path,
    params: dict[str, object] = PARAMS,
) -> None:
    """``MODEL.md``: what the model was trained on, under which licence, and how it scores."""
    size = model.stat().st_size / 1e6
    train_s, train_t, dev_s, dev_t = counts
    note.write_text(
        f"""# Name tagger model (`{model.name}`)

- **Data:** CLEANANERCorp training split (`cleananercorp_TRAIN.txt`, GitHub
  `iwan-rg/CLEANANERCorp` commit 8dd850c17ad13f71d3844f9e979e07d82a9070ef): ANERcorp
  (Benajiba et al.) with corrected labels (AlDuwais, Al-Khalifa & AlSalman, OSACT 2024).
  Arabic newswire, BIO tags PERS, ORG, LOC, MISC.
- **Licence:** the corpus is GNU GPL v3, so this model is a GPL-3.0 work; Bahth is
  GPL-3.0-or-later, so it ships with Bahth. Nothing from ANT is used in training or
  features; the people's-name words below (CC0) are a feature.
- **Command:** `{command}`
- **Split:** every 7th block of 25 consecutive sentences is development data
  (`search/ingest/extract/ner/corpus.py`): train {train_s} sentences / {train_t} tokens,
  dev {dev_s} / {dev_t}. The release's test split is held out elsewhere and was never used.
- **Trainer:** python-crfsuite {metadata.version("python-crfsuite")}, L-BFGS, params
  `{params}`. Features: `search/ingest/extract/ner/features.py`; names-table version read from
  `search/data/aliases.json` at training time (retrain when the table changes a lot).
- **Training time:** {seconds:.0f} s on one core. **Size:** {size:.1f} MB.
  **Load time:** {load_time(model) * 1000:.0f} ms (weights, pair list, person words).
- **Pair list** (`{pairs_path(model).name}`, written with the model; `--pairs-only` rewrites
  it for an existing model): the adjacent normalised word pairs of the training sentences whose
  pair feature the model kept, so the tagger looks a pair up instead of hashing every pair of
  every article. It is derived from the corpus like the model (GPL-3.0).
- **People's name words** (`person_words.tsv`, a feature: `person_words.py`): the Arabic
  words of Wikidata person labels, normalised, with counts, from the training slice of
  Merhav & Ash's aligned Wikidata names (COLING 2018, CC0 1.0; repository
  `steveash/NETransliteration-COLING2018` commit 5d5f59e561ecea45a6d3602121e1049baa7a76c3,
  `data/wd_arabic_64`). Rebuild with `python -m search.ingest.extract.ner.person_words --data
  wd_arabic_train.tsv`; retrain when it changes.
- **Tagging:** CRFsuite is not called at tagging time. The model's weights are read from this
  file (`weights.py`), summed once per distinct word and window offset into label-score
  vectors (`scores.py`), and all of an article's sentences are decoded in one compiled
  Viterbi + forward-backward pass (`decode.py`): CRFsuite's labels and marginals (tests compare
  them on the development split and the seeds).

## Development scores (entity level, exact span, conlleval-style)

CRF chunks as labelled:

{_table(results["crf"])}

With the span rules (`search/ingest/extract/ner/spans.py`: no punctuation, verb or
preposition inside):

{_table(results["rules"])}

Precision / recall / F1 of the spans kept at a confidence threshold (the smallest
marginal of a span's labels), span rules applied, before the article-level rules
(`bench/ner_eval.py --curve` scores those, per article):

{_curve(results)}

The thresholds in use (`search/ingest/extract/ner/article.py`, `THRESHOLD`) are
{dict(THRESHOLD)}: chosen on the article-level curve of the development split
(`python bench/ner_eval.py --curve`, which prints the choice): per type, the threshold of
best F1 among those whose precision reaches 0.85 (LOC: countries and places together; ORG
reaches 0.85 only at 0.9). Bench figures (seeds, ANT, speed): `bench/README.md`, "Name
tagger".
""",
        encoding="utf-8",
    )


def _params(overrides: list[str]) -> dict[str, object]:
    """:data:`PARAMS` with ``key=value`` overrides (numbers parsed as floats or ints)."""
    params = dict(PARAMS)
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or key not in PARAMS:
            raise SystemExit(f"--param {item!r}: expected one of {sorted(PARAMS)}=VALUE")
        params[key] = float(value) if "." in value else int(value)
    return params


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="cleananercorp_TRAIN.txt")
    parser.add_argument("--out", type=Path, default=MODEL_PATH, help="model file to write")
    parser.add_argument("--limit", type=int, default=None, help="first N sentences only")
    parser.add_argument("--dev-only", action="store_true", help="score --out, do not train")
    parser.add_argument("--pairs-only", action="store_true", help="write --out's pair list")
    parser.add_argument("--note", type=Path, default=None, help="MODEL.md (default: beside --out)")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="override a training parameter (the note records it)")  # fmt: skip
    args = parser.parse_args(argv)

    train_set, dev = split(read_corpus(args.data, args.limit))
    tokens = (sum(len(s.words) for s in train_set), sum(len(s.words) for s in dev))
    print(f"train {len(train_set)} sentences, {tokens[0]} tokens; dev {len(dev)}, {tokens[1]}")
    seconds = 0.0
    params = _params(args.param)
    if args.pairs_only:
        print(f"{save_pairs(train_set, args.out)} pairs: {pairs_path(args.out)}")
        return
    if not args.dev_only:
        start = time.perf_counter()
        train(train_set, args.out, params)
        seconds = time.perf_counter() - start
        print(f"trained in {seconds:.0f} s: {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    results = evaluate(Tagger(args.out), dev)
    print(format_scores(results["crf"], "\ndev, CRF chunks"))
    print(format_scores(results["rules"], "\ndev, with span rules"))
    if not args.dev_only:
        note = args.note or args.out.with_name("MODEL.md")
        command = "python -m search.ingest.extract.ner.train " + " ".join(
            a if not a.startswith("/") else Path(a).name for a in (argv or sys.argv[1:])
        )
        counts = (len(train_set), tokens[0], len(dev), tokens[1])
        write_note(note, command, counts, results, seconds, args.out, params)
        print(f"note: {note}")


if __name__ == "__main__":
    main()
