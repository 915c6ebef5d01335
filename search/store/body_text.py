"""The cleaned body, stored as nothing: the original text minus the spans cleaning removed.

Cleaning never rewrites an article; it keeps whole lines (stripped) of the
original ``text`` and records what it left out as ``(start, end, reason)``
spans (``provenance.removed``). So the cleaned ``body`` is, in almost every
article, the text's kept stretches cut into lines, each stripped, joined by
newlines: :func:`body_from_text` rebuilds it, and the index stores the text
once instead of twice.

The build checks the rebuilt body against the real one (:func:`body_to_store`):
where they differ (a cut leaving a leading space, say), the body is stored as
before. So a body served from the index is always exactly the one cleaning
made, and an index built before this (body stored, or equal to the text) reads
as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

#: A stored field set where the body is rebuilt from the text.
BODY_FROM_TEXT = "body_from_text"
#: A line, as cleaning splits the text (``search.ingest.extract.lines``).
_LINE = re.compile(r"[^\r\n]+")


def _kept(size: int, removed: Iterable[Sequence[Any]]) -> list[tuple[int, int]]:
    """The stretches of a text of ``size`` characters that no removed span covers."""
    cursor, kept = 0, []
    for start, end in sorted((int(r[0]), int(r[1])) for r in removed):
        if start > cursor:
            kept.append((cursor, min(start, size)))
        cursor = max(cursor, end)
    if cursor < size:
        kept.append((cursor, size))
    return kept


def body_from_text(text: str, removed: Iterable[Sequence[Any]]) -> str:
    """The text's kept stretches as stripped, non-empty lines joined by newlines."""
    lines = []
    for start, end in _kept(len(text), removed):
        for match in _LINE.finditer(text, start, end):
            line = match.group().strip()
            if line:
                lines.append(line)
    return "\n".join(lines)


def body_to_store(
    text: str, body: str, removed: Iterable[Sequence[Any]]
) -> tuple[str | None, bool]:
    """What a document stores of its body: ``(body or None, rebuilt from the text)``."""
    if body == text:
        return None, False
    if body_from_text(text, removed) == body:
        return None, True
    return body, False


def stored_body(stored: dict[str, Any]) -> str:
    """The cleaned body of a document's stored fields."""
    body = stored.get("body")
    if body:
        return body
    text = stored.get("text") or ""
    if stored.get(BODY_FROM_TEXT):
        return body_from_text(text, (stored.get("provenance") or {}).get("removed") or ())
    return text
