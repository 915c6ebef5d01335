"""Reading Whoosh posting lists block by block into numpy arrays.

Whoosh's matchers hand out one posting per Python call (and decode each
block's document numbers with a Python generator); search needs whole lists,
so blocks are read directly and decoded with numpy. Deleted documents are
included: callers mask them with the version's ``alive`` array.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.reading import IndexReader


def block_ids(matcher: Any) -> np.ndarray:
    """The current block's docnums, delta-decoded with numpy.

    Whoosh decodes them with a Python generator, one call per posting: most of
    the cost of reading a long posting list.
    """
    if matcher._data is None:
        matcher._read_data()
    raw = matcher._data[0]
    if matcher._byteids:
        return np.frombuffer(bytes(raw), dtype=np.uint8).astype(np.int64)
    return np.cumsum(np.asarray(raw, dtype=np.int64))


def _blocks(reader: IndexReader, fieldname: str, text: str) -> Iterator[tuple[Any, np.ndarray]]:
    """Each posting block of a term, across segments, with its global docnums."""
    for leaf, offset in reader.leaf_readers():
        if (fieldname, text) not in leaf:
            continue
        btext = leaf._text_to_bytes(fieldname, text)
        matcher = leaf._terms.matcher(fieldname, btext, leaf.schema[fieldname].format)
        while matcher.is_active():
            yield matcher, block_ids(matcher) + offset
            matcher._next_block()


def read_postings(reader: IndexReader, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """All (docnum, term frequency) pairs of one term, deleted documents included."""
    docs: list[np.ndarray] = []
    freqs: list[np.ndarray] = []
    for matcher, ids in _blocks(reader, fieldname, text):
        matcher._read_weights()
        docs.append(ids)
        freqs.append(np.asarray(matcher._weights, dtype=np.float32))
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(docs), np.concatenate(freqs)


def postings_with_positions(
    reader: IndexReader, fieldname: str, text: str
) -> tuple[np.ndarray, list[bytes]]:
    """All docnums of a term in a positional field, with their encoded positions."""
    docs: list[np.ndarray] = []
    values: list[bytes] = []
    for matcher, ids in _blocks(reader, fieldname, text):
        matcher._read_values()
        docs.append(ids)
        values.extend(matcher._values)
    if not docs:
        return np.zeros(0, dtype=np.int64), []
    return np.concatenate(docs), values
