"""A name the corpus confirms reaches every article that writes it, on every engine.

The tagger finds ``كفرنبل`` with confidence in four articles and misses it in
two short ones; after a build those two carry it too (origin ``corpus``, with
its evidence), and the place filter finds all six. ``الوطن`` is tagged as
confidently in three place-like sentences, but twelve other articles write the
word as the common noun it is ("homeland"): it is not confirmed and no article
gets it from the corpus. A confirmed name never takes the place of a longer
one written at the same position.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from search.engine.base import Engine
from search.ingest.corpus_names import ConfirmedName, CorpusNames, NameCounts
from search.ingest.extract.ner.gazetteer import phrase_key
from search.ingest.extraction_source import extract_with_words
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES
from web.provenance import origin_label

CONFIDENT = [
    "سيطرت قوات المعارضة على بلدة كفرنبل في ريف إدلب.",
    "قالت مصادر محلية في مدينة كفرنبل إن القصف طال سوقا شعبيا.",
    "قصفت الطائرات بلدة كفرنبل الواقعة جنوب إدلب.",
    "نزح آلاف المدنيين من مدينة كفرنبل باتجاه الحدود التركية.",
]
MISSED = ["خرجت مظاهرة في كفرنبل أمس.", "وعاد الهدوء إلى كفرنبل بعد أيام من القصف."]
COMMON_AS_PLACE = [
    "قالت مصادر محلية في مدينة الوطن إن القصف طال سوقا شعبيا.",
    "نزح آلاف المدنيين من مدينة الوطن باتجاه الحدود التركية.",
    "سيطرت قوات المعارضة على بلدة الوطن في ريف إدلب.",
]
COMMON = [
    f"دعا الرئيس أبناء الوطن إلى الوحدة والعمل من أجل {topic}."
    for topic in ("المستقبل", "التنمية", "السلام", "الاستقرار", "الشباب", "التعليم")
] + [
    f"قال الوزير إن خدمة الوطن واجب على كل مواطن في {field}."
    for field in ("الجيش", "المدارس", "المصانع", "الحقول", "المستشفيات", "الجامعات")
]
TEXTS = CONFIDENT + MISSED + COMMON_AS_PLACE + COMMON
RECORDS = [{"id": f"n{i:02d}", "title": "خبر", "body": text} for i, text in enumerate(TEXTS)]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"corpus-names-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def _ids(engine: Engine, place: str) -> set[str]:
    response = run_search(engine, SearchParams(q="", filters={"places": (place,)}, per_page=50))
    return {hit.id for hit in response.hits}


def test_the_tagger_alone_misses_the_place_in_two_articles() -> None:
    def tagged(text: str) -> list[str]:
        return [p.value for p in extract_with_words(text)[0].places if p.origin == "tagger"]

    assert all(tagged(text) == ["كفرنبل"] for text in CONFIDENT)
    assert all(tagged(text) == [] for text in MISSED)
    assert all(tagged(text) == ["الوطن"] for text in COMMON_AS_PLACE)
    assert all(tagged(text) == [] for text in COMMON)


def test_a_name_confirmed_by_four_articles_reaches_the_two_the_tagger_missed(
    engine: Engine,
) -> None:
    assert _ids(engine, place="كفرنبل") == {f"n{i:02d}" for i in range(6)}


def test_the_article_says_the_corpus_gave_the_name_and_on_what_evidence(
    engine: Engine,
) -> None:
    found = engine.document("n04")  # خرجت مظاهرة في كفرنبل أمس
    assert found is not None
    [place] = found.provenance["places"]
    assert (place["value"], place["origin"], place["evidence"]) == ("كفرنبل", "corpus", 4)


def test_a_common_word_tagged_in_a_few_articles_is_not_confirmed(engine: Engine) -> None:
    assert _ids(engine, place="الوطن") == {"n06", "n07", "n08"}  # the tagger's own only


def test_the_version_lists_its_confirmed_names(tmp_path: Path) -> None:
    index = ENGINES["whoosh"](tmp_path, RECORDS, False)
    [listed] = json.loads(next(tmp_path.glob("index/*/*/corpus_names.json")).read_text("utf-8"))
    assert listed == {"value": "كفرنبل", "type": "place", "evidence": 4}
    assert index is not None


def test_a_confirmed_name_does_not_take_the_place_of_a_longer_one_at_the_same_position() -> None:
    names = CorpusNames(
        {
            phrase_key("الغوطة"): ConfirmedName("الغوطة", "place", 9),
            phrase_key("الغوطة الشرقية"): ConfirmedName("الغوطة الشرقية", "place", 7),
        }
    )
    extraction, words = extract_with_words("نزح آلاف المدنيين من الغوطة الشرقية باتجاه دمشق.")
    labelled = names.label(extraction, words)
    assert [(p.value, p.origin) for p in labelled.places] == [
        ("الغوطة الشرقية", "corpus"),
        ("دمشق", "alias"),
    ]
    extraction, words = extract_with_words("وصلت قافلة إلى الغوطة الشرقية ثم عادت من الغوطة.")
    labelled = names.label(extraction, words)
    assert [p.value for p in labelled.places] == ["الغوطة الشرقية", "الغوطة"]


def test_counts_confirm_a_name_only_past_the_evidence_and_common_word_guards() -> None:
    counts = NameCounts()
    for text in TEXTS:
        counts.add(*extract_with_words(text))
    confirmed = counts.confirmed().names
    assert [name.value for name in confirmed.values()] == ["كفرنبل"]
    assert counts.confident[("الوطن",)] == 3 and counts.holding(("الوطن",)) == 15


@pytest.mark.parametrize("kind", sorted(ENGINES))
def test_an_update_s_new_articles_confirm_a_name_for_an_article_indexed_before(
    kind: str, tmp_path: Path
) -> None:
    first = [RECORDS[0], RECORDS[1], RECORDS[4]]  # two confident, one missed: not confirmed
    before = ENGINES[kind](tmp_path, first, False)
    assert _ids(before, "كفرنبل") == {"n00", "n01"}
    after = ENGINES[kind](tmp_path, RECORDS[:5], True)  # two more confident articles
    assert _ids(after, "كفرنبل") == {"n00", "n01", "n02", "n03", "n04"}


def test_a_confirmed_surname_is_not_a_second_person_beside_the_full_name() -> None:
    names = CorpusNames({phrase_key("صالحي"): ConfirmedName("صالحي", "person", 9)})
    text = (
        "قال رئيس منظمة الطاقة الذرية الإيرانية أكبر صالحي إن بلاده مستعدة. "
        "وحذر صالحي من الانسحاب من الاتفاق."
    )
    extraction, words = extract_with_words(text)
    assert "أكبر صالحي" in [a.value for a in extraction.actors]
    assert names.label(extraction, words).actors == extraction.actors


def test_the_page_says_a_corpus_name_came_from_other_articles_and_how_many() -> None:
    label = origin_label("corpus", None, 4)
    assert "مقالات أخرى من المجموعة" in label and "4" in label
