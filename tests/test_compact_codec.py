"""The compact posting codec: blocks round-trip, and every reader agrees on every format.

``tests/test_whoosh_read_path.py`` compares our read path with Whoosh's public
matcher on an index our build writes (compact segments, from our writer and
from Whoosh's). Here: the block encoder's edge cases, and an index of the
previous format (Whoosh's W3 blocks, pickled and zlib-compressed, as written
before this codec) beside a compact segment in one index, with deletions:
both readers read both formats, so an index built before the change still
opens and an update after it may add compact segments to it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec

from search.engine.whoosh.postings import read_term
from search.index.writer.segment_writer import WorkerSegmentWriter
from search.store.compact_codec import CompactCodec
from search.store.posting_blocks import Blocks, decode, decode_positions, encode, read_headers
from search.store.schema import build_schema

WORDS = ["الحكومة", "الرئيس", "قال", "اليوم", "المدينة", "سوريا", "دمشق", "الأمم", "المتحدة"]
RARE = [f"كلمة{n}" for n in range(60)]


def _blocks_of(terms: list[tuple[np.ndarray, np.ndarray, list[np.ndarray]]], size: int) -> Blocks:
    """Blocks of ``size`` postings of the given terms (docs, weights, positions)."""
    docs, weights, counts, prev, first, last, gaps = [], [], [], [], [], [], []
    for d, w, positions in terms:
        for b in range(0, len(d), size):
            n = min(size, len(d) - b)
            counts.append(n)
            prev.append(-1 if b == 0 else int(d[b - 1]))
            first.append(b == 0)
            last.append(b + n == len(d))
        docs.append(d)
        weights.append(w)
        gaps += [np.diff(p, prepend=0) for p in positions]
    n = len(counts)
    return Blocks(
        np.concatenate(docs),
        np.concatenate(weights).astype(np.float32),
        np.array(counts),
        np.array(prev),
        np.zeros(n, np.int64),
        np.full(n, 7),
        np.array(first),
        np.array(last),
        np.concatenate(gaps) if gaps else None,
    )


def _term(rng: np.random.Generator, n: int, far: bool = False) -> Any:
    top = 2**32 - 1 if far else 50_000
    docs = np.sort(rng.choice(top, n, replace=False)).astype(np.int64)
    weights = rng.integers(1, 5, n).astype(np.float32)
    span = 80_000 if far else 600
    positions = [np.sort(rng.choice(span, int(k), replace=False)) for k in weights]
    return docs, weights, positions


@pytest.mark.parametrize("lengths", [[1], [128], [129, 1], [300, 5, 128], [1000]])
def test_blocks_give_back_every_docnum_weight_and_position(lengths: list[int]) -> None:
    rng = np.random.default_rng(sum(lengths))
    terms = [_term(rng, n, far=i % 2 == 1) for i, n in enumerate(lengths)]
    out, block_at = encode(_blocks_of(terms, 128))
    opening = np.cumsum([0] + [(n + 127) // 128 for n in lengths])[:-1]
    for (docs, weights, positions), at in zip(terms, block_at[opening].tolist(), strict=True):
        decoded = decode(out, read_headers(out, at))
        assert decoded.docs.tolist() == docs.tolist()
        assert decoded.weights.tolist() == weights.tolist()
        offsets, flat = decode_positions(out, decoded)
        assert [flat[a:b].tolist() for a, b in zip(offsets, offsets[1:], strict=False)] == [
            p.tolist() for p in positions
        ]


def test_blocks_keep_weights_that_are_not_whole_numbers_exactly() -> None:
    rng = np.random.default_rng(5)
    docs = np.sort(rng.choice(10_000, 200, replace=False))
    weights = rng.integers(1, 4, 200).astype(np.float32)
    weights[150] = 2.5  # the second block only: the first stays bit-packed
    out, _ = encode(_blocks_of([(docs, weights, [])], 128))
    decoded = decode(out, read_headers(out, 0))
    assert decoded.docs.tolist() == docs.tolist()
    assert decoded.weights.tolist() == weights.tolist()


def test_positions_refuse_weights_that_are_not_counts() -> None:
    docs, weights = np.array([3, 9]), np.array([1.5, 1.0], dtype=np.float32)
    blocks = _blocks_of([(docs, weights, [np.array([1]), np.array([2])])], 128)
    with pytest.raises(ValueError, match="whole-number weights"):
        encode(blocks)


def _words(rng: random.Random) -> str:
    n = rng.choice([3, 30, 400])
    return " ".join(rng.choice(WORDS if rng.random() < 0.6 else RARE) for _ in range(n))


def _documents(rng: random.Random, prefix: str, n: int) -> list[dict[str, Any]]:
    return [
        {"id": f"{prefix}-{k}", "title": _words(rng)[:60], "body": _words(rng), "text": "x"}
        for k in range(n)
    ]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """An index of three segments: W3 from the previous build writer, W3 (zlib)
    from Whoosh's writer, and compact from Whoosh's writer, which also deletes."""
    folder = tmp_path_factory.mktemp("mixed")
    rng = random.Random(30)
    ix = whoosh_index.create_in(str(folder), build_schema())
    old = WorkerSegmentWriter(ix, 64, codec=W3Codec(compression=0))
    for doc in _documents(rng, "a", 300):
        old.add_document(**doc)
    old.commit()
    writer = ix.writer(codec=W3Codec())
    for doc in _documents(rng, "b", 150):
        writer.add_document(**doc)
    writer.commit(merge=False)
    writer = ix.writer(codec=CompactCodec())
    for doc in _documents(rng, "c", 200):
        writer.add_document(**doc)
    for k in range(0, 300, 7):
        writer.delete_by_term("id", f"a-{k}")
    for k in range(0, 150, 11):
        writer.delete_by_term("id", f"b-{k}")
    writer.commit(merge=False)
    ix = whoosh_index.open_dir(str(folder), schema=build_schema())
    reader = ix.reader()
    try:
        yield reader
    finally:
        reader.close()
        ix.close()


def test_the_index_mixes_both_formats_and_has_deletions(mixed: Any) -> None:
    codecs = [type(leaf._terms._codec) for leaf, _ in mixed.leaf_readers()]
    assert codecs.count(CompactCodec) == 1 and codecs.count(W3Codec) == 2
    assert mixed.doc_count() < mixed.doc_count_all()


def test_our_reader_and_whooshs_matcher_agree_on_every_term_of_both_formats(mixed: Any) -> None:
    alive = np.zeros(mixed.doc_count_all(), dtype=bool)
    alive[list(mixed.all_doc_ids())] = True
    compared = 0
    for fieldname in ("title", "body", "title_stem", "body_stem", "id"):
        positional = mixed.schema[fieldname].format.supports("positions")
        for btext in mixed.lexicon(fieldname):
            term = btext.decode("utf-8")
            ours = read_term(mixed, fieldname, term)
            live = np.flatnonzero(alive[ours.docs])
            if positional:
                offsets, flat = ours.csr()
                mine = [
                    (int(ours.docs[r]), flat[offsets[r] : offsets[r + 1]].tolist()) for r in live
                ]
                theirs = list(mixed.postings(fieldname, term).items_as("positions"))
            else:
                mine = [(int(ours.docs[r]), float(ours.tf[r])) for r in live]
                theirs = list(mixed.postings(fieldname, term).items_as("weight"))
            assert mine == [(d, v if not positional else list(v)) for d, v in theirs], term
            compared += len(mine)
    assert compared > 10_000


def test_whooshs_matcher_skips_blocks_by_their_last_docnum(mixed: Any) -> None:
    leaf, _ = next(
        (lf, o) for lf, o in mixed.leaf_readers() if isinstance(lf._terms._codec, CompactCodec)
    )
    every = [d for d, _ in leaf.postings("body", "قال".encode()).items_as("frequency")]
    assert len(every) > 128  # several blocks
    for target in (every[5] + 1, every[130], every[-1]):
        matcher = leaf.postings("body", "قال".encode())
        matcher.skip_to(target)
        assert matcher.id() == min(d for d in every if d >= target)


def test_compact_postings_take_a_fraction_of_w3s_bytes(tmp_path: Path) -> None:
    sizes = {}
    for name, codec in (("w3", W3Codec(compression=0)), ("compact", CompactCodec())):
        (tmp_path / name).mkdir()
        ix = whoosh_index.create_in(str(tmp_path / name), build_schema())
        writer = WorkerSegmentWriter(ix, 64, codec=codec)
        for doc in _documents(random.Random(1), "d", 300):
            writer.add_document(**doc)
        writer.commit()
        sizes[name] = sum(p.stat().st_size for p in (tmp_path / name).glob("*.pst"))
    assert sizes["compact"] * 3 < sizes["w3"], sizes


def test_an_optimising_merge_rewrites_w3_segments_as_one_compact_segment(tmp_path: Path) -> None:
    rng = random.Random(3)
    ix = whoosh_index.create_in(str(tmp_path), build_schema())
    old = WorkerSegmentWriter(ix, 64, codec=W3Codec(compression=0))
    for doc in _documents(rng, "a", 200):
        old.add_document(**doc)
    old.commit()
    writer = ix.writer(codec=W3Codec())
    for doc in _documents(rng, "b", 100):
        writer.add_document(**doc)
    for k in range(0, 200, 9):
        writer.delete_by_term("id", f"a-{k}")
    writer.commit(merge=False)
    writer = ix.writer(codec=CompactCodec())
    for doc in _documents(rng, "c", 50):
        writer.add_document(**doc)
    writer.commit(optimize=True)
    ix = whoosh_index.open_dir(str(tmp_path), schema=build_schema())
    with ix.reader() as reader:
        assert [type(leaf._terms._codec) for leaf, _ in reader.leaf_readers()] == [CompactCodec]
        assert reader.doc_count() == reader.doc_count_all() == 200 - 23 + 150
        for btext in reader.lexicon("body"):
            term = btext.decode("utf-8")
            ours = read_term(reader, "body", term)
            offsets, flat = ours.csr()
            mine = [
                (int(d), flat[offsets[r] : offsets[r + 1]].tolist())
                for r, d in enumerate(ours.docs.tolist())
            ]
            theirs = [(d, list(v)) for d, v in reader.postings("body", term).items_as("positions")]
            assert mine == theirs, term
    ix.close()
