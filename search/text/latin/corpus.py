"""The Wikidata name pairs: read, folded, and split into training and development.

The development split is taken from the training file by a hash of the Latin
word (every tenth bucket), so one Latin word is never on both sides; the
release's own development and test slices are left alone for held-out checks.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from search.text.latin.fold import fold_latin, normalize_arabic

Pair = tuple[str, str, int]  # folded Latin, normalised Arabic, count


def read_pairs(path: Path) -> list[Pair]:
    """Every usable line of a ``latin<TAB>a r a b i c<TAB>count`` file, in file order."""
    pairs: list[Pair] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or not fields[2].isdigit():
                raise ValueError(f"{path}:{number}: expected latin, arabic letters, count")
            latin = fold_latin(fields[0])
            arabic = normalize_arabic(fields[1].replace(" ", ""))
            if latin and arabic:
                pairs.append((latin, arabic, int(fields[2])))
    return pairs


def is_development(latin: str) -> bool:
    return zlib.crc32(latin.encode("utf-8")) % 10 == 0


def split(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
    train = [p for p in pairs if not is_development(p[0])]
    dev = [p for p in pairs if is_development(p[0])]
    return train, dev
