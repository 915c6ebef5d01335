"""Property tests on hostile and malformed input: analyzer, query parser, search, ingest.

Every input a user or a corpus can supply either works or fails with the
library's own typed error; nothing else escapes. Hypothesis budgets are kept
small for CI (a few hundred examples in all); ``deadline=None`` wherever the
filesystem or a built index is involved.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.errors import BahthError, CorpusError, QueryError
from search.ingest.articles import prepare_article
from search.ingest.corpus import CorpusReport, iter_raw_records
from search.request.params import MAX_PAGE, MAX_PER_PAGE, SearchParams
from search.request.syntax import MAX_CLAUSES, MAX_QUERY_CHARS, parse_query
from search.text.analyzers import analyze_word, exact_analyzer, stemmed_analyzer
from search.text.normalise import normalize_text
from tests.conftest import search_json
from web.schemas import SearchResponseSchema

pytest_plugins = ["tests.web_conftest"]

FIXTURES = [HealthCheck.function_scoped_fixture]

# Any code point, lone surrogates included (a JSON "\ud800" escape or a
# surrogate-escaped command-line argument makes one), weighted towards the
# Arabic block, its marks, joiners and bidi controls where the edge cases live.
ANY_CHAR = st.characters(exclude_categories=())
ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
SPECIAL = st.sampled_from(
    list("\u0640\u064b\u0651\u0670\u200c\u200d\u200e\u200f\u202e\u2066\ufeff\u00ad\ufdfa\ufefb")
    + [" ", "\t", "\n", "\r", "\x00", "_", "-", '"', "«", "»", "“", "”", "|", "\ud800", "\udfff"]
)
HOSTILE_TEXT = st.text(st.one_of(ARABIC, SPECIAL, ANY_CHAR), max_size=300)


# --- analyzer -------------------------------------------------------------------


def _tokens(analyzer: Any, text: str) -> list[tuple[str, int, int, int]]:
    # Whoosh reuses one Token object: copy the fields out as they come.
    return [
        (t.text, t.startchar, t.endchar, t.pos) for t in analyzer(text, positions=True, chars=True)
    ]


@settings(max_examples=300, deadline=None)
@given(text=HOSTILE_TEXT)
def test_analyzers_keep_offsets_inside_the_text_and_in_order(text: str) -> None:
    for analyzer in (exact_analyzer(), stemmed_analyzer()):
        last_end, last_pos = 0, -1
        for term, start, end, pos in _tokens(analyzer, text):
            assert term, (text, start, end)
            assert 0 <= last_end <= start < end <= len(text)
            assert text[start:end].strip(), (text, start, end)
            assert pos > last_pos
            last_end, last_pos = end, pos
    normalize_text(text)
    for word in text.split():
        analyze_word(word)


def test_offsets_cover_the_word_as_published() -> None:
    text = "\u202eقالَ  الرئيسُ\u200fبوتين_2026"
    spans = [text[s:e] for _, s, e, _ in _tokens(exact_analyzer(), text)]
    assert spans == ["قالَ", "الرئيسُ", "بوتين", "2026"]


# --- query parser and run_search --------------------------------------------------

WORDS = st.sampled_from(
    ["بوتين", "الصين", "شي", "جين", "بينغ", "ترامب", "في", "من", "قمة", "xyz", "بوتن", "ال"]
)
QUERY_PIECES = st.one_of(
    WORDS,
    st.sampled_from(['"', "-", "–", "OR", "|", "«", "»", "“", " ", "  ", '-"', 'OR "', "- OR"]),
    st.text(st.one_of(ARABIC, SPECIAL, ANY_CHAR), max_size=8),
)
QUERIES = st.one_of(
    HOSTILE_TEXT,
    st.lists(QUERY_PIECES, max_size=40).map(" ".join),
    st.lists(QUERY_PIECES, max_size=40).map("".join),
)
FILTER_VALUES = st.lists(
    st.one_of(
        st.sampled_from(["الأهرام", "الجزيرة", "سبوتنيك", "فلاديمير بوتين", "شي جين بينغ"]),
        st.text(max_size=20),
    ),
    max_size=3,
)
DATES = st.one_of(st.none(), st.dates())


@pytest.fixture(scope="module")
def news_handle(web_news_index: Path) -> OpenVersion:
    return LiveVersion(web_news_index).get()


def check_response(response: dict[str, Any], params: SearchParams) -> None:
    """A valid response: its schema, counts that add up, only <mark> as markup."""
    assert SearchResponseSchema().validate(response) == {}
    # (A lone surrogate in q is echoed as given: only the Python API can pass one;
    # HTTP query strings and command-line arguments arrive decoded.)
    json.dumps(response)
    total, hits = response["total"], response["hits"]
    first = (params.page - 1) * params.per_page
    assert len(hits) == max(0, min(params.per_page, total - first))
    assert len({h["id"] for h in hits}) == len(hits)
    for hit in hits:
        snippet = (hit["snippet"] or "").replace("<mark>", "").replace("</mark>", "")
        assert "<" not in snippet and ">" not in snippet, hit["snippet"]


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURES)
@given(text=QUERIES)
def test_parser_never_fails_and_stays_bounded(text: str) -> None:
    parsed = parse_query(text)
    assert len(parsed.groups) <= MAX_CLAUSES
    clauses = [c for group in parsed.groups for c in group] + parsed.excluded
    assert sum(len(c.tokens) for c in clauses) <= MAX_QUERY_CHARS
    assert all(c.tokens and all(c.tokens) for c in clauses)


@settings(max_examples=250, deadline=None, suppress_health_check=FIXTURES)
@given(
    q=QUERIES,
    sources=FILTER_VALUES,
    actors=FILTER_VALUES,
    date_from=DATES,
    date_to=DATES,
    sort=st.sampled_from(["relevance", "newest", "oldest"]),
    page=st.one_of(st.integers(1, 3), st.integers(1, MAX_PAGE)),
    per_page=st.integers(1, MAX_PER_PAGE),
)
def test_run_search_answers_any_query_with_a_valid_response(
    news_handle: OpenVersion,
    q: str,
    sources: list[str],
    actors: list[str],
    date_from: Any,
    date_to: Any,
    sort: str,
    page: int,
    per_page: int,
) -> None:
    try:
        params = SearchParams(
            q=q,
            filters={"source": tuple(sources), "actors": tuple(actors)},
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            page=page,
            per_page=per_page,
        )
    except QueryError:
        assume(False)
    check_response(search_json(news_handle, params), params)


def test_a_100_kb_query_is_cut_to_the_parser_bounds_and_answers(news_handle: OpenVersion) -> None:
    words = ["بوتين", "الصين", '"شي جين"', "-ترامب", "OR", "قمة", "xyz"]
    q = " ".join(words[i % len(words)] for i in range(20_000))[:100_000]
    for text in [q, "ب" * 100_000, '"' * 100_000, "- " * 50_000, "\u0651" * 100_000]:
        params = SearchParams(q=text)
        parsed = parse_query(text)  # the work is bounded by what the parser keeps
        assert len(parsed.groups) <= MAX_CLAUSES
        assert sum(len(c.tokens) for g in parsed.groups for c in g) <= MAX_QUERY_CHARS
        response = search_json(news_handle, params)
        check_response(response, params)
        assert len(response["query"]["normalized"]) <= 4 * MAX_QUERY_CHARS


def test_a_page_past_the_end_is_empty_not_an_error(news_handle: OpenVersion) -> None:
    for q in ["", "بوتين", "لا-شيء-هنا"]:
        last = SearchParams(q=q, page=MAX_PAGE, per_page=MAX_PER_PAGE)
        response = search_json(news_handle, last)
        assert response["hits"] == []
        check_response(response, last)
    with pytest.raises(QueryError):
        SearchParams(page=MAX_PAGE + 1)
    with pytest.raises(QueryError):
        SearchParams(per_page=MAX_PER_PAGE + 1)


# --- ingest ---------------------------------------------------------------------


def read_all(path: Path, skip_invalid: bool = False) -> tuple[list[Any], CorpusReport]:
    """Read and prepare every record, as a build does (without writing an index)."""
    report = CorpusReport()
    articles = []
    for record in iter_raw_records(path, skip_invalid=skip_invalid, report=report):
        try:
            articles.append(prepare_article(record))
        except CorpusError as error:
            if not skip_invalid:
                raise
            report.skipped.append(error)
    return articles, report


def assert_clear(error: CorpusError, path: Path, line_required: bool = True) -> None:
    """The error names the file and (for a line's fault) the line, on one short line."""
    assert error.path == str(path)
    if line_required:
        assert isinstance(error.line, int) and error.line >= 1, str(error)
    message = str(error)
    assert message.startswith(str(path))
    assert "\n" not in message and len(message) < 500, message[:200]


def check_ingest(path: Path, line_required: bool = True) -> list[Any]:
    """A clean read, or a CorpusError naming the file; with --skip-invalid, never an error."""
    try:
        articles, _ = read_all(path)
    except CorpusError as error:
        assert_clear(error, path, line_required)
        articles = []
    skipped_articles, report = read_all(path, skip_invalid=True)
    for error in report.skipped:
        assert_clear(error, path, line_required)
    assert len(skipped_articles) >= len(articles)
    return skipped_articles


@settings(max_examples=120, deadline=None, suppress_health_check=FIXTURES)
@given(
    data=st.binary(max_size=400),
    suffix=st.sampled_from([".jsonl", ".txt"]),
)
def test_random_bytes_read_cleanly_or_fail_naming_file_and_line(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    check_ingest(path)


@settings(max_examples=30, deadline=None, suppress_health_check=FIXTURES)
@given(data=st.binary(max_size=400))
def test_random_bytes_as_gzip_fail_naming_the_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.jsonl.gz"
    path.write_bytes(data)
    check_ingest(path, line_required=False)


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(st.one_of(ARABIC, SPECIAL, ANY_CHAR), max_size=40),
        st.sampled_from(["2026-02-04", "2026-02-30", "04/02/2026", "", " ", "بوتين"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(), inner)),
    max_leaves=6,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        name: JSON_VALUES
        for name in ["id", "title", "body", "source", "published", "url", "actors"]
    },
)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(records=st.lists(RECORDS, min_size=1, max_size=6), ascii_only=st.booleans())
def test_any_json_record_is_read_prepared_and_indexed_or_named(
    tmp_path: Path, web_kit: ModuleType, records: list[dict[str, Any]], ascii_only: bool
) -> None:
    """Wrong types, lone surrogates (\\ud800 escapes), odd dates: an article or its line."""
    from search.index.build import build_index

    path = tmp_path / "records.jsonl"
    lines = [json.dumps(r, ensure_ascii=ascii_only) for r in records]
    path.write_text("\n".join(lines) + "\n", "utf-8", errors="surrogatepass")
    articles = check_ingest(path)
    if not articles:
        return
    root = tmp_path / "index"
    # With --skip-invalid every bad line is skipped and the rest is indexed.
    report = build_index(path, root, skip_invalid=True, workers=1)
    assert report.documents == len(articles)
    handle = LiveVersion(root).get()
    params = SearchParams(q=articles[0].title[:50])
    check_response(search_json(handle, params), params)


