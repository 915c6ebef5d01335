"""Where each facet value of an article came from, in Arabic words.

The index records an origin per value (``manifest``, ``record``, ``alias`` or
``rule:<name>`` for an extraction rule) and a reason per removed stretch of
text (``masthead``, ``caption`` …). Those ids are for programs and the API;
an Arabic page names them in Arabic, and an id this table does not know yet
still gets an Arabic phrase rather than leaking English onto the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from web.formatting import arabic_date

ORIGINS = {
    "manifest": "ملف البيان المرفق بالمجموعة",
    "record": "حقل في سجل المقال",
    "alias": "جدول الأسماء المعروفة",
    "tagger": "مصنّف الأسماء الآلي",
    "tagger+alias": "مصنّف الأسماء الآلي، والقيمة من جدول الأسماء",
    "corpus": "اسم وجده مصنّف الأسماء بثقة في مقالات أخرى من المجموعة",
}
RULES = {
    "cited_outlet": "وسيلة إعلام يُنسب إليها الخبر في النص",
    "nationality": "صفة نسبة إلى بلد (مثل «الروسي»)",
    "title": "اسم يلي لقبًا (مثل «الرئيس»)",
    "surname": "اسم عائلة لشخص ذُكر كاملًا من قبل",
    "office": "مؤسسة دولة تليها صفة بلدها (مثل «وزارة الخارجية الصينية»)",
    "masthead": "ترويسة الموقع في أول المقال",
    "byline": "سطر الكاتب",
    "source_line": "سطر «المصدر:»",
    "credit_line": "سطر الاعتماد",
    "closing_credit": "توقيع في آخر المقال",
    "agency_dateline": "اسم الوكالة في مستهل الخبر",
    "date_label": "تاريخ معنون في الصفحة («تاريخ النشر»)",
    "date_line": "سطر التاريخ",
    "dateline": "سطر المكان والتاريخ في مستهل الخبر",
    "today": "تاريخ «اليوم» في مستهل الخبر",
}
#: Why a stretch of the scraped text is not part of the article (cleaning's reasons).
REMOVED = {
    "masthead": "ترويسة الموقع",
    "title": "العنوان (معروض أعلى الصفحة)",
    "caption": "تعليق صورة",
    "duplicate": "تكرار (تعليق صورة أو فقرة مكررة)",
    "related": "روابط أخبار ذات صلة",
    "read_also": "«اقرأ أيضًا»",
    "second_article": "مقال آخر في الصفحة نفسها",
    "app_promo": "ترويج لتطبيق",
    "credit": "سطر اعتماد",
    "credit_line": "سطر اعتماد",
    "closing_credit": "توقيع في آخر المقال",
    "source_line": "سطر «المصدر:»",
    "sign_off": "عبارة ختام",
    "byline": "سطر الكاتب",
    "dateline": "سطر المكان والتاريخ",
    "agency_dateline": "اسم الوكالة في المستهل",
    "seo_prefix": "بادئة لمحركات البحث",
    "ui": "عناصر واجهة الموقع",
    "link": "رابط",
    "junk": "رموز بلا نص",
    "cited": "ذكر المصدر",
}
UNKNOWN_RULE = "قاعدة استخراج آلية"
UNKNOWN_REMOVED = "مقطع ليس من نص المقال"


def origin_label(
    origin: str | None, confidence: float | None = None, evidence: int | None = None
) -> str:
    """Where a facet value came from, in Arabic (never the rule's English id); the
    tagger's confidence beside it, so a reader can weigh a name no table vouches for,
    and for a name the corpus confirmed, in how many articles."""
    if not origin:
        return ""
    if origin.startswith("rule:"):
        return f"قاعدة: {RULES.get(origin[5:], UNKNOWN_RULE)}"
    label = ORIGINS.get(origin, UNKNOWN_RULE)
    if evidence is not None:
        return f"{label} (عدد المقالات {evidence})"
    return f"{label} (الثقة {confidence:.2f})" if confidence is not None else label


def removed_label(reason: str | None) -> str:
    """Why Bahth left a stretch of the scraped text out of the article, in Arabic."""
    return REMOVED.get(reason or "", UNKNOWN_REMOVED)


@dataclass(frozen=True)
class ProvenanceRow:
    """One facet value of a document and the evidence for it."""

    kind: str
    value: str
    origin: str
    quote: str
    hijri: str | None = None


PROVENANCE_KINDS = (("source", "المصدر"), ("published", "التاريخ"))
PROVENANCE_LISTS = (("actors", "فاعل"), ("places", "مكان"), ("agencies", "وكالة"))


def provenance_rows(doc: dict[str, Any]) -> list[ProvenanceRow]:
    """The provenance table: value, where it came from, the text it was read from.

    The source is shown by the label the document body already carries (``source_label``)."""
    prov = doc.get("provenance") or {}
    text = doc.get("text") or ""
    offset = doc.get("text_offset") or 0  # the text shown may be one part of a long article
    items = [(key, label, prov.get(key)) for key, label in PROVENANCE_KINDS]
    items += [(key, label, item) for key, label in PROVENANCE_LISTS for item in prov.get(key) or []]
    rows = []
    for key, label, item in items:
        if not item:
            continue
        span = item.get("span")
        value = str(item.get("value", ""))
        if key == "published":
            value = arabic_date(value)
        elif key == "source" and value == doc.get("source"):
            value = doc.get("source_label") or value
        rows.append(
            ProvenanceRow(
                kind=label,
                value=value,
                origin=origin_label(
                    item.get("origin"), item.get("confidence"), item.get("evidence")
                ),
                quote=_quote(text, span, offset),
                hijri=item.get("hijri"),
            )
        )
    return rows


def _quote(text: str, span: Any, offset: int) -> str:
    """The words a value was read from, when they are in the part shown."""
    if not span or not offset <= span[0] < span[1] <= offset + len(text):
        return ""
    return text[span[0] - offset : span[1] - offset]
