"""The versioned alias table: canonical names, types and spelling variants.

The table (``search/data/aliases.json``) serves two consumers: actor
extraction (every spelling → one canonical facet value) and the analyzer's
:class:`~search.text.analyzers.SpellingVariantFilter`, which needs the word-level
differences between spellings (``بينج`` → ``بينغ``) so that a query in any
spelling finds every other.

Entry fields: ``canonical``, ``type`` (``person``, ``organisation``,
``country``, ``place`` or ``term``), ``latin``, ``variants`` (match anywhere),
and optionally ``short`` (forms such as ``شي`` that only count inside a
document that already named the person in full) and ``adjectives`` (a
country's nationality adjective, masculine singular: ``صيني`` yields
``الصيني``, ``الصينية``, ``صينيون``…). ``place`` and ``term`` entries never
become actors; a ``term`` exists so that its longer match keeps a shorter
alias from firing (``أمريكا اللاتينية`` is not the United States).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Alias types that become actor facet values.
ACTOR_TYPES = frozenset({"person", "organisation", "country"})


@dataclass(frozen=True)
class AliasEntry:
    """One named thing: its canonical name, type and every known spelling."""

    canonical: str
    type: str
    variants: tuple[str, ...]
    latin: str | None = None
    short: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    #: Every Latin spelling (``"latin"`` is a string or a list; the first is ``latin``).
    latin_names: tuple[str, ...] = ()


def _latin_names(value: str | list[str] | None) -> tuple[str, ...]:
    """An entry's ``"latin"``: one name or a list of them (``["Putin", "Poutine"]``)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


@lru_cache(maxsize=1)
def load_alias_table() -> tuple[str, tuple[AliasEntry, ...]]:
    """Return ``(version, entries)`` from the packaged JSON table."""
    raw = json.loads(resources.files("search.data").joinpath("aliases.json").read_text("utf-8"))
    entries = tuple(
        AliasEntry(
            canonical=e["canonical"],
            type=e["type"],
            variants=tuple(e.get("variants", ())),
            latin=_latin_names(e.get("latin"))[0] if e.get("latin") else None,
            short=tuple(e.get("short", ())),
            adjectives=tuple(e.get("adjectives", ())),
            latin_names=_latin_names(e.get("latin")),
        )
        for e in raw["entries"]
    )
    return raw["version"], entries


def adjective_forms(stem: str) -> tuple[str, ...]:
    """Inflected forms of a nationality adjective given as masculine singular."""
    bases = (stem, stem + "ة", stem + "ون", stem + "ين", stem + "ان", stem + "ا")
    return bases + tuple("ال" + b for b in bases[:5])


def _uninflected(word: str) -> str:
    """``word`` without gender/number endings, for telling inflection from spelling."""
    changed = True
    while changed:
        changed = False
        for suffix in ("ون", "ين", "ان", "يه", "ه", "ي", "ا"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word, changed = word[: -len(suffix)], True
                break
    return word


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _is_spelling_variant(src: str, dst: str) -> bool:
    """Two spellings of one word (``بينج``/``بينغ``), not two different words."""
    if min(len(src), len(dst)) < 3:
        return False
    if _uninflected(src) == _uninflected(dst):
        return False  # الشمالي/الشماليون: gender or number, not spelling
    return _edit_distance(src, dst) <= max(1, min(len(src), len(dst)) // 3)


@lru_cache(maxsize=1)
def token_spelling_variants() -> dict[str, str]:
    """Normalised variant word → canonical word, for the analyzer.

    Spellings with as many words as the canonical name are aligned word by
    word; only differing words that are close in spelling become variants, so
    ``شي جين بينج`` contributes ``بينج → بينغ`` and nothing for ``شي`` or
    ``جين``, and a synonym (``مجلس الأمن الأممي``/``الدولي``) contributes
    nothing. A word that is itself part of some canonical name is never
    rewritten.
    """
    from search.text.phrase_table import normalise_phrase

    entries = load_alias_table()[1]
    canonical_words = {w for e in entries for w in normalise_phrase(e.canonical)}
    mapping: dict[str, str] = {}
    for entry in entries:
        canonical = normalise_phrase(entry.canonical)
        for variant in entry.variants:
            words = normalise_phrase(variant)
            if len(words) != len(canonical):
                continue
            for src, dst in zip(words, canonical, strict=True):
                if src != dst and src not in canonical_words and _is_spelling_variant(src, dst):
                    mapping.setdefault(src, dst)
    return mapping
