"""Actors: alias table, title rule, surname reuse and clitics, all canonical."""

from __future__ import annotations

from search.ingest.extract.actors import find_actors
from search.ingest.extract.cleaning import clean


def actors(text: str) -> dict[str, str]:
    """Canonical value → origin."""
    return {a.value: a.origin for a in find_actors(clean(text))}


def test_both_spellings_of_xi_are_one_actor() -> None:
    found = find_actors(clean("التقى شي جين بينغ نظيره.\nوقال شي جين بينج إن التعاون مستمر."))
    assert [a.value for a in found if a.type == "person"] == ["شي جين بينغ"]


def test_span_points_at_the_mention_in_the_original() -> None:
    text = "وقال الرئيس الروسي فلاديمير بوتين إن التعاون مستمر."
    putin = next(a for a in find_actors(clean(text)) if a.value == "فلاديمير بوتين")
    assert text[putin.span[0] : putin.span[1]] == "فلاديمير بوتين"


def test_clitics_are_stripped_from_names() -> None:
    found = actors("قدم الرئيس التهنئة لبوتين وللصين وروسيا، واجتمع بالصينيين.")
    assert {"فلاديمير بوتين", "الصين", "روسيا"} <= found.keys()


def test_clitic_is_outside_the_span() -> None:
    text = "وتحدث عن وروسيا اليوم."
    russia = next(a for a in find_actors(clean(text)) if a.value == "روسيا")
    assert text[russia.span[0] : russia.span[1]] == "روسيا"


def test_nationality_adjective_counts_for_its_country() -> None:
    found = actors("قال وزير الخارجية الصيني إن العلاقات الروسية جيدة.")
    assert found["الصين"] == "rule:nationality" and found["روسيا"] == "rule:nationality"


def test_organisations_are_found_across_quotes_and_spelling_variants() -> None:
    found = actors("وتعمل الدولتان في منظمة “شانغهاي للتعاون” ومجموعة “بريكس”.")
    assert {"منظمة شنغهاي للتعاون", "بريكس"} <= found.keys()


def test_a_city_is_not_an_actor() -> None:
    assert "شنغهاي" not in actors("وصل الوفد إلى شنغهاي أمس.")


def test_longer_term_blocks_a_shorter_country_match() -> None:
    assert "الولايات المتحدة" not in actors("وتشهد أمريكا اللاتينية نموا اقتصاديا.")


def test_title_rule_finds_an_unseen_name_and_its_end() -> None:
    found = actors("أعرب رئيس مجلس الدولة الفلاني تشانغ وي عن استعداد بلاده للتعاون.")
    assert found.get("تشانغ وي") == "rule:title"


def test_title_rule_stops_at_a_clitic_led_noun() -> None:
    found = actors("أشاد رئيس الوزراء الفلاني أندريه كوزلوف بمستوى العلاقات.")
    assert "أندريه كوزلوف" in found


def test_title_rule_skips_the_spokesperson_phrase() -> None:
    found = actors("قالت المتحدثة باسم وزارة الخارجية الفلانية لينا بوغدان إن العلاقات جيدة.")
    assert "لينا بوغدان" in found


def test_title_followed_by_no_name_gives_nothing() -> None:
    found = actors("قال الرئيس إن الاجتماع ناجح. وأكد رئيس مفوضية الاتحاد أن الخطة جاهزة.")
    assert not [v for v, o in found.items() if o == "rule:title"]


def test_known_names_in_the_seeds_come_from_the_table() -> None:
    found = actors(
        "أعرب رئيس مجلس الدولة الصيني لي تشيانغ عن استعداد بلاده. "
        "وأشاد رئيس الوزراء الروسي ميخائيل ميشوستين بمستوى العلاقات."
    )
    assert found["لي تشيانغ"] == "alias" and found["ميخائيل ميشوستين"] == "alias"


def test_surname_alone_counts_after_the_full_name() -> None:
    text = "قال الوزير الفلاني غريغوري باتشين إن التعاون مستمر.\nوأضاف باتشين أن الخطة جاهزة."
    found = find_actors(clean(text))
    assert [a.value for a in found if a.type == "person"] == ["غريغوري باتشين"]


def test_short_form_needs_the_full_name_in_the_document() -> None:
    assert "شي جين بينغ" not in actors("وقال شي إن الخطة جاهزة.")
    assert "شي جين بينغ" in actors("التقى شي جين بينغ نظيره.\nوقال شي إن الخطة جاهزة.")


def test_names_only_in_boilerplate_are_not_actors() -> None:
    text = (
        "أكد الرئيس الصيني أن التعاون مع روسيا مستمر في مجالات الطاقة والتجارة والنقل "
        "والزراعة والثقافة وفق ما اتفق عليه الجانبان.\n\n"
        "مقالات مشابهة\n  • عبدالله بن زايد يبحث العلاقات\n"
    )
    assert "عبدالله بن زايد" not in actors(text)
