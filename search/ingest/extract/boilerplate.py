"""Line-level boilerplate: what a single line of scraped news is, on its own.

Each rule looks at one stripped line and, for the first few lines, at its
position. The rules are deliberately about *form* (a read-also marker, a
``المصدر:`` sign-off, a masthead staff line, a first line ending in ``/``,
editor initials, scraper junk) so that they carry over to outlets never seen.
Block-level decisions (where the article ends, duplicated and trailing lines)
are in :mod:`search.ingest.extract.cleaning`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from search.ingest.extract.model import PublisherHint
from search.ingest.extract.outlets import outlet_named
from search.text.normalise import TOKEN_PATTERN

_A = "[اأإآ]"  # any alef form, for patterns over unnormalised text


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace("A", _A))


#: (reason, most words a matching line may have, pattern), checked in order on every line;
#: ``credit:<rule>`` says which publisher rule a credit line feeds. The word limits keep a
#: paragraph that merely mentions "اضغط هنا" or "تابعونا" from being taken for a promo.
_JUNK = r"not found|\bxml\b|rss\d*\.xml|\.(?:php|aspx?)\b|</?[a-z]+>|\{\{"
_PROMO = r"(?:تطبيق|قنات|واتس|تيليجرام|تلغرام|نشرت|يوتيوب|Aخبار جوجل|الAخبار عبر)"
_SIGN_OFF = r"(?:\(\s*(?:النهاية|Aنتهى)\s*\)|[-–]\s*(?:النهاية|Aنتهى)\s*[-–]|Aنتهى)"
_CLOSING = r"(?:المصدر الAصلي|لمتابعة التفاصيل|للAطلاع على التفاصيل|رابط الخبر الAصلي)"
_DATE_LABEL = r"(?:التاريخ|تاريخ النشر|نشر في|نشر بتاريخ|Aخر تحديث|تم النشر)"
LINE_RULES: tuple[tuple[str, int, re.Pattern[str]], ...] = (
    ("junk", 10**6, re.compile(_JUNK, re.I)),
    ("junk", 10**6, re.compile(r"^\W*(?:https?://|www\.)\S+\W*$", re.I)),
    ("read_also", 30, _rx(r"^\W*(?:Aقر(?:A|ء)|طالع|شاهد)\s*(?:Aيض|المزيد|كذلك)")),
    ("read_also", 30, _rx(r"^\W*للمزيد\s*[-–:]")),
    ("related", 8, _rx(r"^\W*(?:مقالات|Aخبار|مواضيع|موضوعات|قصص|روابط)\s+(?:مشابه|ذات صل|متعلق)")),
    ("related", 4, _rx(r"^\W*(?:Aهم|Aخر|Aحدث)\s+(?:الAخبار|المقالات)\W*$")),
    ("related", 5, _rx(r"^\W*الAكثر\s+(?:قراء|مشاهد|تداول)")),
    ("app_promo", 15, _rx(r"^\W*(?:تابع|حمل|حمّل|نزل|اشترك)\S*\s.{0,40}" + _PROMO)),
    ("app_promo", 12, _rx(r"تابعونا على|تابعنا على|للاشتراك في")),
    ("link", 15, _rx(r"Aضغط هنا|Aنقر هنا|Aضغط على الرابط")),
    ("ui", 3, _rx(r"^\W*(?:مناقشة|تعليقات|التعليقات|شارك|مشاركة|طباعة|Aرسل لصديق)\W*$")),
    ("sign_off", 3, _rx(rf"^\W*{_SIGN_OFF}\W*$")),
    ("credit:source_line", 12, _rx(r"^\W*المصدر\s*[:：]")),
    ("credit:cited", 12, _rx(r"^\W*نقلA?\s+عن\s")),
    ("credit", 16, _rx(r"^\W*(?:نشر|منشور|ينشر)\s.{0,25}بالتعاون مع")),
    ("credit:closing_credit", 80, _rx(_CLOSING)),
    ("dateline", 12, _rx(rf"^\W*{_DATE_LABEL}\s*[:：]")),
)  # fmt: skip

#: Every ``_JUNK`` match holds a character that is an ASCII letter under IGNORECASE, or
#: ``{``. Arabic letters, digits, spaces and punctuation other than ``{`` have no case, so
#: a line of nothing else cannot match, and the (slow, case-insensitive) search is skipped.
_MAY_BE_JUNK = re.compile(r"[^\u0600-\u06ff\s0-9!-/:-@\[-`|}~\u00ab\u00bb\u2000-\u206f]")
_PREFILTERS = {LINE_RULES[0][2]: _MAY_BE_JUNK}

#: A masthead's staff line, only looked for near the top.
STAFF_LINE = re.compile(r"رئيس التحرير|مدير التحرير|المدير المسؤول")
#: Words that are ``المصدر:`` values but name no outlet.
GENERIC_SOURCES = re.compile(r"^\W*(?:وكالات|مواقع|متابعات|وسائل إعلام|مواقع التواصل|مصادر)\W*$")
TERMINAL = frozenset(".!؟?…")
_CLOSERS = " \t\"'”»)]›’*"


def word_count(text: str) -> int:
    return len(TOKEN_PATTERN.findall(text))


def ends_sentence(text: str) -> bool:
    """Does the line end like prose (full stop, question mark…) rather than a headline?"""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def headline_like(text: str, max_words: int = 20, words: int | None = None) -> bool:
    """Short and without final punctuation: a headline, link or caption.

    ``words`` is the line's :func:`word_count` when the caller already has it.
    """
    if ends_sentence(text):
        return False
    return 0 < (word_count(text) if words is None else words) <= max_words


def editor_initials(text: str, tokens: Sequence[str] | None = None) -> bool:
    """``س ل ق / ن ع ع``: a wire desk's initials, all one- or two-letter tokens."""
    tokens = TOKEN_PATTERN.findall(text) if tokens is None else tokens
    return len(tokens) >= 3 and all(len(t) <= 2 for t in tokens) and not text[:1].isdigit()


