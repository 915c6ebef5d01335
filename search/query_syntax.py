"""The query language users type: words, "phrases", -exclusions and OR.

Parsing never fails: unbalanced quotes close at the end, stray operators are
read as words or dropped, and anything else is plain words. The result is a
small structure that :mod:`search.querying` turns into a Whoosh query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import TOKEN_PATTERN

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32

_QUOTES = '"«»“”„'
_PIECE = re.compile(
    rf"(?P<neg>[-–])?(?:[{_QUOTES}](?P<phrase>[^{_QUOTES}]*)(?:[{_QUOTES}]|$)|(?P<word>[^\s{_QUOTES}]+))"
)
_OR_WORDS = {"OR", "|"}
_QUESTION_MARKS = ("?", "\u061f", "\u2e2e")  # ? ؟ ⸮


@dataclass(frozen=True)
class Clause:
    """A word or phrase as typed: its tokens from the original query text."""

    tokens: tuple[str, ...]
    phrase: bool = False
    negated: bool = False


@dataclass
class ParsedQuery:
    """Groups are ANDed together; the clauses inside a group are ORed.

    ``question`` is set when the text ends with a question mark: a question is
    worded by the asker, and the passage answering it often shares only one
    or two of its words (:mod:`search.querying` matches those more loosely).
    """

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    question: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups


def parse_query(text: str) -> ParsedQuery:
    """Parse user input; never raises."""
    text = text[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(question=text.rstrip().endswith(_QUESTION_MARKS))
    join_next = False
    for match in _PIECE.finditer(text):
        word, phrase = match.group("word"), match.group("phrase")
        if word is not None and word in _OR_WORDS:
            join_next = bool(parsed.groups)
            continue
        source = phrase if phrase is not None else word
        tokens = tuple(m.group() for m in TOKEN_PATTERN.finditer(source or ""))
        if not tokens:
            continue
        clause = Clause(
            tokens,
            phrase=phrase is not None or len(tokens) > 1,
            negated=match.group("neg") is not None,
        )
        if clause.negated:
            parsed.excluded.append(clause)
        elif join_next:
            parsed.groups[-1].append(clause)
        elif len(parsed.groups) < MAX_CLAUSES:
            parsed.groups.append([clause])
        join_next = False
    return parsed
