"""Our Whoosh read path against Whoosh's own public API, on a multi-segment index.

``search/engine/whoosh/`` decodes Whoosh's private formats with numpy: posting
blocks (:func:`read_term`), pickled positions (:func:`decode_positions`), the
length bytes (:class:`FieldLengths`) and the columns (:class:`FacetArrays`).
Posting blocks are our compact codec's (:mod:`search.store.compact_codec`), which
Whoosh's matcher reads through its codec interface.
This module is what to run before moving the ``Whoosh-Reloaded`` pin: it builds
an index of four segments (two from our writer, two from Whoosh's, one of them
without a ``published`` column) with deleted documents, and compares, for every
term of every text field and every document, what we read with what Whoosh's
public matcher, ``doc_field_length`` and ``stored_fields`` say. 0 mismatches.

What each side includes:

* ``read_term`` returns every posting, deleted documents included (callers mask
  them with the version's ``alive`` array);
* Whoosh's ``reader.postings()`` wraps each segment's matcher in a
  ``FilterMatcher`` that drops deleted documents.

So live postings are compared with Whoosh's matcher, and the postings of deleted
documents with the field's own public analysis (``Field.index``) of the
document's stored text (stored fields stay readable after a deletion).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.reading import IndexReader
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.engine.whoosh.facet_arrays import FacetArrays
from search.engine.whoosh.postings import read_term
from search.index.build import build_index, update_index
from search.store.compact_codec import CompactCodec
from search.store.facet_columns import MISSING_DAY, _column, _split
from search.store.field_lengths import TEXT_FIELDS, FieldLengths
from search.store.layout import current_version_dir

SEED = 1313
SHOWN = 8  # mismatches listed in a failure message
BLOCK_POSTINGS = 128  # Whoosh's postings per block (W3Codec's blocklimit)
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةءأإآىؤئ"
MARKS = "\u064b\u064e\u064f\u0650\u0651\u0652"  # tanween, short vowels, shadda, sukun
CLITICS = ("", "", "", "ال", "و", "وال", "ب", "بال", "ل", "لل")
SUFFIXES = ("", "", "", "ات", "ون", "ين", "ها", "هم", "ة")
#: Words in almost every document: posting lists of several 128-posting blocks.
COMMON = ("الحكومة", "الرئيس", "قال", "اليوم", "المدينة")
SOURCES = ("bbc", "aljazeera", "alarabiya", "france24", "rt")
ACTORS = ("سمير الخطيب", "منى حداد", "كريم ناصر", "ليلى فارس", "وليد عيسى")


@dataclass
class Built:
    """The index's reader and what the test knows about it."""

    reader: IndexReader
    segments: int
    deleted: int


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        stem = "".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 6)))
        words.add(rng.choice(CLITICS) + stem + rng.choice(SUFFIXES))
    return sorted(words)


def _text(rng: random.Random, vocabulary: list[str], length: int) -> str:
    words = []
    for _ in range(length):
        roll = rng.random()
        word = rng.choice(COMMON) if roll < 0.12 else rng.choice(vocabulary)
        if rng.random() < 0.03:  # diacritics and tatweel the normaliser removes
            cut = rng.randint(1, len(word))
            word = word[:cut] + rng.choice(MARKS + "ـ") + word[cut:]
        words.append(word)
        if rng.random() < 0.06:
            words[-1] += rng.choice("،.؛:!؟")
    return " ".join(words)


def _record(rng: random.Random, vocabulary: list[str], ident: str) -> dict[str, Any]:
    roll = rng.random()
    length = rng.randint(5, 40) if roll < 0.6 else rng.randint(200, 700)
    record: dict[str, Any] = {
        "id": ident,
        # Most titles share a word: title posting lists of several blocks too.
        "title": ("عاجل " if rng.random() < 0.8 else "")
        + _text(rng, vocabulary, rng.randint(2, 12)),
        "body": _text(rng, vocabulary, length),
    }
    if rng.random() < 0.8:
        record["source"] = rng.choice(SOURCES)
    if rng.random() < 0.75:
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 2000))
        record["published"] = day.isoformat()
    if rng.random() < 0.5:
        record["actors"] = rng.sample(ACTORS, rng.randint(1, 3))
    return record


