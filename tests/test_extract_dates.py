"""Publication dates: only a full date the text states, where pages put one."""

from __future__ import annotations

import datetime as dt

import pytest

from search.ingest.extract.cleaning import clean
from search.ingest.extract.dates import find_published

BODY = (
    "أكد الرئيس أن بلاده مستعدة للعمل مع الشركاء لتعزيز التعاون في مجالات الطاقة والتجارة "
    "والنقل والزراعة والثقافة وفق ما تم الاتفاق عليه سابقا بين الجانبين.\n"
)


def published(text: str) -> dt.date | None:
    value = find_published(clean(text))
    return value.date if value else None


def test_numeric_date_is_day_first() -> None:
    assert published("التاريخ : 04/02/2026\n" + BODY) == dt.date(2026, 2, 4)


def test_arabic_indic_digits_are_read() -> None:
    assert published("التاريخ: ٠٤/٠٢/٢٠٢٦\n" + BODY) == dt.date(2026, 2, 4)


@pytest.mark.parametrize(
    "line",
    ["4 فبراير 2026", "4 شباط 2026", "الأربعاء 4 فبراير/ شباط 2026", "4 كانون الثاني 2026"],
)
def test_month_names_of_both_families_are_read(line: str) -> None:
    expected = dt.date(2026, 1 if "كانون" in line else 2, 4)
    assert published(line + "\n" + BODY) == expected


def test_combined_month_names_with_slash_are_read() -> None:
    assert published("نشر في: 18 نوفمبر/ تشرين الثاني 2024\n" + BODY) == dt.date(2024, 11, 18)


def test_hijri_date_is_converted_and_kept() -> None:
    value = find_published(clean("التاريخ: 15 رجب 1447 هـ\n" + BODY))
    assert value is not None
    assert value.date == dt.date(2026, 1, 4)
    assert value.hijri == "1447-07-15"


def test_kuna_dateline_confirms_but_does_not_create_date() -> None:
    dateline = "بكين - 4 - 2 (كونا) -- " + BODY
    assert published(dateline) is None
    value = find_published(clean("التاريخ : 04/02/2026\n" + dateline))
    assert value is not None and "dateline" in value.confirmed_by


def test_weekday_confirms_a_matching_date() -> None:
    value = find_published(clean("الأربعاء 4 فبراير 2026\n" + BODY))
    assert value is not None and "weekday" in value.confirmed_by


def test_weekday_contradicting_the_date_drops_it() -> None:
    assert published("الخميس 4 فبراير 2026\n" + BODY) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        BODY,
        "وتعقد القمة في الفترة من 18 إلى 19 نوفمبر/ تشرين الثاني الجاري.\n" + BODY,
        "وقال إن عام 2024 كان صعبا.\n" + BODY,
        "أكد الرئيس اليوم الأربعاء أن التعاون مستمر.\n" + BODY,
    ],
)
def test_no_full_date_stated_means_no_date(text: str) -> None:
    assert published(text) is None


def test_event_date_in_running_prose_is_not_the_publication_date() -> None:
    text = BODY + "وكانت الطائرة قد اختفت في 8 آذار/مارس 2014 خلال رحلتها إلى بكين.\n"
    assert published(text) is None


def test_today_in_prose_dates_the_page() -> None:
    text = "أعلنت الحكومة اليوم الأربعاء 4 فبراير 2026 عن خطة جديدة.\n" + BODY
    assert published(text) == dt.date(2026, 2, 4)


def test_date_inside_a_quotation_is_not_the_publication_date() -> None:
    text = 'وقال الوزير: "نتذكر ما حدث اليوم 4 فبراير 1990 جيدا".\n' + BODY
    assert published(text) is None


def test_impossible_dates_are_ignored() -> None:
    assert published("التاريخ: 31/02/2026\n" + BODY) is None
    assert published("التاريخ: 02/24/2026\n" + BODY) is None
