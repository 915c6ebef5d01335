"""The segment writer of a build worker: Whoosh's, with a faster way in and out.

Whoosh's ``SegmentWriter.add_document`` runs each field's analyzer, turns
every posting into a tuple for an external sort, and its flush writes the
sorted stream one posting at a time. Here, for the same documents:

* each text is analysed once for its exact and its stemmed field
  (:mod:`search.index.writer.word_table`); other indexed fields still go through Whoosh's
  own ``field.index``;
* postings go to compact in-memory arrays (:mod:`search.index.writer.posting_buffer`);
* the flush sorts and writes each field's postings from those arrays
  (:mod:`search.index.writer.postings_writer`).

Stored fields, columns and field lengths still go through Whoosh's per-
document writer, and the files written are byte for byte Whoosh's own.
"""

from __future__ import annotations

import os
from typing import Any

from whoosh import formats
from whoosh.writing import SegmentWriter

from search.index.writer.posting_buffer import FieldPostings, TokenField
from search.index.writer.posting_sort import RANGE_TOKENS, sort_items, sort_tokens
from search.index.writer.postings_writer import write_field
from search.index.writer.word_table import WordTable, field_variant
from search.store.compact_codec import CompactCodec

#: Formats the single pass can fill: weights are frequencies, values derive
#: from positions (``Existence`` counts each term once: Whoosh indexes it).
_DERIVABLE = (formats.Frequency, formats.Positions)


def segment_codec() -> Any:
    """Whoosh's W3 codec with compact, bit-packed posting blocks (a fraction of
    W3's bytes, decoded in bulk with numpy)."""
    return CompactCodec()


class WorkerSegmentWriter(SegmentWriter):
    """A segment writer with a temporary folder of its own and in-memory postings.

    Whoosh gives every writer of an index the same temporary folder and the
    first writer to finish deletes it, under the others' feet. Segments are
    written as separate files, not one compound file: a reader of a compound
    segment copies its postings into memory (hundreds of MB per searcher).
    """

    def __init__(self, ix: Any, limitmb: int, codec: Any = None) -> None:
        codec = codec or segment_codec()
        super().__init__(ix, _lk=False, limitmb=limitmb, compound=False, codec=codec)
        self._tempstorage = ix.storage.temp_storage(f"{ix.indexname}.{os.getpid()}.tmp")
        self._postings: dict[str, FieldPostings | TokenField] = {}
        self._words = WordTable()
        self.range_tokens = RANGE_TOKENS  # tokens sorted at a time when flushing
        self._variants = {
            name: _single_pass_variant(name, field) for name, field in self.schema.items()
        }
        unsupported = [n for n, f in self.schema.items() if f.vector or f.separate_spelling()]
        if unsupported:
            raise ValueError(f"term vectors and spelling fields are not supported: {unsupported}")

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document`` (stored overrides included), minus boosts."""
        self._check_state()
        if any(name.endswith("_boost") for name in fields):
            raise ValueError("boosts are not supported by the build writer")
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = self._index(fieldname, field, value, docnum) if field.indexed else 0
                stored = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, fieldname: str, field: Any, value: Any, docnum: int) -> int:
        """Buffer one field's postings; returns its length (0 if not scorable)."""
        postings = self._postings.get(fieldname)
        variant = self._variants[fieldname]
        if variant and isinstance(value, str):
            if postings is None:
                postings = self._postings[fieldname] = TokenField(field)
            if not isinstance(postings, TokenField):
                raise TypeError(f"{fieldname}: text and pre-analysed values in one segment")
            words, length = self._words.words(value, variant)
            postings.add_words(docnum, words, length)
        else:
            if postings is None:
                postings = self._postings[fieldname] = FieldPostings(field)
            if not isinstance(postings, FieldPostings):
                raise TypeError(f"{fieldname}: text and pre-analysed values in one segment")
            length = postings.add_items(docnum, field.index(value))
        return length if field.scorable else 0

    def buffered_bytes(self) -> int:
        """Memory the buffered postings take, and the flush would add: the
        largest field's again (fields are sorted one at a time)."""
        sizes = [p.held_bytes() for p in self._postings.values()]
        return sum(sizes) + max(sizes, default=0)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        blocklimit = self.codec._blocklimit
        for fieldname in sorted(self._postings):
            postings = self._postings.pop(fieldname)  # freed once written
            if not postings.doc_nums:
                continue
            if isinstance(postings, TokenField):
                variant = self._variants[fieldname]
                assert variant is not None
                positional = isinstance(postings.fieldobj.format, formats.Positions)
                terms = self._words.terms[variant]
                ranges = sort_tokens(postings, terms, positional, blocklimit, self.range_tokens)
            else:
                ranges = iter([sort_items(postings, blocklimit)])
            write_field(self.fieldwriter, fieldname, postings.fieldobj, ranges, self.codec)
        self.fieldwriter.close()


def _single_pass_variant(name: str, field: Any) -> str | None:
    """The analyzer variant of a field the single pass can index, else None."""
    if not field.indexed or type(field.format) not in _DERIVABLE:
        return None
    return field_variant(name)
