"""The name tagger: names in unseen news sentences, span rules, one decision per name, training.

The sentences are written for these tests (not taken from the training data).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pycrfsuite", reason="python-crfsuite is a dependency of the name tagger")

from search.ingest.extract.ner import train  # noqa: E402
from search.ingest.extract.ner.article import (  # noqa: E402
    actors_and_places,
    entities_in_tokens,
    find_entities,
    new_names,
)
from search.ingest.extract.ner.corpus import read_corpus, split  # noqa: E402
from search.ingest.extract.ner.gazetteer import phrase_key  # noqa: E402
from search.ingest.extract.ner.spans import fragment_reason, repair  # noqa: E402
from search.ingest.extract.ner.tagger import MODEL_PATH, Span, Tagger, load_tagger  # noqa: E402
from search.ingest.extract.ner.tokens import tokenize  # noqa: E402

SENTENCES = [
    (
        "قال الرئيس الفرنسي إيمانويل ماكرون إن باريس ستستضيف قمة أوروبية الشهر المقبل.",
        {("إيمانويل ماكرون", "person"), ("باريس", "place")},
    ),
    (
        "أعلنت شركة أرامكو السعودية عن أرباح قياسية، فيما تراجعت صادرات الكويت.",
        {("أرامكو", "organisation"), ("الكويت", "country")},
    ),
    (
        "التقى وزير الخارجية المصري سامح شكري نظيره الأردني أيمن الصفدي في عمان.",
        {("سامح شكري", "person"), ("أيمن الصفدي", "person")},
    ),
    (
        "وصل الأمين العام للأمم المتحدة أنطونيو غوتيريش إلى بغداد في زيارة رسمية.",
        {("أنطونيو غوتيريش", "person"), ("بغداد", "place")},
    ),
    (
        "وقالت منظمة الصحة العالمية إن عدد الإصابات في اليمن ارتفع.",
        {("منظمة الصحة العالمية", "organisation"), ("اليمن", "country")},
    ),
]

FRAGMENT_TEXTS = [
    "وقال مدير المرصد رامي عبد الرحمن لوكالة فرانس برس إن الاشتباكات استمرت طوال الليل.",
    "خالد بن سلمان يعود إلى الرياض بعد جولة خارجية.",
    "وأكد أن السفير يتمتع بحصانة قضائية تجاه المحاكم المحلية.",
    "سلمان بن محمد برفقته وفد رفيع المستوى.",
]


def values(text: str) -> set[tuple[str, str]]:
    return {(e.value, e.type) for e in find_entities(text) if e.type != "misc"}


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_the_tagger_finds_the_names_of_an_unseen_news_sentence(
    text: str, expected: set[tuple[str, str]]
) -> None:
    found = values(text)
    assert expected <= found, f"missing {expected - found}; found {found}"


def test_most_names_of_the_unseen_sentences_are_found_and_few_are_wrong() -> None:
    expected = set().union(*(e for _, e in SENTENCES))
    found = set().union(*(values(t) for t, _ in SENTENCES))
    assert len(expected & found) >= 0.8 * len(expected)
    assert len(found - expected) <= 3, found - expected


@pytest.mark.parametrize("text", FRAGMENT_TEXTS)
def test_no_name_runs_into_a_verb_or_a_prepositional_word(text: str) -> None:
    bad = ("لوكالة", "يعود", "يتمتع", "بحصانة", "تجاه", "برفقته", "إلى", "إن")
    for entity in find_entities(text, threshold=0.0):
        assert not any(word in entity.value.split() for word in bad), entity


def test_a_persons_span_stops_before_a_verb_and_a_clitic_led_agency_word() -> None:
    tokens = tokenize("رامي عبد الرحمن لوكالة فرانس برس")
    assert repair(tokens, 0, 6, "PERS") == [(0, 3)]
    tokens = tokenize("خالد بن سلمان يعود")
    assert repair(tokens, 0, 4, "PERS") == [(0, 3)]
    tokens = tokenize("بيروت ، دمشق")
    assert repair(tokens, 0, 3, "LOC") == [(0, 1), (2, 3)]


def test_a_name_tagged_once_labels_its_other_mentions_and_its_surname_after_it() -> None:
    text = "التقى الوزير كريم بنعلي بالوفد. وقال بنعلي إن كريم بنعلي سيعود غدا."
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    first = words.index("كريم")
    spans = [Span(first, first + 2, "PERS", 0.9)]  # the tagger found only the first mention
    (entity,) = entities_in_tokens(text, tokens, spans, threshold=0.5)
    assert entity.value == "كريم بنعلي"
    assert entity.type == "person"
    assert [text[a:b] for a, b in entity.spans] == ["كريم بنعلي", "بنعلي", "كريم بنعلي"]


def test_a_surname_before_the_full_name_is_not_taken_for_it() -> None:
    text = "قال بنعلي شيئا. ثم التقى كريم بنعلي بالوفد."
    tokens = tokenize(text)
    first = [t.text for t in tokens].index("كريم")
    (entity,) = entities_in_tokens(text, tokens, [Span(first, first + 2, "PERS", 0.9)], 0.5)
    assert [text[a:b] for a, b in entity.spans] == ["كريم بنعلي"]


def test_one_name_gets_one_type_in_an_article() -> None:
    text = "زار سلام المدينة. وقال سلام إن الزيارة ناجحة."
    tokens = tokenize(text)
    positions = [i for i, t in enumerate(tokens) if t.text == "سلام"]
    spans = [Span(positions[0], positions[0] + 1, "PERS", 0.9),
             Span(positions[1], positions[1] + 1, "LOC", 0.6)]  # fmt: skip
    (entity,) = entities_in_tokens(text, tokens, spans, threshold=0.5)
    assert entity.type == "person" and len(entity.spans) == 2


def test_a_name_below_the_threshold_is_dropped() -> None:
    text = "قال فلان الفلاني كلاما."
    tokens = tokenize(text)
    assert entities_in_tokens(text, tokens, [Span(1, 3, "PERS", 0.3)], threshold=0.5) == []


def test_countries_are_actors_and_cities_are_places() -> None:
    found = find_entities("وصل وفد من روسيا إلى القاهرة، ثم توجه إلى موسكو.")
    actors, places = actors_and_places(found)
    assert ("روسيا", "country") in {(e.value, e.type) for e in actors}
    assert {"القاهرة", "موسكو"} <= {e.value for e in places}


def test_an_offset_points_at_the_name_without_its_proclitic() -> None:
    text = "وقال مسؤول إن المفاوضات مع ولندن وبالقاهرة تتقدم، وإن لندن مستعدة."
    for entity in find_entities(text, threshold=0.0):
        for start, end in entity.spans:
            assert text[start:end] in (entity.value, "القاهرة", "لندن"), entity


def test_the_packaged_model_loads_once_per_thread() -> None:
    assert MODEL_PATH.exists()
    assert load_tagger() is load_tagger()


OWN_CORPUS = """وقال O\nالرئيس O\nسمير B-PERS\nعادل I-PERS\nإن O\nشركة B-ORG\nنور I-ORG\nتعمل O
في O\nتونس B-LOC\n. O\n\nوزار O\nوزير O\nالمالية O\nنبيل B-PERS\nحسن I-PERS\nمدينة O\nصفاقس B-LOC
. O\n\nأعلنت O\nجمعية B-ORG\nالأمل I-ORG\nفي O\nالمغرب B-LOC\nعن O\nمشروع O\n. O\n"""


def test_training_on_a_tiny_slice_writes_a_model_that_loads_and_tags(tmp_path: Path) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text("\n".join([OWN_CORPUS] * 40), encoding="utf-8")
    model = tmp_path / "tiny.crfsuite"
    train.main(["--data", str(data), "--out", str(model), "--limit", "120"])
    assert model.stat().st_size > 1000
    assert "GPL" in (tmp_path / "MODEL.md").read_text("utf-8")
    labels, probs = Tagger(model).label(tokenize("وقال الرئيس سمير عادل إن"))
    assert labels[2:4] == ["B-PERS", "I-PERS"]
    assert all(0.0 < p <= 1.0 for p in probs)


def test_the_development_split_is_fixed_and_apart_from_the_training_sentences(
    tmp_path: Path,
) -> None:
    data = tmp_path / "tiny.txt"
    data.write_text("\n".join([OWN_CORPUS] * 100), encoding="utf-8")
    sentences = read_corpus(data)
    first, second = split(sentences), split(read_corpus(data))
    assert first == second
    train_set, dev = first
    assert {s.block for s in train_set}.isdisjoint({s.block for s in dev})
    assert 0.1 < len(dev) / len(sentences) < 0.2


def test_two_people_joined_by_and_are_two_names() -> None:
    text = "شارك سامر ونادر في التدريب. وسجل نادر هدفا."
    tokens = tokenize(text)
    words = [t.text for t in tokens]
    first = words.index("سامر")
    found = entities_in_tokens(text, tokens, [Span(first, first + 2, "PERS", 0.9)], 0.5)
    assert {e.value for e in found} == {"سامر", "نادر"}
    (nader,) = [e for e in found if e.value == "نادر"]
    assert [text[a:b] for a, b in nader.spans] == ["نادر", "نادر"]


def test_a_proclitic_on_an_organisation_head_is_not_part_of_the_name() -> None:
    text = "وقال مدير لمركز دمشق الإعلامي إن الوضع هادئ."
    tokens = tokenize(text)
    first = [t.text for t in tokens].index("لمركز")
    (entity,) = entities_in_tokens(text, tokens, [Span(first, first + 3, "ORG", 0.9)], 0.5)
    assert entity.value == "مركز دمشق الإعلامي"
    assert text[slice(*entity.span)] == "مركز دمشق الإعلامي"


def test_a_name_found_in_the_lead_labels_its_mentions_after_the_lead() -> None:
    filler = " ".join(["وتحدث الحضور عن الاقتصاد والتعليم والصحة في البلاد."] * 12)
    text = f"قال الرئيس الفرنسي إيمانويل ماكرون إن الوضع مستقر. {filler} وأضاف ماكرون أنه متفائل."
    (macron,) = [e for e in find_entities(text, lead=10) if e.type == "person"]
    assert macron.value == "إيمانويل ماكرون"
    assert text[slice(*macron.spans[-1])] == "ماكرون" and macron.spans[-1][0] > len(text) - 30


def test_what_the_tagger_adds_to_the_tables_actors_is_compared_by_canonical_value() -> None:
    found = find_entities("قال بوتين إن شركة نور الفجر ستعمل في روسيا.", threshold=0.0)
    added = {e.value for e in new_names(found, ["فلاديمير بوتين", "روسيا"])}
    assert "فلاديمير بوتين" not in added and "روسيا" not in added


@pytest.mark.parametrize(
    "value",
    ["يعلن عدم مشاركته", "يتمتع بحصانة قضائية تجاه", "خالد بن سلمان يعود",
     "سلمان بن محمد برفقته", "رامي عبد الرحمن لوكالة فرانس"],
)  # fmt: skip
def test_the_fragments_the_issue_lists_are_recognised_as_fragments(value: str) -> None:
    assert fragment_reason(phrase_key(value)) is not None


@pytest.mark.parametrize(
    "value",
    ["خالد بن سلمان", "منظمة شنغهاي للتعاون", "علي عبد الله صالح", "بان كي مون", "فيرجيل فان دايك"],
)
def test_whole_names_are_not_taken_for_fragments(value: str) -> None:
    assert fragment_reason(phrase_key(value)) is None


def test_a_name_opening_with_ka_al_keeps_its_first_letter() -> None:
    text = "تفقد الأمير ميناء للطيران في صحراء #كاليفورنيا.\nوكان في استقباله رجل الأعمال."
    tokens = tokenize(text)
    first = [t.text for t in tokens].index("كاليفورنيا")
    (entity,) = entities_in_tokens(text, tokens, [Span(first, first + 1, "LOC", 0.9)], 0.5)
    assert entity.value == "كاليفورنيا"
    assert text[slice(*entity.span)] == "كاليفورنيا"


def test_ka_al_is_cut_where_the_article_writes_the_bare_name() -> None:
    text = "وصل الوفد إلى القاهرة، وبدت المدينة كالقاهرة القديمة."
    tokens = tokenize(text)
    spans = [Span(i, i + 1, "LOC", 0.9) for i, t in enumerate(tokens) if "قاهرة" in t.text]
    (entity,) = entities_in_tokens(text, tokens, spans, 0.5)
    assert entity.value == "القاهرة" and len(entity.spans) == 2
