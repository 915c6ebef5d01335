"""Tokens with offsets, sentences, and BIO chunks: one tokenisation for training and tagging.

The CRF is only as good as the match between the tokens it was trained on and
the tokens it tags. CLEANANERCorp has punctuation as separate tokens and the
model uses them (``(`` before an agency, ``،`` between names), while Bahth's
own word lists carry words only. So training tokens and article tokens both go
through :func:`split_token`: word pieces (Bahth's token pattern) and single
punctuation marks, each with character offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import repeat
from typing import NamedTuple, Protocol

from search.text.normalise import normalize_word

_MARKS = "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640\u200c\u200d"
#: A word (letters, digits and in-word marks, as Bahth's analyzer) or one other non-space mark.
PIECE = re.compile(rf"(?:[^\W_]|[{_MARKS}])+|[^\w\s{_MARKS}]|_")
#: :data:`PIECE`, and line breaks as tokens of their own.
_PIECE_OR_LINE = re.compile(rf"{PIECE.pattern}|\n")
#: Tokens that end a sentence: the CRF never sees a sequence across them.
SENTENCE_ENDS = frozenset(".!?؟؛;\n")


class Token(NamedTuple):
    """One token: its text as written, normalised form, offsets, and whether it is a word."""

    text: str
    norm: str
    start: int
    end: int
    word: bool


class HasOffsets(Protocol):
    """Anything with ``start``/``end`` character offsets (Bahth's ``Word`` is one)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def _token(text: str, start: int, end: int) -> Token:
    piece = text[start:end]
    if piece == "\n":
        return Token(piece, piece, start, end, False)
    is_word = piece[0].isalnum() or len(piece) > 1
    return Token(piece, (normalize_word(piece) or piece) if is_word else piece, start, end, is_word)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Word pieces, punctuation marks and line breaks of ``text[start:end]``, offsets into
    ``text`` (a line break is a token so that sentences end there too)."""
    end = len(text) if end is None else end
    return [_token(text, m.start(), m.end()) for m in _PIECE_OR_LINE.finditer(text, start, end)]


#: Gap text → its marks as ``(start, end, text)`` relative to the gap, or None when the
#: gap holds a word (the caller skipped it). Gaps repeat (", ", ". ", "\n"…).
_GAPS: dict[str, tuple[tuple[int, int, str], ...] | None] = {}
_GAP_MEMO = 50_000


def _gap_marks(gap: str) -> tuple[tuple[int, int, str], ...] | None:
    marks = _GAPS.get(gap, ())
    if marks == ():
        pieces = tokenize(gap)
        spans = tuple((t.start, t.end, t.text) for t in pieces)
        marks = None if any(t.word for t in pieces) else spans
        if len(_GAPS) < _GAP_MEMO:
            _GAPS[gap] = marks
    return marks


def tokens_from_words(text: str, words: Sequence[HasOffsets]) -> list[Token]:
    """Article tokens from a caller's word list, with the punctuation between words.

    The caller's words decide what is tagged (e.g. title and body, never
    boilerplate); the marks between two consecutive caller words are read
    from ``text`` so the model sees the commas, quotes and full stops it was
    trained with. Where the caller skipped words (a removed line), a line
    break is put instead, so no name runs across the gap. A word's ``norm``
    is reused when the caller has one (Bahth's ``Word`` does). Built with
    list comprehensions and a memo of gap kinds: this runs on every article.
    """
    if not words:
        return []
    starts = [w.start for w in words]
    ends = [w.end for w in words]
    pieces = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    bahth = hasattr(words[0], "norm") and hasattr(words[0], "gap")  # search.text.tokens Word
    if bahth:
        norms = [w.norm or p for w, p in zip(words, pieces, strict=True)]  # type: ignore[attr-defined]
        # a gap of spaces only (JOINED, 0) has no marks: only the others are read
        odd = [i for i, w in enumerate(words[1:]) if w.gap]  # type: ignore[attr-defined]
    else:
        norms = [normalize_word(p) or p for p in pieces]
        gaps = zip(ends, starts[1:], strict=False)
        odd = [i for i, (b, a) in enumerate(gaps) if text[b:a] != " "]
    rows = zip(pieces, norms, starts, ends, repeat(True))
    word_tokens: list[Token] = list(map(tuple.__new__, repeat(Token), rows))
    if not odd:
        return word_tokens
    found: list[Token] = []
    previous = 0
    for index in odd:
        found.extend(word_tokens[previous : index + 1])
        previous = index + 1
        base = ends[index]
        marks = _gap_marks(text[base : starts[index + 1]])
        if marks is None:
            found.append(tuple.__new__(Token, ("\n", "\n", base, base, False)))
        else:
            found.extend(
                tuple.__new__(Token, (m, m, base + a, base + b, False)) for a, b, m in marks
            )
    found.extend(word_tokens[previous:])
    return found


def sentences(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """``[start, end)`` token ranges of sentences, each ending after its full stop.

    Line-break tokens end a sentence and are left out of every range.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for index, token in enumerate(tokens):
        if token.text in SENTENCE_ENDS:
            stop = index if token.text == "\n" else index + 1
            if stop > start:
                ranges.append((start, stop))
            start = index + 1
    if start < len(tokens):
        ranges.append((start, len(tokens)))
    return ranges


def split_token(text: str, label: str) -> list[tuple[str, str]]:
    """A training token and its BIO label as pieces: ``(د`` B-ORG → ``(`` O, ``د`` B-ORG.

    Punctuation pieces are ``O``; the first word piece keeps the label, later
    ones continue it (``I-``).
    """
    pieces = [m.group() for m in PIECE.finditer(text)] or [text]
    if len(pieces) == 1:
        return [(pieces[0], label)]
    out: list[tuple[str, str]] = []
    seen_word = False
    for piece in pieces:
        if not (piece[0].isalnum() or len(piece) > 1) or label == "O":
            out.append((piece, "O"))
        else:
            out.append((piece, label if not seen_word else "I-" + label[2:]))
            seen_word = True
    return out


def chunks(labels: Iterable[str]) -> list[tuple[int, int, str]]:
    """Entity chunks ``(start, end, type)`` from BIO labels, as conlleval reads them.

    A chunk starts at ``B-X``, or at ``I-X`` after anything but ``X`` (so a
    stray ``I-`` is not lost), and ends where the type changes.
    """
    found: list[tuple[int, int, str]] = []
    current: tuple[int, str] | None = None
    index = -1
    for index, label in enumerate(labels):
        kind = label[2:] if label != "O" else None
        opens_other = kind is not None and (current is None or current[1] != kind)
        begins = label.startswith("B-") or opens_other
        if current is not None and (kind is None or begins):
            found.append((current[0], index, current[1]))
            current = None
        if kind is not None and (begins or current is None):
            current = (index, kind)
    if current is not None:
        found.append((current[0], index + 1, current[1]))
    return found