def _odd_records(vocabulary: list[str]) -> list[dict[str, Any]]:
    """Documents for the decoder's rarer layouts: position gaps of 256 and more
    (two- and four-byte pickle items) and lists over pickle's 1,000-item batch."""
    far = " ".join([vocabulary[0]] + [vocabulary[1]] * 300 + [vocabulary[0]])
    farther = " ".join([vocabulary[2]] + [vocabulary[3]] * 70_000 + [vocabulary[2]])
    many = " ".join([vocabulary[4]] * 1_200 + [vocabulary[5]] * 3)
    return [
        {"id": "odd-far", "title": "مسافة", "body": far, "source": "bbc"},
        {"id": "odd-farther", "title": "مسافة أبعد", "body": farther},
        {"id": "odd-many", "title": vocabulary[4], "body": many, "published": "2020-02-02"},
    ]


def _write(path: Path, records: list[dict[str, Any]]) -> Path:
    lines = (json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    path.write_text("".join(lines), "utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    rng = random.Random(SEED)
    vocabulary = _vocabulary(rng, 900)
    folder = tmp_path_factory.mktemp("read-path")
    first = [_record(rng, vocabulary, f"doc-{n}") for n in range(420)] + _odd_records(vocabulary)
    root = folder / "index"
    build_index(_write(folder / "first.jsonl", first), root, workers=2)

    # Whoosh's writer: additions, replacements, deletions (few: no optimising merge).
    second = [r for n, r in enumerate(first) if n % 20 != 7]  # 21 deleted
    for n in range(0, len(second), 23):  # replaced
        second[n] = _record(rng, vocabulary, second[n]["id"])
    second += [_record(rng, vocabulary, f"new-{n}") for n in range(40)]
    report = update_index(_write(folder / "second.jsonl", second), root, workers=1)
    assert report.added == 40 and report.replaced > 10 and report.deleted == 21

    # A segment of undated articles: no ``published`` column at all.
    undated = [_record(rng, vocabulary, f"undated-{n}") for n in range(6)]
    for record in undated:
        record.pop("published", None)
    third = second + undated
    update_index(_write(folder / "third.jsonl", third), root, workers=1)

    ix = whoosh_index.open_dir(str(current_version_dir(root)))
    reader = ix.reader()
    try:
        segments = len(list(reader.leaf_readers()))
        deleted = reader.doc_count_all() - reader.doc_count()
        yield Built(reader, segments, deleted)
    finally:
        reader.close()
        ix.close()


def _fail_on(mismatches: list[str], what: str) -> None:
    if mismatches:
        shown = "\n  ".join(mismatches[:SHOWN])
        pytest.fail(f"{len(mismatches)} {what} mismatches, first {SHOWN}:\n  {shown}")


def _indexed_text(stored: dict[str, Any], fieldname: str) -> str:
    """The text a field was indexed from, from the stored fields."""
    if fieldname.startswith("title"):
        return stored.get("title") or ""
    return stored.get("body") or stored.get("text") or ""


def _analysed(reader: IndexReader, fieldname: str, stored: dict[str, Any]) -> dict[str, Any]:
    """term → (frequency, positions or None) by the field's own public analysis."""
    field = reader.schema[fieldname]
    positional = field.format.supports("positions")
    out = {}
    for btext, freq, _weight, value in field.index(_indexed_text(stored, fieldname)):
        positions = field.format.decode_positions(value) if positional else None
        out[btext] = (freq, positions)
    return out


def test_the_index_has_several_segments_of_both_writers_and_deleted_documents(
    built: Built,
) -> None:
    assert built.segments >= 4
    assert built.deleted >= 21


def test_every_segment_of_both_writers_is_in_the_compact_codec(built: Built) -> None:
    # The previous format (W3 blocks) beside compact ones: tests/test_compact_codec.py.
    codecs = {type(leaf._terms._codec) for leaf, _ in built.reader.leaf_readers()}
    assert codecs == {CompactCodec}


def test_read_term_gives_whoosh_postings_frequencies_and_positions_for_every_term(
    built: Built,
) -> None:
    reader = built.reader
    alive = np.zeros(reader.doc_count_all(), dtype=bool)
    alive[list(reader.all_doc_ids())] = True
    analysed: dict[tuple[str, int], dict[str, Any]] = {}  # of deleted documents
    read_deleted: set[tuple[str, int, bytes]] = set()
    mismatches: list[str] = []
    multi_block = {fieldname: 0 for fieldname in TEXT_FIELDS}
    layouts = {"2-byte gap": 0, "4-byte gap": 0, "over 1,000 positions": 0}
    for fieldname in TEXT_FIELDS:
        positional = reader.schema[fieldname].format.supports("positions")
        astype = "positions" if positional else "frequency"
        for btext in reader.lexicon(fieldname):
            term = btext.decode("utf-8")
            ours = read_term(reader, fieldname, term)
            where = f"{fieldname}:{term}"
            if np.any(np.diff(ours.docs) <= 0):
                mismatches.append(f"{where}: docnums not ascending")
                continue
            if positional:
                offsets, positions = ours.csr()
                our_positions = np.split(positions, offsets[1:-1]) if len(ours.docs) else []
                deltas = positions.astype(np.int64)
                deltas[1:] -= deltas[:-1].copy()
                firsts = offsets[:-1][np.diff(offsets) > 0]
                deltas[firsts] = positions[firsts]
                layouts["2-byte gap"] += bool(np.any((deltas >= 256) & (deltas < 65536)))
                layouts["4-byte gap"] += bool(np.any(deltas >= 65536))
                layouts["over 1,000 positions"] += bool(np.any(np.diff(offsets) > 1000))
            theirs = list(reader.postings(fieldname, term).items_as(astype))
            live = np.flatnonzero(alive[ours.docs])
            multi_block[fieldname] += any(
                leaf.doc_frequency(fieldname, term) > BLOCK_POSTINGS
                for leaf, _ in reader.leaf_readers()
            )
            mine, whooshs = ours.docs[live].tolist(), [d for d, _ in theirs]
            if mine != whooshs:
                at = next(
                    (k for k, (a, b) in enumerate(zip(mine, whooshs, strict=False)) if a != b), None
                )
                at = min(len(mine), len(whooshs)) if at is None else at
                mismatches.append(
                    f"{where}: {len(mine)} live docnums vs Whoosh's {len(whooshs)}, "
                    f"first difference at #{at}: {mine[at : at + 5]} vs {whooshs[at : at + 5]}"
                )
                continue
            for row, (docnum, value) in zip(live.tolist(), theirs, strict=True):
                freq = len(value) if positional else value
                if ours.tf[row] != freq:
                    mismatches.append(f"{where} doc {docnum}: tf {ours.tf[row]} vs {freq}")
                if positional and our_positions[row].tolist() != list(value):
                    mismatches.append(
                        f"{where} doc {docnum}: positions {our_positions[row].tolist()[:10]}… "
                        f"vs {list(value)[:10]}…"
                    )
            for row in np.flatnonzero(~alive[ours.docs]).tolist():
                docnum = int(ours.docs[row])
                read_deleted.add((fieldname, docnum, btext))
                key = (fieldname, docnum)
                if key not in analysed:
                    analysed[key] = _analysed(reader, fieldname, reader.stored_fields(docnum))
                expected = analysed[key].get(btext)
                if expected is None:
                    mismatches.append(f"{where}: deleted doc {docnum} has no such term")
                    continue
                freq, want = expected
                if ours.tf[row] != freq:
                    mismatches.append(f"{where} deleted doc {docnum}: tf {ours.tf[row]} vs {freq}")
                if positional and our_positions[row].tolist() != list(want):
                    mismatches.append(f"{where} deleted doc {docnum}: positions differ")
    # Every term of every deleted document was read (none missing from our lists).
    for (fieldname, docnum), terms in analysed.items():
        for btext in terms:
            if (fieldname, docnum, btext) not in read_deleted:
                mismatches.append(f"{fieldname}:{btext.decode()}: deleted doc {docnum} missing")
    _fail_on(mismatches, "posting")
    assert all(multi_block.values()), multi_block  # lists of several blocks were compared
    assert all(layouts.values()), layouts  # the decoder's rarer layouts were compared
    assert analysed  # postings of deleted documents were compared


def test_field_lengths_are_whoosh_doc_field_lengths_for_every_document(built: Built) -> None:
    reader = built.reader
    size = reader.doc_count_all()
    ours = FieldLengths.from_reader(reader, size)
    mismatches = []
    for fieldname in TEXT_FIELDS:
        field = reader.schema[fieldname]
        for docnum in range(size):
            theirs = reader.doc_field_length(docnum, fieldname)
            # Whoosh keeps a length as one lossy byte: the analysed count, rounded so.
            tokens = sum(
                f
                for _, f, _, _ in field.index(
                    _indexed_text(reader.stored_fields(docnum), fieldname)
                )
            )
            rounded = byte_to_length(length_to_byte(tokens))
            mine = float(ours.lengths[fieldname][docnum])
            if not mine == theirs == rounded:
                mismatches.append(
                    f"{fieldname} doc {docnum}: ours {mine}, Whoosh {theirs}, "
                    f"analysed {tokens} → {rounded}"
                )
        average = reader.field_length(fieldname) / reader.doc_count()
        if ours.averages[fieldname] != pytest.approx(average):
            mismatches.append(f"{fieldname}: average {ours.averages[fieldname]} vs {average}")
    _fail_on(mismatches, "field length")


def _stored_list(stored: dict[str, Any], name: str) -> list[str]:
    return stored[name].split(",") if stored.get(name) else []


def test_facet_arrays_are_the_stored_source_date_and_actors_of_every_document(
    built: Built,
) -> None:
    reader = built.reader
    facets = FacetArrays.from_reader(reader)
    assert facets.size == reader.doc_count_all()
    assert facets.live.tolist() == list(reader.all_doc_ids())
    mismatches = []
    missing = {"source": 0, "published": 0}
    # a doubtful tagged name (weak_col) that no other document names is left out of the
    # arrays, though the document keeps it
    stored_actors = [_stored_list(reader.stored_fields(d), "actors") for d in range(facets.size)]
    seen = Counter(v for values in stored_actors for v in values)
    weak = {v for cell in _column(reader, "weak_col", facets.size, b"") for v in _split(cell)}
    left_out = {v for v in weak if seen[v] == 1}
    for docnum in range(facets.size):
        stored = reader.stored_fields(docnum)
        ordinal = int(facets.source[docnum])
        source = facets.source_labels[ordinal] if ordinal >= 0 else None
        if source != stored.get("source"):
            mismatches.append(f"doc {docnum}: source {source!r} vs {stored.get('source')!r}")
        published = stored.get("published")
        day = int(facets.day[docnum])
        want = published.date().toordinal() if published else MISSING_DAY
        if day != want:
            mismatches.append(f"doc {docnum}: day {day} vs published {published}")
        month = int(facets.month[docnum])
        label = facets.month_labels[month] if month >= 0 else None
        if label != (published.strftime("%Y-%m") if published else None):
            mismatches.append(f"doc {docnum}: month {label} vs published {published}")
        column = facets.multi["actors"]
        start, end = column.offsets[docnum], column.offsets[docnum + 1]
        actors = [column.labels[v] for v in column.values[start:end].tolist()]
        wanted = [v for v in stored_actors[docnum] if v not in left_out]
        if actors != wanted:
            mismatches.append(f"doc {docnum}: actors {actors} vs {wanted}")
        missing["source"] += source is None
        missing["published"] += published is None
    _fail_on(mismatches, "facet")
    assert missing["source"] and missing["published"]  # documents without them were compared
