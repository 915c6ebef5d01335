"""A segment's postings held in memory as flat arrays, one set per field.

Whoosh's writer turns every posting into a tuple, pushes it through an
external sort (pickling runs to disk once past its memory limit) and hands
the sorted stream to a posting writer one call per posting. A segment's
postings fit in memory when held compactly: per posting a term number and a
frequency (4 bytes each) and, for positional fields, the positions; per
document its number, its field length and where its postings end. Sorting
then happens once per field, on whole arrays (see :mod:`search.posting_blocks`).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

from search.doc_terms import TermPositions

_ITEM = 4  # bytes per array("I") item


class FieldPostings:
    """The postings of one field, in the order documents were added.

    Terms are numbered as first seen (``terms`` maps term → number; a text
    term is a ``str``, a term from Whoosh's own ``field.index`` is ``bytes``).
    Fields indexed by Whoosh keep its weights and encoded values as given.
    """

    def __init__(self, fieldobj: Any) -> None:
        self.fieldobj = fieldobj
        self.terms: dict[str | bytes, int] = {}
        self.tids = array("I")
        self.freqs = array("I")
        self.positions = array("I")
        self.weights: array | None = None  # only for postings from field.index
        self.values: list[bytes] | None = None  # likewise, when values vary in size
        self.doc_nums = array("I")
        self.doc_ends = array("I")
        self.doc_lengths = array("I")

    def add_terms(self, docnum: int, terms: TermPositions, positional: bool) -> int:
        """Add one document's analysed terms; returns the number of tokens."""
        numbers = self.terms
        tids = self.tids
        freqs = self.freqs
        length = 0
        for term, positions in terms.items():
            tid = numbers.get(term)
            if tid is None:
                tid = numbers[term] = len(numbers)
            tids.append(tid)
            count = len(positions)
            freqs.append(count)
            length += count
            if positional:
                self.positions.extend(positions)
        self._end_doc(docnum, length)
        return length

    def add_items(self, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]]) -> int:
        """Add what Whoosh's ``field.index`` gave for one document."""
        if self.weights is None:
            if self.tids:
                raise ValueError("a field takes analysed terms or Whoosh items, not both")
            self.weights = array("d")
            fixed = self.fieldobj.format.fixed_value_size()
            self.values = [] if fixed is None or fixed > 0 else None
        numbers = self.terms
        length = 0
        for tbytes, freq, weight, vbytes in items:
            tid = numbers.get(tbytes)
            if tid is None:
                tid = numbers[tbytes] = len(numbers)
            self.tids.append(tid)
            self.freqs.append(freq)
            self.weights.append(weight)
            if self.values is not None:
                self.values.append(vbytes)
            length += freq
        self._end_doc(docnum, length)
        return length

    def _end_doc(self, docnum: int, length: int) -> None:
        if len(self.tids) == (self.doc_ends[-1] if self.doc_ends else 0):
            return  # no postings: nothing to say about this document
        self.doc_nums.append(docnum)
        self.doc_ends.append(len(self.tids))
        self.doc_lengths.append(length if self.fieldobj.scorable else 0)

    def nbytes(self) -> int:
        """Approximate memory held, for the writer's limit."""
        items = len(self.tids) * 2 + len(self.positions) + len(self.doc_nums) * 3
        extra = len(self.tids) * 16 if self.weights is not None else 0
        return items * _ITEM + extra + len(self.terms) * 120
