"""Actors and places from the names table, the rules and the name tagger, merged per article.

The sentences are written for these tests; the seed articles are the acceptance set.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.ingest.extract.cleaning import clean
from search.ingest.extract.entities import find_actors_and_places, merge_names
from search.ingest.extract.model import FacetValue
from search.ingest.extract.ner.article import Entity
from search.ingest.extract.offices import find_offices
from search.ingest.extract.pipeline import extract_article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed(number: int) -> str:
    return next(SEEDS.glob(f"{number:03d}_*.txt")).read_text("utf-8")


def offices(text: str) -> list[str]:
    cleaned = clean(text)
    return [v.value for v in find_offices(cleaned.text, cleaned.content_words())]


def names(text: str) -> tuple[dict[str, FacetValue], dict[str, FacetValue]]:
    actors, places = find_actors_and_places(clean(text))
    return {a.value: a for a in actors}, {p.value: p for p in places}


@pytest.mark.parametrize(
    ("number", "office"),
    [
        (4, "وزارة الخارجية الصينية"),
        (2, "الرئاسة الصينية"),
        (3, "مجلس الدولة الصيني"),
        (2, "التلفزيون الروسي"),
    ],
)
def test_the_four_office_and_nationality_organisations_of_the_seeds_are_actors(
    number: int, office: str
) -> None:
    actors = {a.value: a for a in extract_article(seed(number)).actors}
    assert actors[office].type == "organisation"
    assert actors[office].origin == "rule:office"


def test_an_office_keeps_its_country_as_an_actor_too() -> None:
    actors, _ = names("وأعلنت وزارة الخارجية الصينية اليوم موقفها.")
    assert {"وزارة الخارجية الصينية", "الصين"} <= set(actors)


def test_a_proclitic_is_cut_from_an_office_and_the_article_restored() -> None:
    found = offices("ونقلت ذلك للرئاسة الصينية وبالتلفزيون الروسي مصادر مطلعة.")
    assert found == ["الرئاسة الصينية", "التلفزيون الروسي"]


def test_the_foreign_ministry_written_short_is_the_ministry_but_not_after_a_title() -> None:
    assert offices("وقالت الخارجية الصينية في بيان إن المحادثات مثمرة.") == [
        "وزارة الخارجية الصينية"
    ]
    assert offices("وقال وزير الخارجية الصيني إن المحادثات مثمرة.") == []


def test_an_adjective_that_does_not_agree_with_the_office_is_not_its_nationality() -> None:
    assert offices("وقالت وزارة الخارجية الإماراتي إن") == []


def test_an_army_a_company_or_a_government_is_no_office() -> None:
    text = "وقال الجيش السوري إن الشركة الأميركية والحكومة الفرنسية وقعتا الاتفاق."
    assert offices(text) == []


def test_an_outlet_named_like_an_office_is_a_source_not_an_actor() -> None:
    actors, _ = names("وذكرت وكالة الأنباء الفرنسية أن الاجتماع انتهى.")
    assert not any(value.startswith("وكالة") for value in actors)


def test_cities_and_seas_are_places_not_actors() -> None:
    actors, places = names(
        "وصل الرئيس الروسي فلاديمير بوتين إلى موسكو قادما من شنغهاي، "
        "فيما عبرت سفن البحر الأحمر قرب غزة."
    )
    assert {"موسكو", "شنغهاي", "غزة", "البحر الأحمر"} <= set(places)
    assert not {"موسكو", "شنغهاي", "غزة", "البحر الأحمر"} & set(actors)
    assert {"فلاديمير بوتين", "روسيا"} <= set(actors)


def test_a_tagged_name_keeps_the_tagger_as_origin_and_its_confidence() -> None:
    actors, _ = names("وقال المحلل السياسي كريم بن عيسى الزعبي إن الأزمة ستطول.")
    tagged = [a for a in actors.values() if a.origin.startswith("tagger")]
    assert tagged, actors
    assert all(a.confidence is not None and 0.0 < a.confidence <= 1.0 for a in tagged)
    assert tagged[0].to_dict()["confidence"] == round(tagged[0].confidence or 0, 3)


def test_spelling_variants_of_a_known_person_give_one_canonical_value() -> None:
    text = "وقال الرئيس شي جين بينج إن بلاده مستعدة. وأضاف شي أن التعاون سيستمر."
    actors, _ = names(text)
    assert "شي جين بينغ" in actors
    assert not {"شي", "شي جين بينج"} & set(actors)


@pytest.mark.parametrize(
    "fragment",
    ["يعلن عدم مشاركته", "يتمتع بحصانة قضائية تجاه", "خالد بن سلمان يعود",
     "سلمان بن محمد برفقته", "رامي عبد الرحمن لوكالة فرانس"],
)  # fmt: skip
def test_a_title_rule_or_tagged_value_that_reads_as_a_fragment_is_dropped(fragment: str) -> None:
    for origin in ("rule:title", "tagger"):
        value = FacetValue(fragment, "person", origin, (0, len(fragment)))
        entity = Entity(fragment, "person", "PERS", 0.99, origin, ((0, len(fragment)),))
        table = [value] if origin == "rule:title" else []
        entities = [entity] if origin == "tagger" else []
        assert merge_names(table, [], entities) == ([], [])


def test_a_tagged_name_inside_a_table_name_is_not_a_second_actor() -> None:
    table = [FacetValue("محمد بن سلمان", "person", "alias", (0, 13))]
    inner = Entity("بن سلمان", "person", "PERS", 0.99, "tagger", ((5, 13),))
    actors, _ = merge_names(table, [], [inner])
    assert [a.value for a in actors] == ["محمد بن سلمان"]


def test_a_head_word_alone_or_a_doubled_word_is_not_a_tagged_name() -> None:
    vague = [
        Entity("البرلمان", "organisation", "ORG", 0.99, "tagger", ((0, 8),)),
        Entity("جو جو", "person", "PERS", 0.99, "tagger", ((20, 25),)),
    ]
    assert merge_names([], [], vague) == ([], [])


def test_a_person_named_only_deep_in_the_article_is_an_actor() -> None:
    filler = " ".join(["وتحدث الحضور عن الاقتصاد والتعليم والصحة في البلاد."] * 12)
    actors, _ = names(f"اجتماع في العاصمة.\n{filler}\nوقال المحلل السياسي كريم بن عيسى الزعبي "
                      "إن الأزمة ستطول.")  # fmt: skip
    assert any("الزعبي" in value for value in actors), actors


def test_the_kingdom_alone_is_no_place() -> None:
    kingdom = Entity("المملكة", "place", "LOC", 0.99, "tagger", ((0, 7),))
    assert merge_names([], [], [kingdom]) == ([], [])
