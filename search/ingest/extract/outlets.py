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
from typing import TYPE_CHECKING

from search.text.phrase_table import MARKED, PhraseMatch, PhraseTable, Word, normalise_phrase

if TYPE_CHECKING:  # lines → boilerplate → outlets: only the annotation is needed here
    from search.ingest.extract.lines import CleanedText


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
    longest: int  # words in the longest outlet name, cued or not


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
    longest = max(anywhere.longest, cued.longest)
    return OutletTables(raw["version"], anywhere, cued, cues, longest)


def outlet_named(name: str, word_count: int | None = None) -> Outlet | None:
    """The outlet whose name is exactly ``name`` (cued spellings included).

    ``word_count``, when the caller has counted the words, lets a line longer than any
    outlet name be ruled out without tokenising it (cleaning asks for every line).
    """
    tables = outlet_tables()
    if word_count is not None and word_count > tables.longest:
        return None
    key = normalise_phrase(name)
    return tables.anywhere.get(key) or tables.cued.get(key)


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


def find_outlets(
    words: Sequence[Word], norms: list[str] | None = None
) -> list[PhraseMatch[Outlet]]:
    """Outlet mentions in running text: unambiguous names, or cued ones after a cue.

    The same left-to-right longest-match scan as ``anywhere.scan`` with the cued
    table as fallback, but only words where either table has a phrase start
    are visited: nearly every word of an article has none. ``norms`` as for
    :meth:`PhraseTable.starts_in`.
    """
    norms = [w.norm for w in words] if norms is None else norms
    tables = outlet_tables()
    anywhere, cued = tables.anywhere, tables.cued
    anywhere_starts = anywhere.starts_in(words, norms=norms)
    cued_starts = cued.starts_in(words, norms=norms)
    found: list[PhraseMatch[Outlet]] = []
    taken_to = 0
    for index in sorted({*anywhere_starts, *cued_starts}):
        if index < taken_to:
            continue
        starts = anywhere_starts.get(index)
        match = anywhere.longest_match(words, index, starts) if starts else None
        cued_at = cued_starts.get(index)
        if match is None and cued_at:
            match = cued.longest_match(words, index, cued_at)
            if match is not None and not _cue_before(words, index):
                match = None
        if match is not None:
            found.append(match)
            taken_to = index + match.length
    return found


def content_outlets(cleaned: CleanedText) -> list[PhraseMatch[Outlet]]:
    """:func:`find_outlets` over the article's content words, once per article."""
    words, norms = cleaned.content_words(), cleaned.content_norms()
    return cleaned.on_content("outlets", lambda: find_outlets(words, norms))
