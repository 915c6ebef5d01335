"""One large article cannot stall ingest: linear cleaning, a stated size limit.

Cleaning used to compare every line with every other one looking for near
duplicates (a 2 MB article took five minutes). The comparisons are counted
here rather than timed: with prefix filtering a line is compared only with
lines sharing one of its rarest words, and the verdicts stay those of the
all-pairs comparison, which is kept below as the reference.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.config import MAX_ARTICLE_CHARS
from search.errors import CorpusError
from search.index.build import build_index
from search.ingest import limits
from search.ingest.corpus import iter_raw_records
from search.ingest.extract import cleaning
from search.ingest.extract.cleaning import Line, split_lines


def _all_pairs(lines: list[Line]) -> None:
    """The duplicate search as it was: every kept line against every earlier one."""
    seen: set[tuple[str, ...]] = set()
    bags: list[tuple[Counter[str], int]] = []
    previous: tuple[Line, tuple[str, ...]] | None = None
    first = True
    for line in lines:
        if not line.kept:
            continue
        words = line.norms or ()
        size = len(words)
        bag = Counter(words) if size >= 10 else None
        if words in seen or (
            bag is not None
            and any(
                cleaning._shares_most(bag, other, max(size, n))
                for other, n in bags
                if min(size, n) >= 0.85 * max(size, n)
            )
        ):
            line.reason = "duplicate"
            if (
                previous
                and previous[1] == words
                and not first
                and cleaning.bp.headline_like(line.text)
            ):
                previous[0].reason = "caption"
            continue
        first = previous is None
        previous = (line, words)
        seen.add(words)
        if bag is not None:
            bags.append((bag, size))


_COMMON = ["الصين", "روسيا", "مجلس", "الأمن", "قال", "في", "من", "على", "بكين"]
_WORDS = st.sampled_from(_COMMON)
_LINES = st.lists(st.lists(_WORDS, min_size=1, max_size=16).map(" ".join), max_size=30)
#: Common words and many rare ones: most lines then hold words no other line has, the
#: case where a line's prefix is its own (no bag is filed for it).
_RARE = st.sampled_from(_COMMON + [f"كلمة{i}" for i in range(40)])
_MIXED_LINES = st.lists(st.lists(_RARE, min_size=8, max_size=24).map(" ".join), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_duplicates_found_by_buckets_are_the_duplicates_of_all_pairs(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast, slow = split_lines(text), split_lines(text)
    cleaning._mark_duplicates(fast)
    _all_pairs(slow)
    assert [line.reason for line in fast] == [line.reason for line in slow]


@settings(max_examples=300, deadline=None)
@given(_MIXED_LINES, st.data())
def test_lines_with_words_of_their_own_get_the_verdicts_of_all_pairs(
    lines: list[str], data: st.DataObject
) -> None:
    if lines:  # some lines again, some with a word changed: near duplicates to find
        copies = data.draw(st.lists(st.sampled_from(lines), max_size=6))
        lines = lines + [line.replace("في", "على", 1) for line in copies] + copies
    text = "\n".join(lines)
    fast, slow = split_lines(text), split_lines(text)
    cleaning._mark_duplicates(fast)
    _all_pairs(slow)
    assert [line.reason for line in fast] == [line.reason for line in slow]


def _distinct_lines(count: int) -> str:
    shared = "قال المتحدث باسم الوزارة"
    return "\n".join(
        f"{shared} " + " ".join(f"كلمة{i}س{k}" for k in range(8)) + "." for i in range(count)
    )


def test_cleaning_compares_each_line_with_a_few_others_not_with_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    comparisons = 0
    compare = cleaning._shares_most

    def counted(*args: Any) -> bool:
        nonlocal comparisons
        comparisons += 1
        return compare(*args)

    monkeypatch.setattr(cleaning, "_shares_most", counted)
    lines = 1500
    cleaned = cleaning.clean(_distinct_lines(lines))
    assert sum(line.kept for line in cleaned.lines) >= lines - 2  # no line taken for a repeat
    assert comparisons <= lines  # all pairs would be over a million


def test_the_same_line_repeated_is_kept_once() -> None:
    line = "الرئيس الصيني شي جين بينغ يلتقي وزير الخارجية في بكين لبحث العلاقات الثنائية."
    cleaned = cleaning.clean("\n".join([line] * 5000))
    assert cleaned.body == line


def _corpus_with_a_dump(tmp_path: Path) -> Path:
    path = tmp_path / "big.jsonl"
    big = '{"id": "big", "body": "' + "ك " * (MAX_ARTICLE_CHARS // 2 + 1) + '"}'
    path.write_text('{"id": "a", "body": "نص قصير"}\n' + big + "\n", encoding="utf-8")
    return path


def test_an_article_over_the_limit_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    corpus = _corpus_with_a_dump(tmp_path)
    with pytest.raises(CorpusError, match=r"big.jsonl:2: record 'big' .*over MAX_ARTICLE_CHARS"):
        build_index(corpus, tmp_path / "index")


def test_an_article_over_the_limit_is_skipped_and_listed_under_skip_invalid(
    tmp_path: Path,
) -> None:
    corpus = _corpus_with_a_dump(tmp_path)
    report = build_index(corpus, tmp_path / "index", skip_invalid=True)
    assert report.documents == 1
    assert report.skipped == [
        f"{corpus}:2: record 'big' has {MAX_ARTICLE_CHARS + 2:,} characters, "
        f"over MAX_ARTICLE_CHARS ({MAX_ARTICLE_CHARS:,})"
    ]


def test_reading_alone_still_takes_any_length(tmp_path: Path) -> None:
    corpus = _corpus_with_a_dump(tmp_path)
    assert [r.fields["id"] for r in iter_raw_records(corpus)] == ["a", "big"]


def test_the_limit_is_the_one_in_config() -> None:
    assert limits.MAX_ARTICLE_CHARS == MAX_ARTICLE_CHARS == 1_000_000


def test_a_large_article_is_cleaned_with_the_collector_paused_and_it_comes_back() -> None:
    """A tuple per word and per line, none in a cycle: collections would only cost time."""
    import gc

    from search.ingest.extract.collector import LARGE_TEXT_CHARS

    seen: list[bool] = []
    real = cleaning.split_lines

    def watching(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args)

    line = "قال المتحدث إن المحادثات ستستأنف الأسبوع المقبل في العاصمة.\n"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cleaning, "split_lines", watching)
        cleaning.clean(line * 3)
        cleaning.clean(line * (LARGE_TEXT_CHARS // len(line) + 1))
    assert seen == [True, False]
    assert gc.isenabled()
