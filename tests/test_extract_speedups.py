"""The fast paths of extraction give exactly what the plain ones give.

Extraction tokenises each article once (:class:`TextWords`), looks phrases up
through a set of words that could open one, and skips a slow regex on lines
that cannot match it. Each shortcut is checked here against the direct way.
"""

from __future__ import annotations

import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from search.ingest.extract.boilerplate import _MAY_BE_JUNK, LINE_RULES
from search.ingest.extract.cleaning import split_lines
from search.text.normalise import TOKEN_PATTERN, find_tokens
from search.text.phrase_table import (
    MARKED,
    PhraseMatch,
    PhraseTable,
    TextWords,
    Word,
    clitic_forms,
    normalise_phrase,
    words_in,
)

#: Arabic words (with proclitics, diacritics, tatweel), Latin, digits, underscores,
#: marks-only tokens, quotes, commas and line breaks: every kind of token and gap.
_PIECES = st.sampled_from(
    [
        "الصين", "وروسيا", "للصين", "بالصين", "مجلس", "الأمن", "الدولي", "وكالة", "الأنباء",
        "الفرنسية", "شي", "جين", "بينغ", "الرئيس", "مُحَمَّد", "ـــ", "\u064e", "abc", "XML",
        "2024", "٢٠٢٤", "a_b", "_", "__", " ", "  ", "، ", ", ", ". ", "\n", "\r\n", '"', "«",
        "»", "(", ")", ":", "؟", "-", "\u200c", "ي\u0640ا",
    ]
)  # fmt: skip
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _spans(text: str, cuts: list[int]) -> list[tuple[int, int]]:
    bounds = sorted({0, len(text), *(c % (len(text) + 1) for c in cuts)})
    return list(zip(bounds, bounds[1:], strict=False))


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.lists(st.integers(0, 400), max_size=6))
def test_text_words_equal_tokenising_each_stretch(text: str, cuts: list[int]) -> None:
    index = TextWords(text)
    spans = _spans(text, cuts)  # arbitrary stretches, cutting through tokens too
    assert index.words_in(spans) == words_in(text, spans)
    assert index.words_in([(0, len(text))]) == words_in(text, [(0, len(text))])


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, st.text(max_size=60)))
def test_the_fast_token_search_finds_what_the_token_pattern_finds(text: str) -> None:
    assert find_tokens(text) == TOKEN_PATTERN.findall(text)


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_line_tokens_equal_tokenising_the_line(text: str) -> None:
    for line in split_lines(text):
        assert line.tokens == TOKEN_PATTERN.findall(line.text)
        assert line.norms == normalise_phrase(line.text)


def _reference_match_at(
    phrases: dict[tuple[str, ...], str], words: list[Word], index: int
) -> PhraseMatch[str] | None:
    """Longest match tried length by length, as the table did before it kept lengths."""
    best: PhraseMatch[str] | None = None
    longest = max(map(len, phrases))
    for form, cut in [(words[index].norm, 0), *clitic_forms(words[index].norm)]:
        run = 1
        while run < longest and index + run < len(words) and words[index + run].gap <= MARKED:
            run += 1
        for length in range(run, 0, -1):
            if best is not None and length <= best.length:
                break
            key = (form, *(w.norm for w in words[index + 1 : index + length]))
            if key in phrases:
                best = PhraseMatch(index, length, phrases[key], cut)
                break
    return best


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_phrase_table_matches_the_direct_search(text: str) -> None:
    table: PhraseTable[str] = PhraseTable()
    phrases: dict[tuple[str, ...], str] = {}
    for phrase in ("الصين", "مجلس الأمن", "مجلس الأمن الدولي", "وكالة الأنباء الفرنسية", "شي"):
        table.add(phrase, phrase)
        phrases[normalise_phrase(phrase)] = phrase
    words = words_in(text, [(0, len(text))])
    expected, index = [], 0
    while index < len(words):
        match = _reference_match_at(phrases, words, index)
        expected += [match] if match else []
        index += match.length if match else 1
    assert table.scan(words) == expected
    assert table.scan(words, norms=[w.norm for w in words]) == expected
    for index in range(len(words)):
        assert table.match_at(words, index) == _reference_match_at(phrases, words, index)


def test_junk_prefilter_lets_through_every_line_the_junk_rule_could_match() -> None:
    """No character the prefilter passes over can match ``[a-z{]`` case-insensitively."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    unflagged = _MAY_BE_JUNK.sub("", every)
    assert not re.search(r"[a-z{]", unflagged, re.I)
    assert LINE_RULES[0][0] == "junk" and LINE_RULES[0][2].flags & re.I
