"""Arabic presentation: dates, month labels, counts, the histogram, safe marks.

Numerals stay Western (0-9) because that is how the seed articles print
them; month names are the ones Arabic newspapers in Egypt and the Gulf use.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape
from typing import Any

from markupsafe import Markup, escape

MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
#: Histogram bars are drawn with classes h-0 … h-BAR_STEPS (CSP forbids style="").
BAR_STEPS = 20
#: Gaps between months are filled with empty bars up to this many bars.
MAX_BARS = 240
_MARK = re.compile(r"(</?mark>)")


def arabic_date(value: str | dt.date | None) -> str:
    """``2026-02-04`` → ``4 فبراير 2026``; empty for no date."""
    if not value:
        return ""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def arabic_month(value: str) -> str:
    """``2026-02`` → ``فبراير 2026``."""
    year, month = value.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


def article_count(count: int) -> str:
    """A count with the Arabic noun form it takes (1, 2, 3-10, 11+)."""
    if count == 0:
        return "لا مقالات"
    if count == 1:
        return "مقال واحد"
    if count == 2:
        return "مقالان"
    if 3 <= count % 100 <= 10:
        return f"{count} مقالات"
    if count % 100 >= 11:
        return f"{count} مقالًا"
    return f"{count} مقال"


def safe_marks(html: str | None) -> Markup:
    """Library HTML made safe to insert: only ``<mark>`` survives as markup.

    The library already escapes everything but its marks; this does not trust
    that. Text between marks is unescaped and escaped again (so any tag in it
    becomes text) and marks are re-balanced.
    """
    if not html:
        return Markup("")
    out: list[str] = []
    depth = 0
    for piece in _MARK.split(html):
        if piece == "<mark>":
            if depth == 0:
                out.append(piece)
            depth += 1
        elif piece == "</mark>":
            if depth == 1:
                out.append(piece)
            depth = max(0, depth - 1)
        else:
            out.append(str(escape(unescape(piece))))
    if depth:
        out.append("</mark>")
    return Markup("".join(out))


@dataclass(frozen=True)
class Bar:
    """One month of the histogram."""

    month: str
    label: str
    count: int
    height: int
    selected: bool
    url: str | None


def histogram(facet: dict[str, Any]) -> list[Bar]:
    """Chronological bars of the date facet, empty months filled in."""
    items = {r["value"]: r for r in facet.get("results", [])}
    if not items:
        return []
    months = sorted(items)
    top = max(r["count"] for r in items.values()) or 1
    filled = _month_span(months[0], months[-1])
    if len(filled) > MAX_BARS:
        filled = months
    bars = []
    for month in filled:
        item = items.get(month)
        count = item["count"] if item else 0
        height = 0 if count == 0 else max(1, round(count / top * BAR_STEPS))
        bars.append(
            Bar(
                month=month,
                label=arabic_month(month),
                count=count,
                height=height,
                selected=bool(item and item["selected"]),
                url=item.get("toggle_url") if item and count else None,
            )
        )
    return bars


def _month_span(first: str, last: str) -> list[str]:
    year, month = (int(x) for x in first.split("-"))
    end = tuple(int(x) for x in last.split("-"))
    out = []
    while (year, month) <= end and len(out) <= MAX_BARS:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


ORIGINS = {
    "manifest": "ملف البيان",
    "record": "حقل في السجل",
    "alias": "جدول الأسماء",
    "tagger": "مصنّف الأسماء الآلي",
    "tagger+alias": "مصنّف الأسماء الآلي، والقيمة من جدول الأسماء",
}


def origin_label(origin: str | None, confidence: float | None = None) -> str:
    """Where a facet value came from, in Arabic; the tagger's confidence beside it, so a
    reader can weigh a name no table or rule vouches for."""
    if not origin:
        return ""
    if origin.startswith("rule:"):
        return f"قاعدة استخراج ({origin[5:]})"
    label = ORIGINS.get(origin, origin)
    return f"{label} (الثقة {confidence:.2f})" if confidence is not None else label


def safe_url(url: str | None) -> str | None:
    """An article URL fit for ``href``: http(s) only, never ``javascript:``."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None


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
    """The provenance table: value, where it came from, the text it was read from."""
    prov = doc.get("provenance") or {}
    text = doc.get("text") or ""
    items = [(key, label, prov.get(key)) for key, label in PROVENANCE_KINDS]
    items += [(key, label, item) for key, label in PROVENANCE_LISTS for item in prov.get(key) or []]
    rows = []
    for key, label, item in items:
        if not item:
            continue
        span = item.get("span")
        value = str(item.get("value", ""))
        rows.append(
            ProvenanceRow(
                kind=label,
                value=arabic_date(value) if key == "published" else value,
                origin=origin_label(item.get("origin"), item.get("confidence")),
                quote=text[span[0] : span[1]] if span else "",
                hijri=item.get("hijri"),
            )
        )
    return rows
