"""The root-key expansion table of a version: stems of the index that share a root key.

The ranking adds a little score for a query word's inflections (``يلعبون`` ↔
``لعب``); which stems of the index are inflections of one another is read
once from the ``body_stem`` lexicon when a version is written, and saved
beside it (``expansions.json``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh.reading import IndexReader

from search.store.layout import EXPANSIONS_FILE

_ROOT_PREFIXES = ("ست", "ت", "ي", "ن", "ا", "م")
_ROOT_SUFFIXES = ("وا", "ت", "ي", "ا", "و", "ن", "ه")


def root_key(stem: str) -> str:
    """A coarser key than the light stem, joining inflections of one word.

    Used only to add score to documents that match a long query anyway
    (``يلعبون`` ↔ ``لعب``, ``تحسن`` ↔ ``حسن``), never to match or to index, so
    its collisions (``اصلاح`` ↔ ``صلاح``) cost little.
    """
    for _ in range(2):
        for prefix in _ROOT_PREFIXES:
            if stem.startswith(prefix) and len(stem) - len(prefix) >= 3:
                stem = stem[len(prefix) :]
                break
    for _ in range(2):
        for suffix in _ROOT_SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                stem = stem[: -len(suffix)]
                break
    return stem


def build_expansions(reader: IndexReader) -> dict[str, list[str]]:
    """root key → stemmed terms of the index sharing it (read once per version)."""
    return expansions_of(reader.lexicon("body_stem"))


def expansions_of(stems: Iterable[bytes]) -> dict[str, list[str]]:
    """The expansion table of a ``body_stem`` lexicon, walked in term order."""
    groups: dict[str, list[str]] = {}
    for btext in stems:
        term = btext.decode("utf-8")
        if term and "\u0600" <= term[0] <= "\u06ff":
            groups.setdefault(root_key(term), []).append(term)
    return {key: terms for key, terms in groups.items() if len(terms) > 1}


def save_expansions(version_dir: Path, index: Any, stems: Iterable[bytes] | None = None) -> None:
    """Write the expansion table beside a finished version (read at open); ``stems``:
    the ``body_stem`` lexicon, when the caller walks it anyway (the walk is most of the
    work)."""
    if stems is None:
        with index.reader() as reader:
            table = build_expansions(reader)
    else:
        table = expansions_of(stems)
    (version_dir / EXPANSIONS_FILE).write_text(json.dumps(table, ensure_ascii=False), "utf-8")


def load_expansions(version_dir: Path, index: Any) -> dict[str, list[str]]:
    """The saved table, or one built now for versions written without it."""
    try:
        return json.loads((version_dir / EXPANSIONS_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        with index.reader() as reader:
            return build_expansions(reader)
