"""The article page's two readings of one scraped text: cleaned, and as published.

Cleaning never rewrites the text; it records what it left out as
``(start, end, reason)`` spans of it (``provenance.removed``). So both
readings are cut from the one original ``text``, and the query's marks (spans
of that same text) apply to both without any offset mapping: the cleaned
reading drops the removed pieces, the published one keeps them, marked as
removed and labelled with the reason. This module only computes the pieces;
:mod:`web.markup` writes their HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from web.provenance import removed_label

Span = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """A stretch of the text with the marks that fall in it (offsets into the text)."""

    start: int
    end: int
    marks: tuple[Span, ...]
    removed: str | None = None  # the Arabic reason, when cleaning left it out


def removed_spans(size: int, raw: Any, offset: int = 0) -> list[tuple[int, int, str]]:
    """Removed spans (``provenance.removed``, offsets into the whole text) sorted, made
    relative to the part shown (``size`` characters from ``offset``) and clipped to it,
    overlaps joined."""
    raw = raw or []
    spans = sorted(
        (max(0, int(s) - offset), min(size, int(e) - offset), str(reason))
        for s, e, reason in (tuple(r)[:3] for r in raw if len(r) >= 3)
        if int(s) < int(e)
    )
    joined: list[tuple[int, int, str]] = []
    for start, end, reason in spans:
        if start >= end:
            continue
        if joined and start <= joined[-1][1]:
            last = joined[-1]
            joined[-1] = (last[0], max(last[1], end), last[2])
        else:
            joined.append((start, end, reason))
    return joined


def _clip(marks: tuple[Span, ...], start: int, end: int) -> tuple[Span, ...]:
    return tuple((max(s, start), min(e, end)) for s, e in marks if s < end and e > start)


def pieces(text: str, marks: tuple[Span, ...], removed: Any, offset: int = 0) -> list[Piece]:
    """The whole ``text`` in order, as kept and removed pieces, each with its marks.

    ``text`` may be one part of a long article, starting at ``offset`` of it."""
    marks = tuple(sorted((int(s), int(e)) for s, e in marks))
    out: list[Piece] = []
    cursor = 0
    for start, end, reason in removed_spans(len(text), removed, offset):
        if start > cursor:
            out.append(Piece(cursor, start, _clip(marks, cursor, start)))
        out.append(Piece(start, end, _clip(marks, start, end), removed_label(reason)))
        cursor = end
    if cursor < len(text) or not out:
        out.append(Piece(cursor, len(text), _clip(marks, cursor, len(text))))
    return out