def test_encodings_bom_crlf_and_empty_files(tmp_path: Path) -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين إن العلاقات جيدة."
    record = {"id": "a1", "title": "عنوان", "body": text}
    line = json.dumps(record, ensure_ascii=False)
    cases: dict[str, tuple[bytes, int | None]] = {
        # name: (bytes, line of the expected error or None for a clean read)
        "bom-crlf.jsonl": (("\ufeff" + line + "\r\n" + "\r\n").encode(), None),
        "bom.txt": (("\ufeff" + text + "\r\n").encode(), None),
        "crlf.txt": ((text + "\r\n\r\n" + text).encode(), None),
        "empty.jsonl": (b"", None),
        "blank-lines.jsonl": (b"\n\r\n  \n", None),
        "cp1256.txt": (text.encode("cp1256"), 1),
        "cp1256.jsonl": (line.encode("utf-8") + b"\n" + line.encode("cp1256") + b"\n", 2),
        "utf16.jsonl": (line.encode("utf-16"), 1),
        "utf16.txt": (text.encode("utf-16"), 1),
        "latin1-line3.txt": (f"{text}\n{text}\n".encode() + "café".encode("latin-1"), 3),
        "bom-on-line-2.jsonl": ((line + "\n\ufeff" + line).encode(), 2),
        "empty.txt": (b"", 1),
    }
    for name, (data, error_line) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        try:
            articles, _ = read_all(path)
        except CorpusError as error:
            assert error_line is not None, f"{name}: {error}"
            assert_clear(error, path)
            assert error.line == error_line, f"{name}: {error}"
            continue
        assert error_line is None, f"{name} was read: {articles}"
        if name.endswith(("crlf.jsonl", "bom.txt", "crlf.txt")):
            assert len(articles) == 1 and "بوتين" in articles[0].body
            assert not articles[0].id.startswith("\ufeff") and "\ufeff" not in articles[0].title


