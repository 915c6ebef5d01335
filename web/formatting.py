"""Arabic presentation: dates, month labels, counts, the histogram, safe marks.

Numerals stay Western (0-9) because that is how the seed articles print
them; month names are the ones Arabic newspapers in Egypt and the Gulf use.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
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
#: Room for this many year labels under the histogram (the side column is ~18rem).
YEAR_LABELS = 8
_MARK = re.compile(r"(</?mark>)")
#: Bidi embeddings, overrides, isolates and marks (U+202A-202E, U+2066-2069, U+200E/F).
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")
_FSI, _PDI = "\u2068", "\u2069"


def title_text(text: str) -> str:
    """A reader's text in ``<title>``, which takes no markup (no ``<bdi>``): its bidi
    controls stripped (a U+202E would reverse the rest of the tab's title, an unpaired
    U+2069 would close the isolate early) and the rest isolated (FSI … PDI)."""
    return _FSI + _BIDI_CONTROLS.sub("", text) + _PDI


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
    year_start: bool = False  # a year boundary is drawn before this bar
    year: str | None = None  # the year printed under it (not every one when crowded)
    #: On the share scale: the month's matches over all its articles in the selected sources.
    share: float | None = None


def histogram(facet: dict[str, Any], base: Mapping[str, int] | None = None) -> list[Bar]:
    """Chronological bars of the date facet, empty months filled in; with ``base`` (all
    articles of the selected sources per month) bars are shares of it (``scale=share``)."""
    items = {r["value"]: r for r in facet.get("results", [])}
    if not items:
        return []
    months = sorted(items)

    def value(month: str, count: int) -> float:
        return count / base[month] if base is not None and base.get(month) else float(count)

    top = max(value(m, r["count"]) for m, r in items.items()) or 1
    filled = _month_span(months[0], months[-1])
    if len(filled) > MAX_BARS:
        filled = months
    labels = _year_labels(filled)
    bars = []
    for index, month in enumerate(filled):
        item = items.get(month)
        count = item["count"] if item else 0
        height = 0 if count == 0 else max(1, round(value(month, count) / top * BAR_STEPS))
        bars.append(
            Bar(
                month=month,
                label=arabic_month(month),
                count=count,
                height=height,
                selected=bool(item and item["selected"]),
                url=item.get("toggle_url") if item and count else None,
                year_start=index > 0 and filled[index - 1][:4] != month[:4],
                year=labels.get(index),
                share=value(month, count) if base is not None else None,
            )
        )
    return bars


def _year_labels(months: list[str]) -> dict[int, str]:
    """Bar index -> the year printed under it: where each year starts (and under the
    first bar), but never two closer than a YEAR_LABELS-th of the column: four
    digits need the room, and 20 years of months would print over each other."""
    gap = math.ceil(len(months) / YEAR_LABELS)
    starts = [i for i, m in enumerate(months) if i == 0 or months[i - 1][:4] != m[:4]]
    labels: dict[int, str] = {}
    for index in reversed(starts):  # later years first: the first bar yields its place
        room = min(labels) if labels else len(months) + gap // 4  # the last may overhang a little
        if room - index >= gap or index == 0 and not labels:
            labels[index] = months[index][:4]
    return labels


def _month_span(first: str, last: str) -> list[str]:
    year, month = (int(x) for x in first.split("-"))
    end = tuple(int(x) for x in last.split("-"))
    out = []
    while (year, month) <= end and len(out) <= MAX_BARS:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def safe_url(url: str | None) -> str | None:
    """An article URL fit for ``href``: http(s) only, never ``javascript:``."""
    if url and re.match(r"^https?://", url.strip(), re.IGNORECASE):
        return url.strip()
    return None
