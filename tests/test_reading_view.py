"""What the page prints, without a browser: source names, the article's two
readings, provenance in Arabic, histogram years, prev/next links."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from search.query.labels import source_label
from web.article import pieces
from web.formatting import histogram
from web.markup import cleaned_html, published_html
from web.provenance import REMOVED, RULES, origin_label, removed_label

pytest_plugins = ["tests.web_conftest"]

ANT_CODES = {
    "skynews": "سكاي نيوز عربية",
    "alarabia": "العربية",
    "bbc": "بي بي سي عربي",
    "cnn": "سي إن إن بالعربية",
    "france24": "فرانس 24",
}
SAUDI_NEWS_NET = (
    "aawsat aleqtisadiya aljazirah almadina almarsd alriyadh alwatan alweeam alyaum "
    "arreyadi arriyadiyah okaz sabq was"
).split()
LATIN = re.compile(r"[A-Za-z]")


def test_ant_codes_have_the_names_readers_know() -> None:
    assert {code: source_label(code) for code in ANT_CODES} == ANT_CODES
    assert source_label("BBC") == "بي بي سي عربي"  # ANT spells some in capitals


def test_every_saudinewsnet_outlet_has_an_arabic_name() -> None:
    assert len(SAUDI_NEWS_NET) == 14
    for code in SAUDI_NEWS_NET:
        assert not LATIN.search(source_label(code)), code


def test_a_source_already_named_in_arabic_is_its_own_label() -> None:
    assert source_label("الأهرام") == "الأهرام"
    assert source_label(None) == ""


@pytest.fixture
def long_client(web_long_index: Path) -> FlaskClient:
    from tests.web_conftest import make_app

    return make_app(web_long_index).test_client()


def test_the_page_shows_names_while_urls_and_the_api_keep_codes(long_client: FlaskClient) -> None:
    html = long_client.get("/?q=الحكومة&source=skynews").get_data(as_text=True)
    assert '<span class="source"><bdi>سكاي نيوز عربية</bdi></span>' in html
    assert "المصدر: <bdi>سكاي نيوز عربية</bdi>" in html  # the chip
    assert "source=skynews" in html and ">skynews<" not in html
    body = long_client.get("/api/search?q=الحكومة").get_json()
    values = {item["value"]: item["label"] for item in body["facets"]["source"]["results"]}
    assert values["skynews"] == "سكاي نيوز عربية"
    assert {hit["source"] for hit in body["hits"]} <= set(ANT_CODES)


def test_pages_carry_prev_and_next_links_in_the_head(long_client: FlaskClient) -> None:
    html = long_client.get("/?q=الحكومة&per_page=5&page=2").get_data(as_text=True)
    head = html.split("</head>")[0]
    assert '<link rel="prev" href="/?q=' in head and '<link rel="next" href="/?q=' in head
    assert "page=3" in re.search(r'<link rel="next" href="([^"]+)"', head).group(1)


def test_rule_ids_and_removal_reasons_read_in_arabic() -> None:
    for rule in RULES:
        assert not LATIN.search(origin_label(f"rule:{rule}")), rule
    for reason in REMOVED:
        assert not LATIN.search(removed_label(reason)), reason
    assert not LATIN.search(origin_label("rule:some_new_rule"))
    assert not LATIN.search(removed_label("some_new_reason"))
    assert origin_label("manifest") and origin_label(None) == ""


TEXT = "ترويسة <b>الموقع</b>\nقال الرئيس إن الرئيس سيزور\nتعليق الصورة\nالنهاية"


def test_the_cleaned_reading_drops_what_cleaning_removed_and_keeps_the_marks() -> None:
    masthead = (0, TEXT.index("\n") + 1, "masthead")
    caption_at = TEXT.index("تعليق")
    caption = (caption_at, caption_at + len("تعليق الصورة"), "caption")
    marks = tuple((m.start(), m.end()) for m in re.finditer("الرئيس", TEXT))
    parts = pieces(TEXT, marks, [list(caption), list(masthead)])
    cleaned = cleaned_html(TEXT, parts)
    assert cleaned == "قال <mark>الرئيس</mark> إن <mark>الرئيس</mark> سيزور\n\nالنهاية"
    published = published_html(TEXT, parts)
    assert published.count("<mark>الرئيس</mark>") == 2
    assert '<del class="removed"><span class="why">ترويسة الموقع</span> ' in published
    assert "&lt;b&gt;الموقع&lt;/b&gt;" in published and "<b>" not in published
    assert '<span class="why">تعليق صورة</span> تعليق الصورة</del>' in published


def test_removed_spans_past_the_text_or_overlapping_are_clipped_and_joined() -> None:
    parts = pieces("أبجد هوز", (), [[0, 3, "junk"], [2, 5, "junk"], [7, 99, "ui"]])
    assert [(p.start, p.end, p.removed is not None) for p in parts] == [
        (0, 5, True), (5, 7, False), (7, 8, True)
    ]  # fmt: skip


def test_the_article_page_folds_the_published_text_into_details(
    web_seed_client: FlaskClient,
) -> None:
    html = web_seed_client.get("/doc/002_18d75c9059457d1f?q=الرئيس").get_data(as_text=True)
    main = html.split("<aside")[0]
    cleaned, published = main.split('<details class="as-published">')
    assert "رئيس مجلس الإدارة" not in cleaned.split('<section class="document provenance')[0]
    assert '<del class="removed"><span class="why">ترويسة الموقع</span>' in published
    assert "<mark>الرئيس</mark>" in cleaned and "<mark>الرئيس</mark>" in published
    assert 'table class="provenance"' in published  # in <main>, under the article
    assert "قاعدة: ترويسة الموقع في أول المقال" in published and "rule:" not in html


def month_facet(*months: str) -> dict:
    return {"results": [{"value": m, "count": 2, "selected": False} for m in months]}


def test_the_histogram_marks_year_boundaries_and_labels_years_with_room() -> None:
    bars = histogram(month_facet("2016-01", "2018-07"))
    assert len(bars) == 31
    assert [b.month for b in bars if b.year_start] == ["2017-01", "2018-01"]
    assert [b.year for b in bars if b.year] == ["2016", "2017", "2018"]
    crowded = histogram(month_facet("2000-01", "2019-12"))
    labels = [i for i, b in enumerate(crowded) if b.year]
    assert 5 <= len(labels) <= 8
    assert all(b - a >= 24 for a, b in zip(labels, labels[1:], strict=False))
