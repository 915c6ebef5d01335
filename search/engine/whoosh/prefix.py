"""Prefix clauses (``بوت*``): the indexed words a normalised prefix stands for.

A prefix is expanded once per index reader and field into at most
:data:`MAX_PREFIX_TERMS` indexed terms, the most frequent first, looked for
among the first :data:`MAX_PREFIX_SCAN` terms of the lexicon that start with
it (in lexical order). Both bounds keep a short, common prefix (``ال*`` starts
most Arabic words) from reading tens of thousands of posting lists: the
expansion then stands for the prefix's commonest words, which is what a
reader of the results sees first anyway. The scan also stops when the
search's deadline passes (the search is then ``partial``).

The exact fields (``title``, ``body``) are expanded from the normalised
prefix, the stemmed fields from its light stem, so ``والبوت*`` finds
``بوتين`` through the stemmed variant as ``والبوتين`` would.
"""

from __future__ import annotations

import heapq
import threading
import weakref
from dataclasses import dataclass

from whoosh.reading import IndexReader

from search.engine.deadline import Deadline
from search.text.analyzers import analyze_word
from search.text.stemmer import stem_word

#: Indexed terms one prefix may stand for, per field (the most frequent).
MAX_PREFIX_TERMS = 64
#: Lexicon entries looked at per prefix and field, at most.
MAX_PREFIX_SCAN = 20_000
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
    """The prefix looked up in each field for a typed prefix token."""
    exact = analyze_word(token)[0] or ""
    stemmed = stem_word(exact) or exact
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
            return _top(found), False
        found.append((info.doc_frequency(), btext.decode("utf-8")))
    return _top(found), True


def _top(found: list[tuple[int, str]]) -> tuple[str, ...]:
    best = heapq.nsmallest(MAX_PREFIX_TERMS, found, key=lambda item: (-item[0], item[1]))
    return tuple(term for _, term in best)


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
