"""The versioned alias table: canonical names, types and spelling variants.

The table (``search/data/aliases.json``) serves two consumers: actor
extraction (every spelling → one canonical facet value) and the analyzer's
:class:`~search.analysis.SpellingVariantFilter`, which needs the word-level
differences between spellings (``بينج`` → ``بينغ``) so that a query in any
spelling finds every other.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class AliasEntry:
    """One named thing: its canonical name, type and every known spelling."""

    canonical: str
    type: str
    variants: tuple[str, ...]
    latin: str | None = None


@lru_cache(maxsize=1)
def load_alias_table() -> tuple[str, tuple[AliasEntry, ...]]:
    """Return ``(version, entries)`` from the packaged JSON table."""
    raw = json.loads(resources.files("search.data").joinpath("aliases.json").read_text("utf-8"))
    entries = tuple(
        AliasEntry(
            canonical=e["canonical"],
            type=e["type"],
            variants=tuple(e.get("variants", ())),
            latin=e.get("latin"),
        )
        for e in raw["entries"]
    )
    return raw["version"], entries


@lru_cache(maxsize=1)
def token_spelling_variants() -> dict[str, str]:
    """Normalised variant word → canonical word, for the analyzer.

    Spellings with as many words as the canonical name are aligned word by
    word; only differing words become variants, so ``شي جين بينج`` contributes
    ``بينج → بينغ`` and nothing for ``شي`` or ``جين``.
    """
    from search.analysis import TOKEN_PATTERN, fold_word

    def words_of(name: str) -> list[str]:
        return [fold_word(m.group()) for m in TOKEN_PATTERN.finditer(name)]

    mapping: dict[str, str] = {}
    for entry in load_alias_table()[1]:
        canonical = words_of(entry.canonical)
        for variant in entry.variants:
            words = words_of(variant)
            if len(words) != len(canonical):
                continue
            for src, dst in zip(words, canonical, strict=True):
                if src != dst:
                    mapping.setdefault(src, dst)
    return mapping
