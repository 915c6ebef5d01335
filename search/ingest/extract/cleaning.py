"""Cleaning: which stretches of a scraped article are the article.

The original text is never rewritten. Cleaning only decides, line by line,
what is kept, and records everything else as :class:`RemovedSpan` character
spans with a reason, so the body is made of verbatim pieces of the original
(diacritics and all) and snippets can be highlighted on it as published.

How the end of the first article is decided
-------------------------------------------
A page often carries more than one article: after the story come its sign-off
(``المصدر: الثورة نت``, ``(النهاية)``), a read-also block, an app promo and
then the full text of another story, and finally a related-articles list.
The first article ends at the first *end marker* met after at least
:data:`MIN_BODY_WORDS` words of content: a ``المصدر:`` sign-off, a
``(النهاية)``/``انتهى`` sign-off, a related-articles heading (``مقالات
مشابهة``, ``أهم الأخبار``) or an app promo. Everything after it is removed:
lines of prose (``second_article``) and everything else (``related``, or the
line's own boilerplate reason). A read-also block *without* a preceding
end marker is an inline link: only the marker and the headline(s) under it are
removed and the article goes on, because sites insert ``اقرأ أيضاً`` mid-story.

The title is the first kept line if it reads as a headline (at most 18 words,
no final full stop, no comma) and content follows it; it is kept out of the body (reason
``title``) because it is indexed and shown as the title.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from search.ingest.extract import boilerplate as bp
from search.ingest.extract.collector import paused_for_large_text
from search.ingest.extract.lines import CleanedText, Line, split_lines
from search.ingest.extract.model import PublisherHint, RemovedSpan
from search.text.tokens import TextWords, normalise_phrase

__all__ = ["CleanedText", "Line", "clean", "split_lines"]

#: Content words needed before an end marker can end the article.
MIN_BODY_WORDS = 25
#: Lines looked at for a masthead.
MASTHEAD_LINES = 5
#: Earlier bags a line is compared with at most, when looking for near duplicates.
MAX_CANDIDATES = 64
_END_REASONS = frozenset({"related", "app_promo", "sign_off"})
_BLOCK_HEADINGS = frozenset({"read_also", "related"})
_END_CREDITS = frozenset({"source_line", "cited"})
_SIGN_OFF_TAIL = re.compile(r"\s*\((?:النهاية|انتهى)\)\s*$")
_SEO_PREFIX = re.compile(r"^([^:\n]{3,40}?)\s*:\s*")
_AGENCY_DATELINE = re.compile(
    r"^[^\W\d_][^()\n\d:]{0,50}?\s*(?:[-–—]\s*)?(?:[\d٠-٩]{1,2}\s*[-–/]\s*[\d٠-٩]{1,2}\s*)?"
    r"\((?P<agency>[^()\n]{2,30})\)\s*[-–—:]+\s*"
)


def _classify(lines: list[Line], hints: list[PublisherHint]) -> None:
    """Local reasons, plus the publisher hints they carry (byline, masthead, credits)."""
    for index, line in enumerate(lines):
        verdict = bp.line_reason(line.text, line.tokens)
        if index == 0 and (hint := bp.byline_hint(line.text, line.start)):
            line.reason = "credit"
            hints.append(hint)
            continue
        if index < MASTHEAD_LINES and bp.staff_line(line.text):
            line.reason = "masthead"
            before = [ln for ln in lines[:index] if ln.words <= 6 and not bp.ends_sentence(ln.text)]
            if len(before) == index:
                if before and before[0].reason != "masthead":
                    hints.append(PublisherHint("masthead", before[0].start, before[0].end))
                for masthead in before:
                    masthead.reason = "masthead"
            continue
        if verdict is None or line.reason is not None:
            continue
        reason, _, rule = verdict.partition(":")
        line.reason = reason
        if rule == "source_line" and (hint := bp.source_line_hint(line.text, line.start)):
            hints.append(hint)
        elif rule in ("credit_line", "closing_credit"):
            masthead = index == 0 and len(lines) > 1 and rule == "credit_line"
            line.reason = "masthead" if masthead else "credit"
            hints.append(PublisherHint("masthead" if masthead else rule, line.start, line.end))
        line.rule = rule


def _cut_article_end(lines: list[Line], cuts: list[RemovedSpan]) -> None:
    """Find where the first article ends; see the module docstring."""
    body_words, ended, block = 0, False, None
    for line in lines:
        if ended:
            if line.kept:
                prose = bp.ends_sentence(line.text) and line.words >= 12 or line.words >= 30
                line.reason = "second_article" if prose else "related"
            continue
        end_marker = line.reason in _END_REASONS or line.rule in _END_CREDITS
        if end_marker and body_words >= MIN_BODY_WORDS:
            ended = True
            continue
        if line.reason in _BLOCK_HEADINGS:
            block = line.reason
            continue
        if block and line.kept and bp.headline_like(line.text, words=line.words):
            line.reason = block  # a linked headline under the heading
            continue
        block = None
        if line.kept:
            body_words += line.words
            tail = _SIGN_OFF_TAIL.search(line.text)
            if tail and body_words >= MIN_BODY_WORDS:
                cuts.append(RemovedSpan(line.start + tail.start(), line.end, "sign_off"))
                line.end = line.start + tail.start()
                ended = True


def _drop_trailing_links(lines: list[Line]) -> None:
    """Headline-like lines after the last paragraph are links to other stories."""
    kept = [ln for ln in lines if ln.kept]
    run: list[Line] = []
    for line in reversed(kept):
        if not bp.headline_like(line.text, max_words=16, words=line.words):
            break
        run.append(line)
    prose_before = len(run) < len(kept)
    if prose_before and 2 <= len(run) <= 6 and any(ln.words >= 6 for ln in run):
        for line in run:
            line.reason = "related"


def _shares_most(a: Counter[str], b: Counter[str], large: int) -> bool:
    """Do two bags of words share 85% of the larger one (of ``large`` words)?"""
    shared = sum(min(count, b[word]) for word, count in a.items() if word in b)
    return shared >= 0.85 * large


class _NearDuplicates:
    """Bags of words seen so far, found again without comparing every pair.

    Comparing each line with every earlier one made a 2 MB article take five
    minutes. Prefix filtering finds the same pairs: give each word occurrence
    ``(word, k)`` one global order (rarest words of the article first); two
    bags sharing at least ``t`` occurrences must share one among the first
    ``size - t + 1`` of each. So each bag is filed under its prefix only, and a
    line is compared with the bags filed under its own prefix. The test
    applied is exactly :func:`_shares_most`, so the verdicts are the old ones.

    At most :data:`MAX_CANDIDATES` bags are compared per line (the most recent
    first) so that an adversarial article (lines drawn from a tiny vocabulary)
    stays linear too; past it a near duplicate may be *kept*, never lost.

    Most lines of a news article share no rare word with any other line: when
    a line's whole prefix is made of words no other line holds
    (:meth:`alone`), no bag can share a prefix occurrence with it, so it can
    neither repeat an earlier bag nor be found by a later one, and it needs no
    bag, prefix or filing at all (the verdicts stay the same).
    """

    def __init__(self, lines: list[Line]) -> None:
        spread: Counter[str] = Counter()
        for line in lines:
            if line.kept and line.words >= 10:
                spread.update(set(line.norms or ()))
        self._rank = spread
        self._filed: dict[tuple[str, int], list[int]] = {}
        self._bags: list[tuple[Counter[str], int]] = []

    @staticmethod
    def _prefix_size(size: int) -> int:
        # shared >= 0.85 * max(size, n) >= 0.85 * size; the floor (minus one for
        # float rounding) only lengthens the prefix, which can only add candidates
        needed = max(1, math.floor(0.85 * size) - 1)
        return size - needed + 1

    def alone(self, words: tuple[str, ...]) -> bool:
        """Is the prefix of these words (a bag's, of 10 words or more) made only of
        words no other line holds? Those come first in the order (one line each),
        so it is so when they make up at least a prefix's length of occurrences."""
        return list(map(self._rank.__getitem__, words)).count(1) >= self._prefix_size(len(words))

    def prefix(self, bag: Counter[str], size: int) -> list[tuple[str, int]]:
        """The occurrences a bag is filed under (and looked up by)."""
        limit = self._prefix_size(size)
        items = sorted(bag.items(), key=lambda item: (self._rank[item[0]], item[0]))
        prefix: list[tuple[str, int]] = []
        for word, count in items:
            for k in range(count):
                if len(prefix) >= limit:
                    return prefix
                prefix.append((word, k))
        return prefix

    def repeats(self, bag: Counter[str], size: int, prefix: list[tuple[str, int]]) -> bool:
        """Does ``bag`` share most of its words with a bag added before?"""
        candidates: set[int] = set()
        for key in prefix:
            candidates.update(self._filed.get(key, ())[-MAX_CANDIDATES:])
        for index in sorted(candidates, reverse=True)[:MAX_CANDIDATES]:
            other, n = self._bags[index]
            if min(size, n) >= 0.85 * max(size, n) and _shares_most(bag, other, max(size, n)):
                return True
        return False

    def add(self, bag: Counter[str], size: int, prefix: list[tuple[str, int]]) -> None:
        index = len(self._bags)
        self._bags.append((bag, size))
        for key in prefix:
            self._filed.setdefault(key, []).append(index)


def _mark_duplicates(lines: list[Line]) -> None:
    """A line repeating an earlier one (exactly, or nearly for long lines) is removed.

    Only lines of at least 10 words are compared as bags (and a bag's size is
    its word count), so shorter lines need no bag at all. Exact repeats are
    found by hashing; near ones through :class:`_NearDuplicates`, so the work
    grows with the article's length, not with its square.
    """
    seen: set[tuple[str, ...]] = set()
    near = _NearDuplicates(lines)
    previous: tuple[Line, tuple[str, ...]] | None = None
    first = True
    for line in lines:
        if not line.kept:
            continue
        words = line.norms or ()
        size = len(words)
        bag: Counter[str] | None = None
        prefix: list[tuple[str, int]] = []
        if size >= 10 and words not in seen and not near.alone(words):
            bag = Counter(words)
            prefix = near.prefix(bag, size)
        # near duplicates: both of 10 words or more, the smaller at least 85% of the larger
        if words in seen or (bag is not None and near.repeats(bag, size, prefix)):
            line.reason = "duplicate"
            if previous and previous[1] == words and not first and bp.headline_like(line.text):
                previous[0].reason = "caption"  # image caption printed twice
            continue
        first = previous is None
        previous = (line, words)
        seen.add(words)
        if bag is not None:
            near.add(bag, size, prefix)


def _pick_title(lines: list[Line]) -> Line | None:
    kept = [ln for ln in lines if ln.kept]
    if len(kept) < 2 or not bp.headline_like(kept[0].text, max_words=18) or "،" in kept[0].text:
        return None
    if _AGENCY_DATELINE.match(kept[0].text):
        return None
    kept[0].reason = "title"
    return kept[0]


def _cut_seo_prefixes(lines: list[Line], cuts: list[RemovedSpan]) -> None:
    """A ``phrase:`` of 2-5 words opening many paragraphs (3, and a quarter of them)
    is an SEO prefix, not content; one-word openers (``وأضاف:``) are speech."""
    found: list[tuple[Line, re.Match[str]]] = []
    counts: Counter[tuple[str, ...]] = Counter()
    for line in lines:
        match = _SEO_PREFIX.match(line.text) if line.kept else None
        if match and 2 <= bp.word_count(match.group(1)) <= 5:
            found.append((line, match))
            counts[normalise_phrase(match.group(1))] += 1
    needed = max(3, sum(ln.kept for ln in lines) // 4)
    for line, match in found:
        if counts[normalise_phrase(match.group(1))] >= needed:
            line.keep_start = line.start + match.end()
            cuts.append(RemovedSpan(line.start, line.keep_start, "seo_prefix"))


def _cut_agency_dateline(lines: list[Line], cuts: list[RemovedSpan], hints: list) -> None:
    """``بكين - 4 - 2 (كونا) --`` opening the story: the wire dateline, kept apart."""
    first = next((ln for ln in lines if ln.kept), None)
    match = _AGENCY_DATELINE.match(first.text) if first else None
    if first is None or match is None or bp.word_count(match.group("agency")) > 4:
        return
    first.keep_start = first.start + match.end()
    cuts.append(RemovedSpan(first.start, first.keep_start, "dateline"))
    hints.append(
        PublisherHint(
            "agency_dateline",
            first.start + match.start("agency"),
            first.start + match.end("agency"),
        )
    )


@paused_for_large_text
def clean(text: str) -> CleanedText:
    """Split ``text`` into kept lines, title and removed spans (see module docstring)."""
    words = TextWords(text)
    lines = split_lines(text, words)
    cleaned = CleanedText(text, lines, _words=words)
    _classify(lines, cleaned.hints)
    _cut_article_end(lines, cleaned.cuts)
    _drop_trailing_links(lines)
    _mark_duplicates(lines)
    cleaned.title_line = _pick_title(lines)
    _cut_seo_prefixes(lines, cleaned.cuts)
    _cut_agency_dateline(lines, cleaned.cuts, cleaned.hints)
    return cleaned
