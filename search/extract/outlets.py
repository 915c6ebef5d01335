"""The shipped outlets table: one canonical name per news outlet or agency.

``كونا``, ``KUNA`` and ``وكالة الأنباء الكويتية`` are one outlet, so they must
be one facet value. Names that are also ordinary words (``العربية``,
``الجزيرة``, ``الشرق الأوسط``, ``الوطن``) are listed as *cued* spellings: they
only count right after a cue word (``قناة``, ``صحيفة``, ``وكالة``…), or when
they stand alone as a credit line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from search.extract.words import MARKED, PhraseMatch, PhraseTable, Word, normalise_phrase


@dataclass(frozen=True)
class Outlet:
    """A publisher or agency: canonical name, kind (agency, newspaper, …)."""

    canonical: str
    kind: str
    latin: str | None = None


@dataclass(frozen=True)
class OutletTables:
    """Look-up tables built once from ``outlets.json``."""

    version: str
    anywhere: PhraseTable[Outlet]
    cued: PhraseTable[Outlet]
    cues: PhraseTable[bool]


@lru_cache(maxsize=1)
def outlet_tables() -> OutletTables:
    """Load and index the outlets table (cached for the process)."""
    raw = json.loads(resources.files("search.data").joinpath("outlets.json").read_text("utf-8"))
    anywhere: PhraseTable[Outlet] = PhraseTable()
    cued: PhraseTable[Outlet] = PhraseTable()
    cues: PhraseTable[bool] = PhraseTable()
    for cue in raw.get("cues", ()):
        cues.add(cue, True)
    for entry in raw["entries"]:
        outlet = Outlet(entry["canonical"], entry["kind"], entry.get("latin"))
        ambiguous = entry.get("cued", ())
        for name in (entry["canonical"], *entry.get("variants", ())):
            if name not in ambiguous:
                anywhere.add(name, outlet)
        for name in ambiguous:
            cued.add(name, outlet)
        if entry.get("latin"):
            anywhere.add(entry["latin"], outlet)
    return OutletTables(raw["version"], anywhere, cued, cues)


def outlet_named(name: str) -> Outlet | None:
    """The outlet whose name is exactly ``name`` (cued spellings included)."""
    tables = outlet_tables()
    words = normalise_phrase(name)
    return tables.anywhere.get(words) or tables.cued.get(words)


def _cue_before(words: Sequence[Word], index: int) -> bool:
    """Is ``words[index]`` preceded by a cue such as ``صحيفة`` or ``وكالة أنباء``?"""
    if index == 0 or words[index].gap > MARKED:
        return False
    cues = outlet_tables().cues
    for back in (1, 2):
        start = index - back
        if start < 0 or any(w.gap > MARKED for w in words[start + 1 : index]):
            break
        match = cues.match_at(words, start)
        if match is not None and start + match.length == index:
            return True
    return False


def find_outlets(words: Sequence[Word]) -> list[PhraseMatch[Outlet]]:
    """Outlet mentions in running text: unambiguous names, or cued ones after a cue."""
    tables = outlet_tables()

    def cued(words: Sequence[Word], index: int) -> PhraseMatch[Outlet] | None:
        match = tables.cued.match_at(words, index)
        return match if match is not None and _cue_before(words, index) else None

    return tables.anywhere.scan(words, fallback=cued)
