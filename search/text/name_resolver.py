"""Filter values named the way people name them: any known name of a source or actor.

A journalist types ``كونا``, ``KUNA`` or ``وكالة الأنباء الكويتية``; the index
stores one canonical value, ``وكالة الأنباء الكويتية (كونا)``. Filters resolve
what was typed to a value the index holds: the exact value first, then the
same value written differently (diacritics, hamza, spacing, Latin case), then
any spelling the outlets or alias tables list for a value this index holds.
A name nobody knows is kept as typed (it simply matches nothing).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from search.text.names import load_alias_table
from search.text.tokens import normalise_phrase


def name_key(name: str) -> str:
    """The form two spellings of one name share."""
    return " ".join(normalise_phrase(name))


#: The entry type of the outlets table (``outlets.json``), beside the names table's own.
OUTLET = "outlet"


@lru_cache(maxsize=16)
def known_names(types: frozenset[str]) -> dict[str, str]:
    """Every listed spelling's key → its canonical value, of the entries of ``types``
    (names-table types such as ``person`` or ``place``, or :data:`OUTLET`): a facet's
    registry row says which types name its values."""
    table: dict[str, str] = {}
    if OUTLET in types:
        raw = resources.files("search.data").joinpath("outlets.json").read_text("utf-8")
        for entry in json.loads(raw)["entries"]:
            names = [entry["canonical"], *entry.get("variants", ()), *entry.get("cued", ())]
            if entry.get("latin"):
                names.append(entry["latin"])
            for name in names:
                table.setdefault(name_key(name), entry["canonical"])
    for entry in load_alias_table()[1]:
        if entry.type not in types:
            continue
        names = [entry.canonical, *entry.variants, *entry.short, *entry.latin_names]
        for name in names:
            table.setdefault(name_key(name), entry.canonical)
    return table


class NameResolver:
    """Resolves typed names to the values of one index version's facet."""

    def __init__(self, labels: list[str], table: dict[str, str]) -> None:
        self._labels = set(labels)
        self._by_key: dict[str, str] = {}
        for label in labels:
            self._by_key.setdefault(name_key(label), label)
        for key, canonical in table.items():
            if canonical in self._labels:
                self._by_key.setdefault(key, canonical)

    def resolve(self, value: str) -> str:
        if value in self._labels:
            return value
        return self._by_key.get(name_key(value), value)

    def resolve_all(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """Resolved values, each once, in the order given."""
        return tuple(dict.fromkeys(self.resolve(v) for v in values))
