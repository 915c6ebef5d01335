"""Acceptance on the five seed articles, and hostile input that must never raise."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from search.ingest.extract.model import Extraction
from search.ingest.extract.pipeline import extract_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CITED_AGENCIES = {"شينخوا", "ريا نوفوستي"}


def seed(number: int) -> str:
    return next(SEEDS.glob(f"{number:03d}_*.txt")).read_text("utf-8")


@pytest.fixture(scope="module")
def seeds() -> dict[int, Extraction]:
    return {n: extract_article(seed(n)) for n in range(5)}


@pytest.mark.parametrize(
    ("number", "publisher"),
    [
        (0, "الثورة نت"),
        (1, "وكالة الأنباء الكويتية (كونا)"),
        (2, "اتحاد العالم الإسلامي"),
        (3, "متن نيوز"),
        (4, "سبوتنيك"),
    ],
)
def test_each_seed_gets_its_publisher(seeds, number: int, publisher: str) -> None:
    assert seeds[number].source is not None
    assert seeds[number].source.value == publisher


def test_no_seed_gets_a_cited_agency_as_publisher(seeds) -> None:
    for extraction in seeds.values():
        assert extraction.source.value not in CITED_AGENCIES


def test_sputnik_merely_cited_in_seed_000_is_an_agency_not_the_publisher(seeds) -> None:
    assert seeds[0].source.value == "الثورة نت"
    assert {a.value for a in seeds[0].agencies} == {"سبوتنيك", "شينخوا"}


def test_only_the_kuna_seed_is_dated_and_on_4_february_2026(seeds) -> None:
    assert seeds[1].published is not None
    assert seeds[1].published.date == dt.date(2026, 2, 4)
    assert [n for n, e in seeds.items() if e.published is not None] == [1]


@pytest.mark.parametrize("number", [0, 1, 2, 4])
def test_xi_jinping_is_one_actor_under_either_spelling(seeds, number: int) -> None:
    values = [a.value for a in seeds[number].actors]
    assert values.count("شي جين بينغ") == 1
    assert "شي جين بينج" not in values


def test_name_only_in_related_list_is_not_an_actor_of_seed_000(seeds) -> None:
    assert "عبدالله بن زايد" not in {a.value for a in seeds[0].actors}


def test_seed_000_body_is_the_first_article_only(seeds) -> None:
    body = seeds[0].body
    assert body.startswith("أعلن الرئيس الصيني")
    assert "ماو نينج" not in body and "مقالات مشابهة" not in body
    assert any(r.reason == "second_article" for r in seeds[0].removed)


def test_titles_are_headlines_not_publisher_lines(seeds) -> None:
    assert seeds[0].title is None and seeds[1].title is None
    assert seeds[2].title == "القمة الصينية الروسية.. عقد الأسس لتحالف قوي في وجه التوترات العالمية"
    assert seeds[4].title == "الخارجية الصينية: بكين مستعدة لتعزيز التعاون الثنائي مع موسكو"


@pytest.mark.parametrize("number", range(5))
def test_body_is_made_of_verbatim_pieces_of_the_original(seeds, number: int) -> None:
    original = seed(number)
    for piece in seeds[number].body.split("\n"):
        assert piece and piece in original


@pytest.mark.parametrize("number", range(5))
def test_every_span_points_into_the_original_text(seeds, number: int) -> None:
    original, extraction = seed(number), seeds[number]
    values = [*extraction.actors, *extraction.agencies, extraction.source]
    for value in values:
        start, end = value.span
        assert 0 <= start < end <= len(original)
    for removed in extraction.removed:
        assert 0 <= removed.start < removed.end <= len(original)


def test_to_dict_is_plain_data(seeds) -> None:
    data = seeds[1].published.to_dict()
    assert data["value"] == "2026-02-04" and data["origin"].startswith("rule:")
    assert all(isinstance(a.to_dict()["span"], list) for a in seeds[1].actors)


HOSTILE = {
    "empty": "",
    "whitespace": " \n\t\r\n  \u00a0\n",
    "no_arabic": "Breaking news: markets fall.\nMore at 11.",
    "crlf": seed(1).replace("\n", "\r\n"),
    "long_line": "الرئيس " * 50_000,
    "punctuation": "،،،:::///(((---))) «» “”\n" * 20,
    "digits_only": "04/02/2026\n٠٤/٠٢/٢٠٢٦",
    "lone_marks": "\u064b\u064c\u0640\u200c\n\u0651",
    "title_then_nothing": "الرئيس الصيني\n",
    "unclosed_quote": "قال الرئيس فلاديمير بوتين “ اليوم الأربعاء 4 فبراير 2026",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_odd_input_never_raises_and_stays_consistent(name: str) -> None:
    text = HOSTILE[name]
    extraction = extract_article(text)
    for piece in filter(None, extraction.body.split("\n")):
        assert piece in text


def test_crlf_text_gives_the_same_facets_as_lf() -> None:
    lf, crlf = extract_article(seed(1)), extract_article(seed(1).replace("\n", "\r\n"))
    assert crlf.source.value == lf.source.value
    assert crlf.published.date == lf.published.date
    assert [a.value for a in crlf.actors] == [a.value for a in lf.actors]
    assert "\r" not in crlf.body
