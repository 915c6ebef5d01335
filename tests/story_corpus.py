"""A small corpus with planted copies, for the story tests (build, update, collapsing).

The five seed articles, each dated, plus copies of two of them as other outlets
publish a wire report (a masthead, a new headline, paragraphs reordered or the
last one dropped), and a copy published a month later (outside the story window).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_texts() -> list[str]:
    return [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def reordered_copy(text: str, masthead: str) -> str:
    """The lede first, the other paragraphs reversed, a masthead on top."""
    lines = paragraphs(text)
    return "\n".join([masthead, lines[0], *reversed(lines[1:])])


def trimmed_copy(text: str) -> str:
    """Without its second paragraph (the last ones may be boilerplate cleaning removes)."""
    lines = paragraphs(text)
    return "\n".join(lines[:1] + lines[2:])


def story_records() -> list[dict[str, Any]]:
    """Eight articles: seeds 0-4 (sources a-e), a reordered copy of seed 2 a day earlier
    (source f), a copy of seed 1 without its second paragraph (source g), and seed 2
    again a month later (source h)."""
    texts = seed_texts()
    records = [
        {"id": f"seed{i}", "body": t, "source": "abcde"[i], "published": f"2024-03-0{i + 1}",
         "title": f"seed {i}"}
        for i, t in enumerate(texts)
    ]  # fmt: skip
    records.append({"id": "copy2", "body": reordered_copy(texts[2], "بكين - وكالات"),
                    "source": "f", "published": "2024-03-02", "title": "نسخة"})  # fmt: skip
    records.append({"id": "trim1", "body": trimmed_copy(texts[1]), "source": "g",
                    "published": "2024-03-02", "title": "مختصر"})  # fmt: skip
    records.append({"id": "late2", "body": texts[2], "source": "h",
                    "published": "2024-04-15", "title": "بعد شهر"})  # fmt: skip
    return records


def update_records() -> list[dict[str, Any]]:
    """What an update adds: a copy of seed 4 (joins its story) and an unrelated article."""
    texts = seed_texts()
    return [
        {"id": "copy4", "body": reordered_copy(texts[4], "لندن - رويترز"), "source": "i",
         "published": "2024-03-06", "title": "نسخة ثانية"},
        # seed 3's words in reverse order: the same vocabulary, none of its phrases
        {"id": "fresh", "body": " ".join(reversed(texts[3].split())), "source": "j",
         "published": "2024-03-04", "title": "جديد"},
    ]  # fmt: skip
