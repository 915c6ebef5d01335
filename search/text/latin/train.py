"""Train the packaged Latin → Arabic transliteration model, deterministically, and score it.

Usage (from the repository root)::

    python -m search.text.latin.train \\
        --data ../shared/data/translit_wikidata/wd_arabic_train.tsv \\
        --out search/text/latin/model.json
    # score the packaged model on the development split only
    python -m search.text.latin.train --data PATH --dev-only

EM from a uniform start is deterministic, the development split is fixed
(:mod:`search.text.latin.corpus`), and the parameters are constants here, chosen
on that split. The development score is the one the query side meets: among
every Arabic spelling of the file (a stand-in for an index's lexicon), are the
spellings :class:`~search.text.latin.candidates.SkeletonIndex` would search for
a Latin word the gold one?
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from search.text.latin.candidates import Options, SkeletonIndex
from search.text.latin.corpus import Pair, read_pairs, split
from search.text.latin.em import Lattices, train_em
from search.text.latin.model import MODEL_PATH, TransliterationModel, load_seconds

ITERATIONS = 12
FLOOR = 1e-6


def fit(train: Sequence[Pair]) -> tuple[TransliterationModel, list[float]]:
    """The model of ``train``: one weight per distinct pair (counts reward a few
    famous names, not spellings)."""
    distinct = sorted({(latin, arabic) for latin, arabic, _ in train})
    lattices = Lattices(distinct)
    units, history = train_em(lattices, np.ones(len(distinct)), ITERATIONS, FLOOR)
    return TransliterationModel(units), history


def evaluate(
    model: TransliterationModel, pairs: Sequence[Pair], lexicon: SkeletonIndex, options: Options
) -> dict[str, float]:
    """Share of development Latin words whose gold spelling is the first one / among
    those searched, and the mean number searched."""
    gold: dict[str, set[str]] = {}
    for latin, arabic, _ in pairs:
        gold.setdefault(latin, set()).add(arabic)
    first = among = searched = 0
    for latin, spellings in sorted(gold.items()):
        found = [s.arabic for s in lexicon.spellings(model, latin, options)]
        first += bool(found) and found[0] in spellings
        among += any(a in spellings for a in found)
        searched += len(found)
    n = max(len(gold), 1)
    return {"words": len(gold), "top1": first / n, "searched": among / n, "mean": searched / n}


def save(model: TransliterationModel, out: Path) -> None:
    units = {
        f"{latin}|{arabic}": round(p, 9)
        for latin, out_ in sorted(model.units.items())
        for arabic, p in sorted(out_.items())
    }
    out.write_text(json.dumps({"units": units}, ensure_ascii=False, indent=0) + "\n", "utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--dev-only", action="store_true")
    args = parser.parse_args(argv)
    pairs = read_pairs(args.data)
    train, dev = split(pairs)
    words = Counter(arabic for _, arabic, _ in pairs)
    lexicon = SkeletonIndex(words.items())
    print(f"pairs: train {len(train)}, dev {len(dev)}; lexicon {len(words)} spellings")
    if args.dev_only:
        model = TransliterationModel.load(args.out)
    else:
        started = time.perf_counter()
        model, history = fit(train)
        print(f"trained in {time.perf_counter() - started:.1f} s; log-likelihood {history[-1]:.0f}")
        save(model, args.out)
    print(
        f"units: {model.parameters()}; size {args.out.stat().st_size / 1e6:.2f} MB; "
        f"load {load_seconds(args.out) * 1000:.0f} ms"
    )
    started = time.perf_counter()
    scores = evaluate(model, dev, lexicon, Options())
    per_word = (time.perf_counter() - started) / max(scores["words"], 1) * 1000
    print(json.dumps(scores) + f"  ({per_word:.2f} ms per word)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
