"""Publication date: only a full date the text states, in a place that dates the page.

Never the clock, never a bare year, never ``18 إلى 19 نوفمبر`` (no year), never
a day-month wire dateline alone. A stated date counts as the publication date
when it stands where pages put it:

1. ``date_label``: a labelled line (``التاريخ : 04/02/2026``, ``نشر في:``) or
   a line of nothing but digits;
2. ``date_line``: a line that is only a date (weekday, time allowed) among the
   first or last lines;
3. ``dateline``: the opening words of the story, followed by a dash, a bracket
   or a colon (``القاهرة في 4 فبراير 2026 -``);
4. ``today``: running text that says *today* is that date (``اليوم الأربعاء
   4 فبراير 2026``), outside quotation marks.

A date elsewhere in prose is an event date, and a date inside a quotation is
someone speaking about another time: neither dates the page. A weekday next to
the date, a wire dateline's day and month (``بكين - 4 - 2 (كونا)``) or a Hijri
date in the same line *confirm* the chosen date (``DateValue.confirmed_by``);
a weekday that contradicts it drops it. Numeric dates are day first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from hijridate import Hijri

from search.ingest.extract.cleaning import CleanedText, Line
from search.ingest.extract.model import DateValue

# One character for one: digits to ASCII, alef/yeh/teh-marbuta folded, so regex
# offsets on the folded line are offsets in the original.
_FOLD_1_TO_1 = str.maketrans(
    {**{chr(0x0660 + i): str(i) for i in range(10)}, **{chr(0x06F0 + i): str(i) for i in range(10)},
     "أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"}
)  # fmt: skip

GREGORIAN_MONTHS = {
    "يناير": 1, "جانفي": 1, "كانون الثاني": 1, "فبراير": 2, "فيفري": 2, "شباط": 2,
    "مارس": 3, "اذار": 3, "ابريل": 4, "افريل": 4, "نيسان": 4, "مايو": 5, "ماي": 5,
    "ايار": 5, "يونيو": 6, "يونيه": 6, "جوان": 6, "حزيران": 6, "يوليو": 7, "يوليه": 7,
    "جويليه": 7, "تموز": 7, "اغسطس": 8, "اوت": 8, "اب": 8, "سبتمبر": 9, "ايلول": 9,
    "اكتوبر": 10, "تشرين الاول": 10, "نوفمبر": 11, "تشرين الثاني": 11, "ديسمبر": 12,
    "كانون الاول": 12,
}  # fmt: skip
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الاخر": 4, "ربيع الثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الاخره": 6, "جمادي الثانيه": 6,
    "جمادي الاخر": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعده": 11,
    "ذي القعده": 11, "ذو الحجه": 12, "ذي الحجه": 12,
}  # fmt: skip
WEEKDAYS = {"الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعه": 4,
            "السبت": 5, "الاحد": 6}  # fmt: skip


def _alternation(names: dict[str, int]) -> str:
    return "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)
    )


_NOT_LETTER = r"(?![^\W\d_])"
_G = _alternation(GREGORIAN_MONTHS)
NAMED = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{_G}){_NOT_LETTER}"
    rf"(?:\s*[/(\-–]\s*(?:{_G}){_NOT_LETTER}\s*\)?)?\s*(?:من\s+)?(?:عام|سنه|العام)?\s*"
    r"(?P<y>\d{4})(?!\d)"
)
NUMERIC = re.compile(
    r"(?<![\d/.\-])(?P<d>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})(?![\d/.\-])"
)
ISO = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d/.\-])")
HIJRI = re.compile(
    rf"(?<!\d)(?P<d>\d{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<m>{_alternation(HIJRI_MONTHS)})"
    rf"{_NOT_LETTER}\s*(?:(?:لعام|عام|سنه)\s*)?(?P<y>1[345]\d\d)(?!\d)\s*(?:هـ|ه(?![^\W\d_])|هجري|للهجره)?"
)
_WEEKDAY_BEFORE = re.compile(
    rf"(?:(?<!\S)يوم\s+)?(?<!\S)(?P<w>{'|'.join(WEEKDAYS)})\s*[،,]?\s*(?:الموافق\s*)?[،,:]?\s*$"
)
_TODAY_BEFORE = re.compile(r"(?:اليوم|الليله)(?:\s+\S+){0,2}\s*$")
_WIRE_DAY_MONTH = re.compile(r"^[^\W\d_][^()\n\d]{0,30}?[-–—]\s*(\d{1,2})\s*[-–/]\s*(\d{1,2})\s*\(")
_DATELINE_END = re.compile(r"\s*(?:[-–—(:]|\s*$)")
_LEFTOVER = re.compile(r"[^\W\d_]+")
_IGNORABLE = frozenset({"الموافق", "يوم", "م", "ص", "مساء", "صباحا", "ه", "هـ", "بتوقيت", "مكه"})
_QUOTES = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"]*\"")

#: Every date pattern needs a four-digit year: a line without one is skipped unread.
_YEAR = re.compile(r"\d{4}")

#: How strongly a place dates the page: lower wins.
_RANK = {"date_label": 0, "date_line": 1, "dateline": 2, "today": 3}


@dataclass(frozen=True)
class StatedDate:
    """A full date found in one line, with its span and any Hijri form."""

    date: dt.date
    start: int
    end: int
    hijri: str | None = None


def _make(y: str, m: int, d: str) -> dt.date | None:
    try:
        date = dt.date(int(y), m, int(d))
    except ValueError:
        return None
    return date if 1900 <= date.year <= 2100 else None


def _from_hijri(y: str, m: int, d: str) -> tuple[dt.date, str] | None:
    try:
        g = Hijri(int(y), m, int(d)).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day), f"{int(y):04d}-{m:02d}-{int(d):02d}"


def stated_dates(folded: str, offset: int) -> list[StatedDate]:
    """Every full date in a folded line (offset: the line's start in the text)."""
    found: list[StatedDate] = []
    if not _YEAR.search(folded):
        return found
    for match in NAMED.finditer(folded):
        month = GREGORIAN_MONTHS[" ".join(match["m"].split())]
        if date := _make(match["y"], month, match["d"]):
            found.append(StatedDate(date, offset + match.start(), offset + match.end()))
    for pattern in (NUMERIC, ISO):
        for match in pattern.finditer(folded):
            if date := _make(match["y"], int(match["m"]), match["d"]):
                found.append(StatedDate(date, offset + match.start(), offset + match.end()))
    for match in HIJRI.finditer(folded):
        month = HIJRI_MONTHS[" ".join(match["m"].split())]
        if converted := _from_hijri(match["y"], month, match["d"]):
            end = offset + match.end()
            found.append(StatedDate(converted[0], offset + match.start(), end, converted[1]))
    return sorted(found, key=lambda s: s.start)


#: How far back before a date its weekday or "today" is looked for. Both patterns
#: end at the date and span a few words: reading all the line before each date
#: made a long line with many dates quadratic.
_TAIL_RUNS = 10
_TAIL_CHARS = 1000
_RUN = re.compile(r"\S+")


def _tail(folded: str, end: int) -> str:
    """The last :data:`_TAIL_RUNS` whitespace-separated runs of ``folded[:end]``."""
    piece = folded[max(0, end - _TAIL_CHARS) : end]
    runs = list(_RUN.finditer(piece))
    return piece[runs[-_TAIL_RUNS].start() :] if len(runs) > _TAIL_RUNS else piece


def _words_beyond(folded: str, spans: tuple[tuple[int, int], ...], most: int) -> bool:
    """Are there more than ``most`` words (not ignorable ones when ``most`` is 0)?"""
    count = 0
    for start, end in spans:
        for match in _LEFTOVER.finditer(folded, start, end):
            word = match.group()
            if most == 0 and (word in _IGNORABLE or word in WEEKDAYS):
                continue
            count += 1
            if count > most:
                return True
    return False


def _place(
    line: Line,
    index: int,
    count: int,
    folded: str,
    found: StatedDate,
    opening: bool,
    quotes: dict[int, list[tuple[int, int]]],
) -> str | None:
    """Which kind of dating place the date stands in, or None for plain prose."""
    if line.reason == "dateline":
        return "date_label"
    rel_start, rel_end = found.start - line.start, found.end - line.start
    outside = ((0, rel_start), (rel_end, len(folded)))
    if (index < 4 or index >= count - 3) and not _words_beyond(folded, outside, 0):
        return "date_line"
    if (
        opening
        and _DATELINE_END.match(folded, rel_end)
        and not _words_beyond(folded, outside[:1], 3)
    ):
        return "dateline"
    today = _TODAY_BEFORE.search(_WEEKDAY_BEFORE.sub("", _tail(folded, rel_start)).rstrip(" ،,"))
    if not today:
        return None
    if line.start not in quotes:
        quotes[line.start] = [(q.start(), q.end()) for q in _QUOTES.finditer(folded)]
    quoted = any(start < rel_start < end for start, end in quotes[line.start])
    return None if quoted else "today"


def find_published(cleaned: CleanedText) -> DateValue | None:
    """The page's publication date as stated in the text, or None."""
    text = cleaned.text
    if not _YEAR.search(text):  # folding keeps digits digits: no year folded means no year
        return None
    usable = ("dateline", "credit", "masthead", "title", None)
    lines = [ln for ln in cleaned.lines if ln.reason in usable]
    best: tuple[int, StatedDate, str, list[StatedDate], bool] | None = None
    opening = next((ln for ln in lines if ln.reason is None), None)
    quotes: dict[int, list[tuple[int, int]]] = {}  # quoted spans per line, found once
    for index, line in enumerate(lines):
        if not _YEAR.search(text, line.start, line.end):
            continue  # no date here: skip folding the line
        folded = text[line.start : line.end].translate(_FOLD_1_TO_1)
        on_line = stated_dates(folded, line.start)
        for found in on_line:
            place = _place(line, index, len(lines), folded, found, line is opening, quotes)
            if place is None:
                continue
            weekday = _WEEKDAY_BEFORE.search(_tail(folded, found.start - line.start))
            if weekday and WEEKDAYS[weekday["w"]] != found.date.weekday():
                continue  # the text contradicts itself: trust neither
            if best is None or _RANK[place] < best[0]:
                best = (_RANK[place], found, place, on_line, weekday is not None)
    if best is None:
        return None
    _, found, place, on_line, weekday = best
    # A Hijri date on the same line that names the same day.
    beside = next((d.hijri for d in on_line if d.hijri and d.date == found.date), None)
    return DateValue(
        found.date,
        f"rule:{place}",
        (found.start, found.end),
        hijri=found.hijri or beside,
        confirmed_by=_confirmations(
            cleaned, found, weekday, hijri=not found.hijri and bool(beside)
        ),
    )


def _confirmations(
    cleaned: CleanedText, found: StatedDate, weekday: bool, hijri: bool
) -> tuple[str, ...]:
    """What else in the text agrees with the chosen date (never what created it)."""
    confirmed: list[str] = []
    if weekday:
        confirmed.append("weekday")
    if hijri:
        confirmed.append("hijri")
    for other in cleaned.lines[:6]:
        wire = _WIRE_DAY_MONTH.match(cleaned.text[other.start : other.end].translate(_FOLD_1_TO_1))
        if wire and (int(wire[1]), int(wire[2])) == (found.date.day, found.date.month):
            confirmed.append("dateline")
            break
    return tuple(confirmed)