def test_truncated_gzip_names_the_line_it_broke_at(tmp_path: Path) -> None:
    body = "نص " * 40
    data = gzip.compress(
        "".join(json.dumps({"id": str(i), "body": body}) + "\n" for i in range(3000)).encode()
    )
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorpusError) as caught:
        read_all(path)
    assert_clear(caught.value, path)
    assert caught.value.line > 1


def test_ten_megabyte_single_lines(tmp_path: Path) -> None:
    """One 10 MB line: read whole, or a short error naming it."""
    body = ("قال الرئيس الروسي فلاديمير بوتين إن العلاقات مع الصين جيدة. " * 170_000)[:10_000_000]
    good = tmp_path / "big.jsonl"
    good.write_text(json.dumps({"id": "big", "body": body}, ensure_ascii=False) + "\n", "utf-8")
    records = list(iter_raw_records(good))
    assert [len(r.fields["body"]) for r in records] == [10_000_000]
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b'{"id": "ok", "body": "\xd9\x86\xd8\xb5"}\n' + b"{" + b"x" * 10_000_000)
    with pytest.raises(CorpusError) as caught:
        list(iter_raw_records(junk))
    assert_clear(caught.value, junk)
    assert caught.value.line == 2
    wrong = tmp_path / "wrong-date.jsonl"
    wrong.write_text(json.dumps({"id": "d", "body": "نص", "published": "x" * 10_000_000}))
    with pytest.raises(CorpusError) as caught:
        read_all(wrong)
    assert_clear(caught.value, wrong)
    plain = tmp_path / "big.txt"
    plain.write_text(body, "utf-8")
    assert [len(r.fields["body"]) for r in iter_raw_records(plain)] == [10_000_000]


def test_a_bad_record_never_hides_behind_a_generic_error(tmp_path: Path) -> None:
    """A lone surrogate is the record's fault: named by line, skipped with --skip-invalid."""
    from search.index.build import build_index

    path = tmp_path / "c.jsonl"
    path.write_text(
        '{"id": "a", "body": "\\u0646\\u0635 \\ud800"}\n'
        '{"id": "b", "body": "\\u0646\\u0635 \\ud83d\\ude00", "source": "\\udfff"}\n'
        '{"id": "c", "body": "\\u0646\\u0635 \\ud83d\\ude00"}\n',
        "utf-8",
    )
    with pytest.raises(CorpusError) as caught:
        build_index(path, tmp_path / "ix", workers=1)
    assert (caught.value.path, caught.value.line) == (str(path), 1)
    report = build_index(path, tmp_path / "ix", skip_invalid=True, workers=1)
    assert report.documents == 1
    assert [e.split(":")[1] for e in report.skipped] == ["1", "2"]
    assert isinstance(caught.value, BahthError)
