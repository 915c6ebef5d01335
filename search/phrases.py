"""Phrase matching from posting blocks, without Whoosh's span machinery.

Whoosh checks a phrase one candidate document at a time through nested
matchers and span objects (about 50 µs a document): a phrase with a common
word (``"في سوريا"``) took a hundred milliseconds and more. Here the
candidates are the intersection of the words' posting lists (numpy), and
each candidate's positions are decoded straight from the stored values and
checked with set arithmetic, a few microseconds a document.
"""

from __future__ import annotations

from pickle import loads

import numpy as np
from whoosh.reading import IndexReader

from search.deadline import Deadline

_INT_SIZE = 4  # Whoosh's Positions values start with the weight as an int
CHECK_EVERY = 512


def _positions(value: bytes) -> list[int]:
    """Decode one Positions value (a pickled list of gaps after the weight)."""
    if not value.endswith(b"."):
        value += b"."
    position = 0
    out = []
    for gap in loads(value[_INT_SIZE:]):
        position += gap
        out.append(position)
    return out


def postings_with_positions(
    reader: IndexReader, fieldname: str, text: str
) -> tuple[np.ndarray, list[bytes]]:
    """All docnums of a term in a positional field, with their encoded positions."""
    docs: list[np.ndarray] = []
    values: list[bytes] = []
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        btext = leaf._text_to_bytes(fieldname, text)
        matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_values()
            docs.append(np.asarray(matcher._ids, dtype=np.int64) + offset)
            values.extend(matcher._values)
            matcher._next_block()
    if not docs:
        return np.zeros(0, dtype=np.int64), []
    return np.concatenate(docs), values


def phrase_docs(
    reader: IndexReader, fieldname: str, words: list[str], deadline: Deadline | None = None
) -> np.ndarray:
    """Docnums where ``words`` stand one after the other in ``fieldname``."""
    lists = [postings_with_positions(reader, fieldname, w) for w in words]
    if any(not len(docs) for docs, _ in lists):
        return np.zeros(0, dtype=np.int64)
    common = lists[0][0]
    for docs, _ in lists[1:]:
        common = np.intersect1d(common, docs, assume_unique=True)
    rows = [np.searchsorted(docs, common) for docs, _ in lists]
    found: list[int] = []
    for i, docnum in enumerate(common.tolist()):
        if i % CHECK_EVERY == 0 and i and deadline is not None and deadline.expired():
            break
        starts = set(_positions(lists[0][1][rows[0][i]]))
        for k in range(1, len(lists)):
            following = _positions(lists[k][1][rows[k][i]])
            starts = {p - k for p in following} & starts
            if not starts:
                break
        if starts:
            found.append(docnum)
    return np.array(found, dtype=np.int64)
