"""Snippets are short, cut at words, and show where the query's words meet."""

from __future__ import annotations

import re

from search.query.response import ELLIPSIS
from search.query.snippets import FRAGMENTS, LIMIT_CHARS, MAX_CHARS, make_snippet
from tests.long_articles import long_articles
from web.markup import snippet_html


def spans_of(text: str, *words: str) -> list[tuple[int, int]]:
    pattern = "|".join(map(re.escape, words))
    return [m.span() for m in re.finditer(pattern, text)]


def shown(snippet) -> int:  # type: ignore[no-untyped-def]
    return sum(len(piece.text) for piece in snippet.fragments)


def test_a_long_article_gets_at_most_three_fragments_and_about_300_characters() -> None:
    for article in long_articles():
        text = article["body"]
        snippet = make_snippet(text, spans_of(text, "الحكومة", "الاقتصاد"))
        assert 1 <= len(snippet.fragments) <= FRAGMENTS
        assert shown(snippet) <= MAX_CHARS
        assert shown(snippet) >= MAX_CHARS // 2  # short, but not starved either


def test_fragments_start_and_end_on_word_boundaries() -> None:
    text = long_articles()[3]["body"]
    snippet = make_snippet(text, spans_of(text, "الحكومة", "الاقتصاد"))
    for piece in snippet.fragments:
        start, end = piece.start, piece.start + len(piece.text)
        assert start == 0 or text[start - 1].isspace()
        assert end == len(text) or text[end].isspace()


def test_the_marks_are_the_engine_spans_unchanged() -> None:
    text = long_articles()[0]["body"]
    spans = spans_of(text, "الحكومة")
    snippet = make_snippet(text, spans)
    marked = [(p.start + s, p.start + e) for p in snippet.fragments for s, e in p.marks]
    assert marked and set(marked) <= set(spans)
    assert all(text[s:e] == "الحكومة" for s, e in marked)


def test_the_place_where_two_query_words_meet_beats_repeats_of_one() -> None:
    filler = "كلام عادي بلا معنى خاص هنا " * 30
    text = f"المطر {filler}المطر {filler}المطر {filler}سقط المطر على الحقول وفاضت الأنهار {filler}"
    snippet = make_snippet(text, spans_of(text, "المطر", "الأنهار"))
    together = [p for p in snippet.fragments if "الأنهار" in p.text]
    assert together and "المطر" in together[0].text


def test_fragments_come_in_text_order_and_never_overlap() -> None:
    text = long_articles()[5]["body"]
    snippet = make_snippet(text, spans_of(text, "الحكومة", "الاقتصاد", "الأسعار"))
    ends = [(p.start, p.start + len(p.text)) for p in snippet.fragments]
    assert all(a[1] < b[0] for a, b in zip(ends, ends[1:], strict=False))


def test_the_rendered_snippet_joins_fragments_with_an_ellipsis() -> None:
    text = long_articles()[1]["body"]
    html = snippet_html(make_snippet(text, spans_of(text, "الحكومة", "الاقتصاد")))
    assert html.startswith(ELLIPSIS) and "<mark>الحكومة</mark>" in html
    assert ELLIPSIS + " " + ELLIPSIS not in html


def test_no_match_shows_the_opening_words_within_the_budget() -> None:
    text = long_articles()[2]["body"]
    snippet = make_snippet(text, [])
    assert snippet.opening and shown(snippet) <= MAX_CHARS
    assert text.startswith(snippet.fragments[0].text)


def test_a_longer_snippet_may_be_asked_for_but_stays_a_snippet() -> None:
    text = long_articles()[4]["body"] * 3
    spans = spans_of(text, "الحكومة", "الاقتصاد")
    assert MAX_CHARS < shown(make_snippet(text, spans, max_chars=900)) <= 900
    assert shown(make_snippet(text, spans, max_chars=10**6)) <= LIMIT_CHARS


def test_spans_outside_the_text_are_ignored() -> None:
    snippet = make_snippet("نص قصير", [(50, 60), (3, 7)])
    assert [piece.marks for piece in snippet.fragments] == [((3, 7),)]
