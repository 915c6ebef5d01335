"""Publisher (one canonical outlet) versus the agencies a story merely cites."""

from __future__ import annotations

from search.ingest.extract.cleaning import clean
from search.ingest.extract.outlets import outlet_named
from search.ingest.extract.publisher import find_agencies, find_publisher

BODY = (
    "أكد الرئيس أن بلاده مستعدة للعمل مع الشركاء لتعزيز التعاون في مجالات الطاقة والتجارة "
    "والنقل والزراعة والثقافة وفق ما تم الاتفاق عليه سابقا بين الجانبين.\n"
)


def publisher(text: str) -> str | None:
    value = find_publisher(clean(text))
    return value.value if value else None


def agencies(text: str) -> list[str]:
    cleaned = clean(text)
    return [a.value for a in find_agencies(cleaned, find_publisher(cleaned))]


def test_kuna_and_its_arabic_name_are_one_outlet() -> None:
    assert outlet_named("كونا") == outlet_named("وكالة الأنباء الكويتية") == outlet_named("KUNA")


def test_kuna_dateline_makes_kuna_the_publisher() -> None:
    text = "بكين - 4 - 2 (كونا) -- " + BODY
    assert publisher(text) == "وكالة الأنباء الكويتية (كونا)"


def test_source_line_names_the_publisher() -> None:
    assert publisher(BODY + "المصدر: الثورة نت\n") == "الثورة نت"


def test_source_line_saying_agencies_names_no_publisher() -> None:
    assert publisher(BODY + "المصدر: وكالات\n") is None


def test_unknown_outlet_in_source_line_is_taken_as_printed() -> None:
    assert publisher(BODY + "المصدر: صحيفة الغد الجديد\n") == "صحيفة الغد الجديد"


def test_bare_latin_credit_line_names_sputnik() -> None:
    assert (
        publisher("عنوان الخبر\n" + BODY + "Sputnik\n" + BODY.replace("الرئيس", "الوزير"))
        == "سبوتنيك"
    )


def test_agency_cited_in_the_story_is_never_the_publisher() -> None:
    text = (
        "وقال الرئيس، وفقا لما نقلت عنه وكالة سبوتنيك الروسية للأنباء، إن التعاون مستمر.\n" + BODY
    )
    assert publisher(text) is None
    assert agencies(text) == ["سبوتنيك"]


def test_xinhua_by_both_names_is_one_cited_agency() -> None:
    text = "وأوضحت وكالة أنباء الصين الجديدة (شينخوا) أن ذلك جاء خلال اتصال.\n" + BODY
    assert agencies(text) == ["شينخوا"]


def test_masthead_names_the_publisher_and_dateline_agency_becomes_cited() -> None:
    text = "اتحاد العالم الإسلامي\nرئيس التحرير محمود نفادي\n\nبكين - 4 - 2 (كونا) -- " + BODY
    assert publisher(text) == "اتحاد العالم الإسلامي"


def test_closing_credit_paragraph_names_the_site() -> None:
    text = BODY + (
        "لمتابعة التفاصيل الكاملة يمكن الرجوع إلى موقع متن نيوز عبر رابط الخبر، "
        "حرصًا على وصول القارئ للمصدر الأصلي."
    )
    assert publisher(text) == "متن نيوز"


def test_ambiguous_outlet_names_need_a_cue_word() -> None:
    assert agencies("وتقع شبه الجزيرة الكورية شرق آسيا.\n" + BODY) == []
    assert agencies("وقالت قناة الجزيرة إن الاجتماع انتهى.\n" + BODY) == ["الجزيرة"]


def test_cnn_dateline_is_the_publisher() -> None:
    assert publisher("دبي، الإمارات العربية المتحدة (CNN)-- " + BODY) == "سي إن إن"