def has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def line_reason(text: str, tokens: Sequence[str] | None = None) -> str | None:
    """Why a line is boilerplate on its own, or None for a line of content.

    Credit lines come back as ``credit:<rule>`` so the caller knows which
    publisher rule (if any) the line feeds. ``tokens`` are the line's
    ``TOKEN_PATTERN`` tokens when the caller already has them.
    """
    if tokens is None:
        tokens = TOKEN_PATTERN.findall(text)
    words = len(tokens)
    for reason, max_words, pattern in LINE_RULES:
        if words > max_words:
            continue
        prefilter = _PREFILTERS.get(pattern)
        if (prefilter is None or prefilter.search(text)) and pattern.search(text):
            return reason
    if editor_initials(text, tokens):
        return "junk"
    if not has_letters(text):
        return "dateline" if sum(c.isdigit() for c in text) >= 6 else "junk"
    if outlet_named(text, words) is not None:
        return "credit:credit_line"
    return None


def source_line_hint(text: str, start: int) -> PublisherHint | None:
    """``المصدر: الثورة نت`` names the publisher (unless it says ``وكالات``)."""
    colon = max(text.find(":"), text.find("："))
    name = text[colon + 1 :].strip(" \t.،,-–—")
    if colon < 0 or not name or GENERIC_SOURCES.match(name) or word_count(name) > 6:
        return None
    offset = text.index(name, colon + 1)
    return PublisherHint("source_line", start + offset, start + offset + len(name))


def byline_hint(text: str, start: int) -> PublisherHint | None:
    """A first line such as ``الثورة نت/`` is the publisher's byline."""
    if not text.endswith("/") or not 1 <= word_count(text) <= 5:
        return None
    name = text.rstrip("/ \t")
    return PublisherHint("byline", start, start + len(name))


def staff_line(text: str) -> bool:
    """``رئيس مجلس الإدارة … رئيس التحرير …``: a masthead's staff line, not a sentence."""
    return bool(STAFF_LINE.search(text)) and headline_like(text, max_words=20)
