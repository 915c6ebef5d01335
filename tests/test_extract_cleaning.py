"""Cleaning: boilerplate out of the body, recorded as spans; the body stays verbatim."""

from __future__ import annotations

from search.ingest.extract.cleaning import clean


def reasons(text: str) -> dict[str, list[str]]:
    """Removed text grouped by reason."""
    out: dict[str, list[str]] = {}
    for span in clean(text).removed():
        out.setdefault(span.reason, []).append(text[span.start : span.end])
    return out


STORY = (
    "أكد وزير الخارجية أن بلاده مستعدة للعمل مع الشركاء في المنطقة لتعزيز التعاون "
    "في مجالات الطاقة والتجارة والنقل والزراعة والثقافة.\n"
    "وأضاف الوزير أن المحادثات تناولت القضايا الإقليمية والدولية ذات الاهتمام المشترك.\n"
)


def test_read_also_block_mid_story_is_removed_and_the_story_goes_on() -> None:
    text = (
        STORY
        + "اقرأ أيضاً:\nالرئيس يستقبل وفداً رسمياً\n"
        + "وختم الوزير حديثه بالتأكيد على أهمية الحوار.\n"
    )
    cleaned = clean(text)
    assert "اقرأ أيضاً" not in cleaned.body and "يستقبل وفداً" not in cleaned.body
    assert cleaned.body.endswith("وختم الوزير حديثه بالتأكيد على أهمية الحوار.")


def test_prose_after_a_source_sign_off_is_a_second_article() -> None:
    second = (
        "قالت المتحدثة باسم الوزارة إن العلاقات بين البلدين شهدت تطوراً كبيراً "
        "خلال العام الماضي في مجالات كثيرة."
    )
    text = STORY + "المصدر: الثورة نت\nتابع أحدث الأخبار عبر تطبيق\n" + second
    found = reasons(text)
    assert found["second_article"] == [second]
    assert found["app_promo"] == ["تابع أحدث الأخبار عبر تطبيق"]
    assert second not in clean(text).body


def test_related_articles_list_is_removed() -> None:
    text = STORY + "\nمقالات مشابهة\n\n  • عبدالله بن زايد يبحث العلاقات\n  • وزير يناقش الأمن\n"
    assert "عبدالله بن زايد" not in clean(text).body
    assert "related" in reasons(text)


def test_scraper_junk_and_editor_initials_are_removed() -> None:
    text = STORY + "أهم الأخبار\n    xml/K/rss0.xml x0n not found\nس ل ق / ن ع ع\n"
    junk = "\n".join(reasons(text)["junk"])
    assert "xml/K/rss0.xml x0n not found" in junk and "س ل ق / ن ع ع" in junk
    assert clean(text).body == STORY.strip()


def test_repeated_paragraph_is_kept_once() -> None:
    text = STORY + STORY.splitlines()[0] + "\n"
    cleaned = clean(text)
    assert cleaned.body.count("أكد وزير الخارجية") == 1
    assert "duplicate" in reasons(text)


def test_near_duplicate_paragraph_with_brackets_is_a_duplicate() -> None:
    opening = "وأعرب عن استعداد موسكو لتعزيز التنسيق مع بكين في الأمم المتحدة "
    first = opening + "ومنظمة شانغهاي للتعاون ومجموعة دول بريكس."
    again = opening + "و(منظمة شانغهاي) للتعاون ومجموعة دول (بريكس)."
    assert reasons(STORY + first + "\n" + again)["duplicate"] == [again]


def test_seo_prefix_repeated_on_paragraphs_is_cut_but_the_paragraph_kept() -> None:
    topics = ["الطاقة النووية السلمية", "التجارة والاستثمار", "الثقافة والرياضة", "الأمن الإقليمي"]
    lines = [f"القمة الصينية الروسية: بحث الزعيمان ملف {t} في لقاء مطول." for t in topics]
    cleaned = clean("\n".join(lines))
    assert "القمة الصينية الروسية:" not in cleaned.body
    assert "بحث الزعيمان ملف الأمن الإقليمي" in cleaned.body
    assert sum(r.reason == "seo_prefix" for r in cleaned.removed()) == 4


def test_one_word_speech_opener_is_not_an_seo_prefix() -> None:
    lines = [f"وأضاف: الجملة رقم {n} في الخبر." for n in range(4)]
    assert "وأضاف:" in clean("\n".join(lines)).body


def test_masthead_and_staff_line_are_not_the_title() -> None:
    text = (
        "اتحاد العالم الإسلامي\n"
        "رئيس مجلس الإدارة د. محمد هارون رئيس التحرير محمود نفادي\n\n"
        "عنوان الخبر الرئيسي هنا\n" + STORY
    )
    cleaned = clean(text)
    assert cleaned.title == "عنوان الخبر الرئيسي هنا"
    assert "masthead" in reasons(text)


def test_first_line_ending_in_slash_is_a_publisher_line_not_a_title() -> None:
    cleaned = clean("الثورة نت/\n" + STORY)
    assert cleaned.title is None
    assert cleaned.body.startswith("أكد وزير الخارجية")


def test_wire_dateline_is_cut_from_the_first_paragraph() -> None:
    cleaned = clean("بكين - 4 - 2 (كونا) -- " + STORY)
    assert cleaned.body.startswith("أكد وزير الخارجية")
    assert [r.reason for r in cleaned.removed()] == ["dateline"]


def test_trailing_link_headlines_are_related_not_body() -> None:
    text = (
        STORY
        + "زعماء مجموعة العشرين يؤيدون إنشاء عالم خال من الأسلحة\n"
        + "مروحيات ترافق موكب الوزير... فيديو\nمناقشة\n"
    )
    cleaned = clean(text)
    assert cleaned.body == STORY.strip()


def test_kuna_sign_off_is_cut_from_the_last_paragraph() -> None:
    cleaned = clean(STORY + "وختم بالتأكيد على أهمية الحوار.(النهاية)\n")
    assert cleaned.body.endswith("أهمية الحوار.")
    assert "sign_off" in {r.reason for r in cleaned.removed()}


def test_diacritics_in_kept_lines_are_untouched() -> None:
    text = "تَطَوَّرَتِ العلاقاتُ بين البلدين تطوّراً لافتاً في مجالات كثيرة ومتنوعة جداً."
    assert clean(text).body == text


def test_a_line_of_plain_prose_is_never_taken_as_title() -> None:
    assert clean(STORY).title is None
