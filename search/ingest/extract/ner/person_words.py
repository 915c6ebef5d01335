"""Words that are parts of people's names, with how often: a tagger feature.

ANERcorp's 3,400 training sentences have seen a few hundred people; news
names thousands (``ماكرون``, ``غوتيريش``, ``ميركل``). Wikidata's person
labels, aligned English to Arabic word by word (Merhav & Ash, COLING 2018,
CC0; ``../shared/data/translit_wikidata/wd_arabic_train.tsv``, the training
slice only), give the Arabic spelling of ~34,000 name words. The file
shipped here (``person_words.tsv``) is that slice's Arabic words,
normalised, with their summed counts: nothing else of it.

The alignment is noisy (``في`` appears 14 times), so the feature is a
frequency bucket, not a verdict: the CRF weighs ``pw=10+`` against the
word's own features.

Rebuild::

    python -m search.ingest.extract.ner.person_words \\
        --data ../shared/data/translit_wikidata/wd_arabic_train.tsv
"""

from __future__ import annotations

import argparse
from collections import Counter
from functools import lru_cache
from pathlib import Path

from search.text.normalise import normalize_word

PATH = Path(__file__).with_name("person_words.tsv")


def bucket(count: int) -> str:
    """How often a word was seen in people's names, as a feature value."""
    return "1" if count == 1 else "2-9" if count < 10 else "10+"


@lru_cache(maxsize=1)
def person_words() -> dict[str, str]:
    """Normalised word → its frequency bucket (empty if the file is missing)."""
    if not PATH.exists():
        return {}
    found: dict[str, str] = {}
    for line in PATH.read_text("utf-8").splitlines():
        word, _, count = line.partition("\t")
        if word and count.isdigit():
            found[word] = bucket(int(count))
    return found


def read_counts(data: Path) -> Counter[str]:
    """``latin<TAB>spaced arabic letters<TAB>count`` lines → normalised Arabic word counts."""
    counts: Counter[str] = Counter()
    for number, line in enumerate(data.read_text("utf-8").splitlines(), 1):
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].strip().isdigit():
            raise ValueError(f"{data}:{number}: expected latin, arabic letters and a count")
        word = normalize_word(parts[1].replace(" ", ""))
        if word:
            counts[word] += int(parts[2])
    return counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="wd_arabic_train.tsv")
    parser.add_argument("--out", type=Path, default=PATH)
    args = parser.parse_args(argv)
    counts = read_counts(args.data)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    args.out.write_text("".join(f"{w}\t{c}\n" for w, c in rows), "utf-8")
    print(f"{len(rows)} words: {args.out}")


if __name__ == "__main__":
    main()
