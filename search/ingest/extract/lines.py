"""An article as lines, and cleaning's verdict on it (:class:`CleanedText`).

The verdict also carries the text tokenised once (:class:`TextWords`): each
line's tokens come from it, and so do the words publisher, agencies and
actors read, so that no stage tokenises the text again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from search.ingest.extract.model import PublisherHint, RemovedSpan
from search.text.normalise import TOKEN_PATTERN, normalize_word
from search.text.tokens import TextWords, Word

V = TypeVar("V")

_LINE = re.compile(r"[^\r\n]+")
#: Content words, their norms, and a memo of what was computed from them.
_Content = tuple[list[Word], list[str], dict[str, Any]]


@dataclass
class Line:
    """One non-empty line of the original text (stripped) and its fate.

    ``tokens`` and ``norms`` are the line's raw and normalised tokens (as
    ``TOKEN_PATTERN`` finds them in ``text``), taken from the text's
    :class:`TextWords` when the line comes from :func:`split_lines`.
    """

    start: int
    end: int
    text: str
    reason: str | None = None
    rule: str = ""  # for credit lines: which publisher rule the line feeds
    keep_start: int = field(default=-1)
    tokens: list[str] | None = field(default=None, repr=False)
    norms: tuple[str, ...] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.keep_start = self.start
        if self.tokens is None:
            self.tokens = TOKEN_PATTERN.findall(self.text)
        if self.norms is None:
            self.norms = tuple(map(normalize_word, self.tokens))
        self.words = len(self.tokens)

    @property
    def kept(self) -> bool:
        return self.reason is None


def split_lines(text: str, words: TextWords | None = None) -> list[Line]:
    """Non-empty lines with offsets into ``text``; CR, LF and CRLF all end a line."""
    words = words if words is not None else TextWords(text)
    lines = []
    for match in _LINE.finditer(text):
        raw = match.group()
        stripped = raw.strip()
        if stripped:
            start = match.start() + raw.index(stripped)
            end = start + len(stripped)
            found = words.token_range(start, end)
            if found is None:  # a token cut by the line's edge: read the line itself
                lines.append(Line(start, end, stripped))
            else:
                first, last = found
                tokens, norms = words.tokens[first:last], tuple(words.norms[first:last])
                lines.append(Line(start, end, stripped, tokens=tokens, norms=norms))
    return lines


@dataclass
class CleanedText:
    """The verdict on one article: kept lines, title, removals, publisher hints."""

    text: str
    lines: list[Line]
    title_line: Line | None = None
    cuts: list[RemovedSpan] = field(default_factory=list)
    hints: list[PublisherHint] = field(default_factory=list)
    #: The text tokenised once, and the content words: publisher, agencies and
    #: actors all read them, so they are built on first use (after cleaning).
    _words: TextWords | None = field(default=None, repr=False, compare=False)
    _content: _Content | None = field(default=None, repr=False, compare=False)

    @property
    def title(self) -> str | None:
        return self.title_line.text if self.title_line else None

    def body_spans(self) -> list[tuple[int, int]]:
        return [(ln.keep_start, ln.end) for ln in self.lines if ln.kept and ln.keep_start < ln.end]

    @property
    def body(self) -> str:
        return "\n".join(self.text[s:e] for s, e in self.body_spans())

    def content_spans(self) -> list[tuple[int, int]]:
        """Title and body: where facets may be taken from."""
        title = [(self.title_line.start, self.title_line.end)] if self.title_line else []
        return title + self.body_spans()

    def words_in(self, spans: Iterable[tuple[int, int]]) -> list[Word]:
        """:func:`~search.text.phrase_table.words_in` on this text, tokenising it only once."""
        if self._words is None:
            self._words = TextWords(self.text)
        return self._words.words_in(spans)

    def content_words(self) -> list[Word]:
        """Words of :meth:`content_spans`, built once (callers must not modify the list)."""
        return self._content_entry()[0]

    def content_norms(self) -> list[str]:
        """The normalised form of each of :meth:`content_words` (one list for every table)."""
        return self._content_entry()[1]

    def on_content(self, key: str, compute: Callable[[], V]) -> V:
        """``compute()``, once per article content under ``key``.

        Outlet mentions in the content are wanted by agencies and by actors.
        """
        memo = self._content_entry()[2]
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def _content_entry(self) -> _Content:
        # built on first use, which is after clean() has settled every line's fate
        if self._content is None:
            words = self.words_in(self.content_spans())
            self._content = (words, [w.norm for w in words], {})
        return self._content

    def removed(self) -> list[RemovedSpan]:
        """Whole-line removals (runs of one reason merged) and cuts, in text order."""
        spans = list(self.cuts)
        run: RemovedSpan | None = None
        for line in self.lines:
            if line.kept:
                run = None
                continue
            if run is not None and run.reason == line.reason:
                spans[-1] = run = RemovedSpan(run.start, line.end, run.reason)
            else:
                run = RemovedSpan(line.start, line.end, line.reason or "")
                spans.append(run)
        return sorted(spans, key=lambda s: (s.start, s.end))
