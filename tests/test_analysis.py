"""The analyzer on real news word forms: offsets, normalisation, stemming."""

from __future__ import annotations

import pytest

from search.text.analyzers import analyze_word, exact_analyzer, stem_word, stemmed_analyzer
from search.text.normalise import normalize_text


def tokens(analyzer, text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, positions=True)]


def stem(word: str) -> str | None:
    return analyze_word(word)[1]


def test_tokenizer_keeps_diacritics_inside_one_token_with_original_offsets() -> None:
    text = "وتشهد العلاقاتُ تطوّراً"
    got = tokens(exact_analyzer(), text)
    assert [text[s:e] for _, s, e in got] == ["وتشهد", "العلاقاتُ", "تطوّراً"]
    assert [t for t, _, _ in got] == ["وتشهد", "العلاقات", "تطورا"]


def test_tokenizer_keeps_tatweel_inside_the_word() -> None:
    text = "العـــلاقات"
    assert tokens(exact_analyzer(), text) == [("العلاقات", 0, len(text))]


def test_arabic_punctuation_splits_words() -> None:
    text = "الصين،روسيا؛بكين؟«موسكو»“واشنطن”٪"
    assert [t for t, _, _ in tokens(exact_analyzer(), text)] == [
        "الصين",
        "روسيا",
        "بكين",
        "موسكو",
        "واشنطن",
    ]


def test_offsets_point_into_the_original_text_after_normalisation() -> None:
    text = "قال الرئيسُ «بوتين» إنّ العلاقاتِ الثنائيةَ"
    for term, start, end in tokens(stemmed_analyzer(), text):
        assert analyze_word(text[start:end])[1] == term


def test_invisible_marks_are_stripped_from_tokens() -> None:
    assert analyze_word("بو\u200cتين")[0] == "بوتين"
    assert normalize_text("\u200fالصين\u200e") == "الصين"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("أحمد", "احمد"),
        ("إسرائيل", "اسرائيل"),
        ("آسيا", "اسيا"),
        ("ٱلله", "الله"),
        ("بنى", "بني"),  # alef maqsura folds to yeh, never to alef
        ("مستشفى", "مستشفي"),
        ("علاقة", "علاقه"),
        ("المتحدثة", "المتحدثه"),
        ("٢٠٢٦", "2026"),
        ("۱۴۰۳", "1403"),
        ("کتاب", "كتاب"),
        ("ایران", "ايران"),
        ("ہمارا", "همارا"),
        ("ھذا", "هذا"),
        ("COVID", "covid"),
        ("Sputnik", "sputnik"),
        ("تطوّراً", "تطورا"),
        ("مُحَمَّدٌ", "محمد"),
        ("العـــلاقات", "العلاقات"),
    ],
)
def test_normalisation_folds_letter_forms(written: str, normalised: str) -> None:
    assert analyze_word(written)[0] == normalised


@pytest.mark.parametrize(
    ("query_form", "document_form"),
    [
        ("علاقة", "والعلاقاتُ"),
        ("علاقة", "للعلاقات"),
        ("علاقة", "بالعلاقات"),
        ("علاقات", "العلاقة"),
        ("دولية", "الدولية"),
        ("الدولي", "دولية"),
        ("رئيس", "والرئيس"),
        ("رئيس", "للرئيس"),
        ("الرئيسية", "رئيسي"),
        ("وزير", "الوزير"),
        ("وزير", "ووزير"),
        ("وزارة", "والوزارة"),
        ("وكالة", "الوكالة"),
        ("خارجية", "الخارجية"),
        ("متحدث", "المتحدثة"),
        ("اقتصاد", "الاقتصادية"),
        ("اقتصادي", "الاقتصاد"),
        ("الصين", "والصين"),
        ("الصين", "بالصين"),
        ("الصيني", "الصينية"),
        ("روسيا", "وروسيا"),
        ("الروسي", "الروسية"),
        ("مسلم", "المسلمون"),
        ("مسلم", "المسلمين"),
        ("معلم", "المعلمات"),
        ("تطور", "تطوّراً"),
        ("تطور", "التطورات"),
        ("مؤتمر", "مؤتمرات"),
        ("الأمم", "الامم"),
        ("أمريكا", "امريكا"),
        ("اتفاق", "الاتفاق"),
        ("مفاوضات", "والمفاوضات"),
        ("انتخابات", "الانتخابات"),
        ("حكومة", "الحكومات"),
        ("شركة", "والشركات"),
        ("بوتين", "لبوتين"),
        ("بوتين", "وبوتين"),
    ],
)
def test_light_stemmer_conflates_news_word_forms(query_form: str, document_form: str) -> None:
    assert stem(query_form) == stem(document_form)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("كتاب", "كاتب"),  # a root stemmer would merge these
        ("كتاب", "مكتب"),
        ("بوتين", "بوت"),  # a protected name is not a plural
        ("البحرين", "البحر"),
        ("فلسطين", "فلسط"),
    ],
)
def test_light_stemmer_keeps_distinct_words_apart(first: str, second: str) -> None:
    assert stem(first) != stem(second)


@pytest.mark.parametrize("name", ["بوتين", "لافروف", "ميشوستين", "شينخوا", "البحرين"])
def test_protected_names_keep_their_form(name: str) -> None:
    assert stem(name) == analyze_word(name)[0].removeprefix("ال")


@pytest.mark.parametrize("word", ["في", "من", "على", "إلى", "التي", "وقد", "هذه"])
def test_stopwords_are_dropped_from_the_stemmed_variant_only(word: str) -> None:
    exact, stemmed = analyze_word(word)
    assert exact
    assert stemmed is None


def test_stemmed_analyzer_drops_stopwords_but_exact_keeps_them() -> None:
    text = "العلاقات بين الصين وروسيا في العصر الجديد"
    assert len(tokens(exact_analyzer(), text)) == 7
    assert [t for t, _, _ in tokens(stemmed_analyzer(), text)] == [
        "علاق",
        "صين",
        "روسي",
        "عصر",
        "جديد",
    ]


def test_stems_never_get_shorter_than_two_letters() -> None:
    for word in ["وان", "بها", "لكم", "ات", "هي"]:
        assert len(stem_word(word)) >= 2


@pytest.mark.parametrize(("variant", "canonical"), [("بينج", "بينغ"), ("شانغهاي", "شنغهاي")])
def test_spelling_variants_of_names_fold_to_one_term(variant: str, canonical: str) -> None:
    assert analyze_word(variant) == analyze_word(canonical)


def test_digits_inside_latin_and_arabic_text_are_tokens() -> None:
    assert [t for t, _, _ in tokens(exact_analyzer(), "قمة G20 في ٢٠٢٤")] == [
        "قمه",
        "g20",
        "في",
        "2024",
    ]


def test_presentation_forms_are_folded() -> None:
    assert analyze_word("ﺍﻟﺼﻴﻦ")[0] == "الصين"
