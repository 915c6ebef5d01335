"""A field's postings sorted by term bytes then document, with block statistics.

Two kinds of buffered field become the same sorted arrays here: the token
streams of text fields (:class:`search.index.writer.posting_buffer.TokenField`), turned
into postings by one stable sort of their tokens, and the per-posting items
of fields Whoosh indexes itself (:class:`search.index.writer.posting_buffer.FieldPostings`).
Arrays are as narrow as their values allow and buffers are released as soon
as they are sorted: a large segment's flush must not need several times the
memory its buffer took.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

import numpy as np
from whoosh.util.numeric import _length_byte_cache

from search.index.writer.posting_buffer import FieldPostings, TokenField

#: Tokens sorted at a time when a text field is written (about 40 bytes each
#: of working memory).
RANGE_TOKENS = 1 << 20

_LENGTH_BYTES = np.frombuffer(_length_byte_cache, dtype=np.int32).astype(np.int64)


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's ``length_to_byte`` over an array: a field length's 0-255 code."""
    codes = np.searchsorted(_LENGTH_BYTES, lengths, side="left")
    return np.where(lengths >= 106374, 255, codes)


def _byte_order(terms: Sequence[str | bytes]) -> tuple[list[bytes], np.ndarray]:
    """Terms as bytes in Whoosh's order, and each term number's rank in it."""
    keys = [t.encode("utf-8") if isinstance(t, str) else t for t in terms]
    by_bytes = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(len(by_bytes), dtype=np.int32)
    rank[by_bytes] = np.arange(len(by_bytes), dtype=np.int32)
    return [keys[t] for t in by_bytes], rank


def _doc_codes(doc_lengths: array) -> np.ndarray:
    lengths = np.frombuffer(doc_lengths, dtype=np.uint32).astype(np.int64)
    return length_bytes(lengths).astype(np.int16)


class SortedField:
    """Sorted postings (``docs``, ``freqs``, optional weights, values and
    positions) with the per-block statistics the block writer needs."""

    def __init__(
        self,
        keys: list[bytes],
        counts: np.ndarray,
        docs: np.ndarray,
        length_codes: np.ndarray,
        freqs: np.ndarray,
        boost: float,
        blocklimit: int,
    ) -> None:
        self.keys = keys
        self.counts = counts
        self.docs = docs
        self.length_codes = length_codes
        self.freqs = freqs
        self.boost = boost
        self.weights: np.ndarray | None = None  # None: the frequencies times the boost
        self.values: list[bytes] | None = None
        self.positions: np.ndarray | None = None  # in posting order from position_offsets
        self.position_offsets = np.zeros(0, dtype=np.uint32)
        self.blocklimit = blocklimit

    def singles(self, first: int, last: int) -> np.ndarray:
        """Weights of postings ``first:last`` as blocks store them (float32)."""
        if self.weights is None:
            return (self.freqs[first:last] * self.boost).astype(np.float32)
        return self.weights[first:last].astype(np.float32)

    def block_stats(self) -> SortedField:
        """Block boundaries and statistics (nothing to do without postings:
        every word of the field was one its variant drops)."""
        if not len(self.docs):
            return self
        counts = self.counts
        self.term_ends = np.cumsum(counts)
        term_starts = self.term_ends - counts
        # Blocks of ``blocklimit`` postings; each term starts a new block.
        self.term_blocks = (counts + self.blocklimit - 1) // self.blocklimit
        block_term = np.repeat(np.arange(len(counts)), self.term_blocks)
        first_block = np.cumsum(self.term_blocks) - self.term_blocks
        in_term = np.arange(len(block_term)) - first_block[block_term]
        starts = term_starts[block_term] + in_term * self.blocklimit
        self.starts = starts
        self.ends = np.append(starts[1:], len(self.docs)).astype(np.int64)
        # Ids are stored as deltas, restarting from zero in every block.
        docs = self.docs
        self.first_ids = docs[starts]
        self.last_ids = docs[self.ends - 1]
        deltas = np.diff(docs, prepend=0)
        deltas[starts] = self.first_ids
        self.deltas = deltas
        del self.docs, docs
        singles = self.singles(0, len(deltas))
        self.min_single = np.minimum.reduceat(singles, starts)
        self.max_single = np.maximum.reduceat(singles, starts)
        self.sum_single = np.add.reduceat(singles, starts, dtype=np.float64)
        del singles
        if self.weights is None:
            self.max_weight = np.maximum.reduceat(self.freqs, starts) * self.boost
        else:
            self.max_weight = np.maximum.reduceat(self.weights, starts)
        codes = self.length_codes
        self.min_code = np.minimum.reduceat(np.where(codes == 0, 256, codes), starts) % 256
        self.max_code = np.maximum.reduceat(codes, starts)
        del self.length_codes, codes
        return self

    def position_deltas(self, first: int, last: int) -> np.ndarray:
        """Postings ``first:last``'s positions, one run after another, as
        deltas (each run's first position absolute)."""
        assert self.positions is not None
        freqs = self.freqs[first:last].astype(np.int64)
        starts = np.cumsum(freqs) - freqs
        gather = np.repeat(self.position_offsets[first:last].astype(np.int64) - starts, freqs)
        positions = self.positions[gather + np.arange(len(gather))].astype(np.int64)
        deltas = np.diff(positions, prepend=0)
        deltas[starts] = positions[starts]
        return deltas


