"""A fixed, seeded mix of news queries drawn from the corpus itself.

Used by ``bench/speed.py``: the same list of queries runs on Bahth and on
tantivy, at every scale. Words come from article titles (Arabic letters only,
so no engine's query syntax is triggered), skipping stopword-like words: one
letter long, three letters or fewer and in more than 1% of titles (في, من,
على, بعد ...), or in more than 5% of titles. Each query is anchored on one
random article, so filtered queries (its source, its month, one of its
actors) usually match something.

Classes, in proportion to the requested size (300 by default):

* ``word1``/``words2``/``words3``: 1, 2 or 3 words of one title, in order;
* ``phrase``: two adjacent title words, quoted;
* ``source``: 1–2 words plus the article's source (sometimes a second one);
* ``actor``: 1–2 words of an article carrying the actor, filtered on it;
* ``date``: 1–2 words plus a month range in 2018 around the article's month;
* ``browse``: no words, one filter (a source, an actor or a month range).
"""

from __future__ import annotations

import calendar
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import read_jsonl  # noqa: E402  (the sibling bench's (.gz) JSONL reader)

CLASSES = {
    "word1": 50,
    "words2": 40,
    "words3": 30,
    "phrase": 40,
    "source": 40,
    "actor": 30,
    "date": 30,
    "browse": 40,
}
SEED = 5
YEAR = 2018
_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")  # Arabic letters, no tatweel or marks


@dataclass(frozen=True)
class MixQuery:
    """One query of the mix: words plus filters (dates as ``YYYY-MM-DD``)."""

    kind: str
    q: str = ""
    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MixQuery:
        data = dict(data, sources=tuple(data["sources"]), actors=tuple(data["actors"]))
        return cls(**data)


@dataclass(frozen=True)
class Article:
    title: str
    source: str
    month: int  # 1-12 when published in YEAR, else 0


def scaled_corpus(corpus: Path, scale: int, workdir: Path) -> Path:
    """The corpus copied ``scale`` times with new ids, as plain JSONL."""
    if scale == 1:
        return corpus
    out = workdir / f"ant_x{scale}.jsonl"
    if not out.exists():
        tmp = out.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as handle:
            for copy in range(1, scale + 1):
                for rec in read_jsonl(corpus):
                    rec["doc_id"] = f"{rec['doc_id']}-c{copy}"
                    handle.write(json.dumps(rec, ensure_ascii=False) + "\n")
        tmp.rename(out)
    return out


def read_articles(corpus: Path) -> list[Article]:
    """Title, source and month of every article with a body."""
    out = []
    for rec in read_jsonl(corpus):
        if not str(rec.get("text") or "").strip():
            continue
        stamp = str(rec.get("time_iso") or "")
        month = int(stamp[5:7]) if stamp.startswith(str(YEAR)) else 0
        out.append(Article(str(rec.get("title") or ""), str(rec.get("source") or ""), month))
    return out


def stopword_like(titles: Sequence[str]) -> set[str]:
    """Words too frequent (or too short) to make a query on their own."""
    df = Counter(w for t in titles for w in set(_WORD.findall(t)))
    n = max(len(titles), 1)
    return {w for w, c in df.items() if len(w) == 1 or (len(w) <= 3 and c > n / 100) or c > n / 20}


def _month_range(rng: random.Random, month: int) -> tuple[str, str]:
    """A 1–3 month range in YEAR that contains ``month``."""
    length = rng.randint(1, 3)
    first = max(1, min(month - rng.randint(0, length - 1), 13 - length))
    last = first + length - 1
    end_day = calendar.monthrange(YEAR, last)[1]
    return f"{YEAR}-{first:02d}-01", f"{YEAR}-{last:02d}-{end_day:02d}"


class _Drawer:
    def __init__(self, articles: list[Article], actors: list[tuple[str, list[str]]], seed: int):
        self.rng = random.Random(seed)
        self.articles = articles
        self.actors = [(name, titles) for name, titles in actors if titles]
        self.skip = stopword_like([a.title for a in articles])
        self.sources = sorted({a.source for a in articles if a.source})

    def words(self, title: str) -> list[str]:
        return [w for w in _WORD.findall(title) if w not in self.skip]

    def article(self, need: int, dated: bool = False) -> tuple[Article, list[str]]:
        while True:
            art = self.rng.choice(self.articles)
            words = self.words(art.title)
            if len(words) >= need and (art.month or not dated):
                return art, words

    def pick(self, words: list[str], k: int) -> str:
        chosen = sorted(self.rng.sample(range(len(words)), k))
        return " ".join(words[i] for i in chosen)

    def phrase(self) -> str:
        while True:
            art = self.rng.choice(self.articles)
            all_words = _WORD.findall(art.title)
            pairs = [
                (a, b)
                for a, b in zip(all_words, all_words[1:], strict=False)
                if not ({a, b} <= self.skip)
            ]
            if pairs:
                return '"{} {}"'.format(*self.rng.choice(pairs))

    def actor(self) -> tuple[str, str]:
        if not self.actors:  # an index without actors: the words alone
            return "", self.pick(self.article(1)[1], 1)
        name, titles = self.rng.choice(self.actors)
        for _ in range(20):
            words = self.words(self.rng.choice(titles))
            if words:
                return name, self.pick(words, min(len(words), self.rng.randint(1, 2)))
        return name, ""

    def query(self, kind: str) -> MixQuery:
        if kind in ("word1", "words2", "words3"):
            k = int(kind[-1])
            _, words = self.article(k)
            return MixQuery(kind, self.pick(words, k))
        if kind == "phrase":
            return MixQuery(kind, self.phrase())
        k = self.rng.randint(1, 2)
        if kind == "source":
            art, words = self.article(k)
            sources = {art.source}
            if self.rng.random() < 0.25:
                sources.add(self.rng.choice(self.sources))
            return MixQuery(kind, self.pick(words, k), sources=tuple(sorted(sources)))
        if kind == "actor":
            name, q = self.actor()
            return MixQuery(kind, q, actors=(name,) if name else ())
        if kind == "date":
            art, words = self.article(k, dated=True)
            start, end = _month_range(self.rng, art.month)
            return MixQuery(kind, self.pick(words, k), date_from=start, date_to=end)
        which = self.rng.choice(("source", "actor", "date"))
        if which == "source":
            return MixQuery(kind, sources=(self.rng.choice(self.sources),))
        if which == "actor" and self.actors:
            return MixQuery(kind, actors=(self.rng.choice(self.actors)[0],))
        start, end = _month_range(self.rng, self.rng.randint(2, 10))
        return MixQuery(kind, date_from=start, date_to=end)


def make_mix(
    articles: list[Article],
    actors: list[tuple[str, list[str]]],
    size: int = 300,
    seed: int = SEED,
) -> list[MixQuery]:
    """The mix: ``size`` queries split over :data:`CLASSES` by their shares.

    ``actors`` are (actor, titles of articles carrying it) pairs, most
    frequent actor first; the same inputs always give the same mix.
    """
    drawer = _Drawer(articles, actors, seed)
    total = sum(CLASSES.values())
    counts = {kind: round(size * share / total) for kind, share in CLASSES.items()}
    counts["word1"] += size - sum(counts.values())
    mix = [drawer.query(kind) for kind, n in counts.items() for _ in range(n)]
    random.Random(seed + 1).shuffle(mix)
    return mix
