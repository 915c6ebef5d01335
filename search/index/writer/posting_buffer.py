"""A segment's postings held in memory as flat arrays, one set per field.

Whoosh's writer turns every posting into a tuple, pushes it through an
external sort (pickling runs to disk once past its memory limit) and hands
the sorted stream to a posting writer one call per posting. A segment fits
in memory when held compactly, and sorting then happens once per field on
whole arrays (:mod:`search.index.writer.posting_sort`):

* a text field keeps its token stream, 4 bytes a token (the word numbers of
  :class:`search.index.writer.word_table.WordTable`), from which postings, frequencies and
  positions all follow;
* a field Whoosh indexes itself keeps, per posting, a term number, frequency,
  weight and encoded value as ``field.index`` gave them.

Both keep, per document, its number, its field length and where it ends.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from typing import Any

#: Memory a buffered posting of a Whoosh-indexed field takes, with its sort.
POSTING_BYTES = 64


class _Documents:
    """Per document with something in the field: number, length, end."""

    def __init__(self, fieldobj: Any) -> None:
        self.fieldobj = fieldobj
        self.doc_nums = array("I")
        self.doc_ends = array("I")
        self.doc_lengths = array("I")

    def _end_doc(self, docnum: int, end: int, length: int) -> None:
        if end == (self.doc_ends[-1] if self.doc_ends else 0):
            return  # nothing from this document
        self.doc_nums.append(docnum)
        self.doc_ends.append(end)
        self.doc_lengths.append(length if self.fieldobj.scorable else 0)


class TokenField(_Documents):
    """A text field's tokens, as word numbers in document then position order."""

    def __init__(self, fieldobj: Any) -> None:
        super().__init__(fieldobj)
        self.tokens = array("I")

    def add_words(self, docnum: int, words: list[int], length: int) -> None:
        """Add one document's words; ``length`` counts those the variant keeps."""
        self.tokens.extend(words)
        self._end_doc(docnum, len(self.tokens), length)

    def held_bytes(self) -> int:
        """Memory the buffer holds (the flush adds as much for the largest
        field, plus the fixed working memory of one term range)."""
        return len(self.tokens) * self.tokens.itemsize


class FieldPostings(_Documents):
    """Postings of a field indexed by Whoosh's ``field.index``, as given.

    Terms are numbered as first seen (``terms`` maps term bytes → number).
    """

    def __init__(self, fieldobj: Any) -> None:
        super().__init__(fieldobj)
        self.terms: dict[bytes, int] = {}
        self.tids = array("I")
        self.freqs = array("I")
        self.weights = array("d")
        fixed = fieldobj.format.fixed_value_size()
        self.values: list[bytes] | None = [] if fixed is None or fixed > 0 else None

    def add_items(self, docnum: int, items: Iterable[tuple[bytes, int, float, bytes]]) -> int:
        """Add what Whoosh's ``field.index`` gave for one document; returns
        the sum of frequencies (Whoosh's field length)."""
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
        self._end_doc(docnum, len(self.tids), length)
        return length

    def held_bytes(self) -> int:
        """Memory the buffer holds, counting its sort at flush."""
        return len(self.tids) * POSTING_BYTES