def sort_items(postings: FieldPostings, blocklimit: int) -> SortedField:
    """Sort the postings Whoosh's ``field.index`` gave, keeping its weights and values."""
    keys, rank = _byte_order(list(postings.terms))
    postings.terms = {}
    ranks = rank[np.frombuffer(postings.tids, dtype=np.uint32)]
    postings.tids = array("I")
    order = np.argsort(ranks, kind="stable")  # stable: documents stay ascending
    counts = np.bincount(ranks, minlength=len(rank))
    del ranks, rank
    per_doc = np.diff(np.frombuffer(postings.doc_ends, dtype=np.uint32), prepend=0)
    docs = np.frombuffer(postings.doc_nums, dtype=np.uint32).astype(np.int32)
    codes = np.repeat(_doc_codes(postings.doc_lengths), per_doc)[order]
    freqs = np.frombuffer(postings.freqs, dtype=np.uint32)[order]
    boost = postings.fieldobj.format.field_boost
    field = SortedField(
        keys, counts, np.repeat(docs, per_doc)[order], codes, freqs, boost, blocklimit
    )
    field.weights = np.frombuffer(postings.weights, dtype=np.float64)[order]
    if postings.values is not None:
        field.values = [postings.values[i] for i in order]
    return field.block_stats()


def sort_tokens(
    tokens: TokenField,
    word_terms: list[str | None],
    positional: bool,
    blocklimit: int,
    range_tokens: int = RANGE_TOKENS,
) -> Iterator[SortedField]:
    """Turn a text field's token stream into sorted postings, in term ranges.

    ``word_terms`` gives each word number's term in this field's variant
    (None: the variant drops the word). Tokens are in document then position
    order, so a stable sort by term rank leaves each term's tokens grouped by
    document with positions ascending: a posting is a run of equal term and
    document, its frequency the run's length, its positions the run's. The
    terms are taken in successive ranges of about ``range_tokens`` tokens,
    so the sort's working memory does not grow with the segment.
    """
    stream = np.frombuffer(tokens.tokens, dtype=np.uint32)
    if len(stream) >= 1 << 31:
        raise ValueError("too many tokens for one segment")
    used = np.flatnonzero(np.bincount(stream, minlength=len(word_terms))).tolist()
    numbers: dict[str, int] = {}
    word_term = np.full(len(word_terms), -1, dtype=np.int32)
    for word in used:
        term = word_terms[word]
        if term is not None:
            word_term[word] = numbers.setdefault(term, len(numbers))
    keys, rank = _byte_order(list(numbers))
    # Dropped words rank after every term: no range takes them.
    ranks = np.append(rank, len(rank)).astype(np.int32)[word_term][stream]
    del word_term, rank, stream
    per_rank = np.cumsum(np.bincount(ranks, minlength=len(keys) + 1)[: len(keys)])
    ends = np.frombuffer(tokens.doc_ends, dtype=np.uint32).astype(np.int32)
    low = 0
    while low < len(keys):
        before = int(per_rank[low - 1]) if low else 0
        high = int(np.searchsorted(per_rank, before + range_tokens, side="right"))
        high = max(high, low + 1)
        yield _sort_range(tokens, ranks, ends, keys, low, high, positional, blocklimit)
        low = high


def _sort_range(
    tokens: TokenField,
    ranks: np.ndarray,
    ends: np.ndarray,
    keys: list[bytes],
    low: int,
    high: int,
    positional: bool,
    blocklimit: int,
) -> SortedField:
    """The postings of terms ranked ``low`` to ``high`` (see :func:`sort_tokens`)."""
    chosen = np.flatnonzero((ranks >= low) & (ranks < high))  # in stream order
    in_range = ranks[chosen] - low
    order = chosen[np.argsort(in_range, kind="stable")].astype(np.int32)
    del chosen
    in_range = ranks[order] - low
    # Each token's document and position, from its index in the stream.
    doc_index = np.searchsorted(ends, order, side="right").astype(np.int32)
    positions = None
    if positional:
        starts_of_doc = np.append(np.int32(0), ends[:-1])
        positions = (order - starts_of_doc[doc_index]).astype(np.uint32)
    del order
    change = np.empty(len(in_range), dtype=bool)
    change[:1] = True
    np.not_equal(in_range[1:], in_range[:-1], out=change[1:])
    change[1:] |= doc_index[1:] != doc_index[:-1]
    starts = np.flatnonzero(change)
    del change
    freqs = np.diff(np.append(starts, len(in_range))).astype(np.uint32)
    counts = np.bincount(in_range[starts], minlength=high - low)
    doc_index = doc_index[starts]
    del in_range
    docs = np.frombuffer(tokens.doc_nums, dtype=np.uint32).astype(np.int32)[doc_index]
    codes = _doc_codes(tokens.doc_lengths)[doc_index]
    boost = tokens.fieldobj.format.field_boost
    field = SortedField(keys[low:high], counts, docs, codes, freqs, boost, blocklimit)
    if positions is not None:
        field.positions = positions
        field.position_offsets = starts.astype(np.uint32)
    return field.block_stats()
