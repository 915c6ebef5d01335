"""Prefix clauses (``بوت*``) on a Whoosh index: the indexed words a prefix stands for.

Which words a prefix keeps is :mod:`search.request.prefix_rule`'s rule (the most
frequent among the first words the lexicon lists), shared with the Solr
engine so both count the same articles. Here the lexicon is the reader's; a
prefix is expanded once per reader and field, and the scan also stops when
the search's deadline passes (the search is then ``partial``).
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

from whoosh.reading import IndexReader

from search.request.deadline import Deadline
from search.request.prefix_rule import MAX_PREFIX_SCAN, most_frequent, prefix_forms

#: Prefixes remembered per reader (each a few dozen short strings).
_CACHE_ENTRIES = 4096
_CHECK_EVERY = 256

EXACT_FIELDS = ("title", "body")
STEM_FIELDS = ("title_stem", "body_stem")


@dataclass(frozen=True)
class PrefixTerms:
    """The indexed terms a prefix stands for, per field."""

    fields: dict[str, tuple[str, ...]]

    def exact(self) -> set[str]:
        return {t for name in EXACT_FIELDS for t in self.fields.get(name, ())}

    def stemmed(self) -> set[str]:
        return {t for name in STEM_FIELDS for t in self.fields.get(name, ())}


_cache: weakref.WeakKeyDictionary[IndexReader, dict[tuple[str, str], tuple[str, ...]]] = (
    weakref.WeakKeyDictionary()
)
_lock = threading.Lock()


def field_prefixes(token: str) -> dict[str, str]:
    """The prefix looked up in each field for a typed prefix token (none: no field)."""
    forms = prefix_forms(token)
    if forms is None:
        return {}
    exact, stemmed = forms
    return {**{f: exact for f in EXACT_FIELDS}, **{f: stemmed for f in STEM_FIELDS}}


def _scan(
    reader: IndexReader, fieldname: str, prefix: str, deadline: Deadline | None
) -> tuple[tuple[str, ...], bool]:
    """The field's most frequent terms starting with ``prefix``; and whether
    the scan finished (an answer cut short by the deadline is not kept)."""
    found: list[tuple[int, str]] = []
    if fieldname not in reader.schema:
        return (), True
    for n, (btext, info) in enumerate(reader.iter_prefix(fieldname, prefix)):
        if n >= MAX_PREFIX_SCAN:
            break
        if n % _CHECK_EVERY == 0 and deadline is not None and deadline.expired():
            return most_frequent(found), False
        found.append((info.doc_frequency(), btext.decode("utf-8")))
    return most_frequent(found), True


def expand_prefix(reader: IndexReader, token: str, deadline: Deadline | None = None) -> PrefixTerms:
    """The terms ``token*`` stands for in each text field (remembered per reader)."""
    with _lock:
        known = _cache.setdefault(reader, {})
    fields: dict[str, tuple[str, ...]] = {}
    for fieldname, prefix in field_prefixes(token).items():
        key = (fieldname, prefix)
        terms = known.get(key)
        if terms is None:
            terms, complete = _scan(reader, fieldname, prefix, deadline)
            if complete:
                with _lock:
                    if len(known) >= _CACHE_ENTRIES:
                        known.clear()
                    known[key] = terms
        fields[fieldname] = terms
    return PrefixTerms(fields)
