"""The query language users type: words, "phrases", -exclusions, OR and prefix*.

Parsing never fails: unbalanced quotes close at the end, stray operators are
read as words or dropped, and anything else is plain words. The result is a
small structure that :mod:`search.query.run` matches and scores.

A word ending in ``*`` (``بوت*``, also ``-بوت*`` and inside an OR) is a
prefix clause: it matches the indexed words that start with the normalised
prefix, in the exact and the stemmed variants, bounded to the most frequent
few (:mod:`search.engine.whoosh.prefix_lexicon`), and is scored as one clause. A prefix needs
:data:`MIN_PREFIX_CHARS` letters after normalisation; a shorter one (``ب*``)
would stand for most of the vocabulary, so it is answered as the word itself
and the normalised echo shows it without the ``*``. A ``*`` inside a phrase
or in the middle of a word is not an operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.text.analyzers import analyze_word
from search.text.normalise import TOKEN_PATTERN

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32
MIN_PREFIX_CHARS = 2

_QUOTES = '"«»“”„'
_PIECE = re.compile(
    rf"(?P<neg>[-–])?(?:[{_QUOTES}](?P<phrase>[^{_QUOTES}]*)(?:[{_QUOTES}]|$)|(?P<word>[^\s{_QUOTES}]+))"
)
_OR_WORDS = {"OR", "|"}
_QUESTION_MARKS = ("?", "\u061f", "\u2e2e")  # ? ؟ ⸮


@dataclass(frozen=True)
class Clause:
    """A word or phrase as typed: its tokens from the original query text.

    ``prefix`` marks a one-token word typed with a trailing ``*``.
    """

    tokens: tuple[str, ...]
    phrase: bool = False
    negated: bool = False
    prefix: bool = False


@dataclass
class ParsedQuery:
    """Groups are ANDed together; the clauses inside a group are ORed.

    ``question`` is set when the text ends with a question mark: a question is
    worded by the asker, and the passage answering it often shares only one
    or two of its words (:mod:`search.query.run` matches those more loosely).
    """

    groups: list[list[Clause]] = field(default_factory=list)
    excluded: list[Clause] = field(default_factory=list)
    question: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups


def _is_prefix(word: str | None, tokens: tuple[str, ...]) -> bool:
    """A single word typed with a trailing ``*`` and long enough to expand."""
    if word is None or len(tokens) != 1 or not word.rstrip("*").endswith(tokens[0]):
        return False
    exact = analyze_word(tokens[0])[0] or ""
    return word.endswith("*") and len(exact) >= MIN_PREFIX_CHARS


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
            prefix=_is_prefix(word, tokens),
        )
        if clause.negated:
            parsed.excluded.append(clause)
        elif join_next:
            parsed.groups[-1].append(clause)
        elif len(parsed.groups) < MAX_CLAUSES:
            parsed.groups.append([clause])
        join_next = False
    return parsed


def respell(text: str, fixes: dict[str, str]) -> str:
    """``text`` with the tokens named in ``fixes`` replaced, all else as typed.

    Only words and phrases that count towards matching are respelled: an
    exclusion or a prefix is left alone, and so are quotes, ``OR``, spacing.
    """

    def piece(match: re.Match[str]) -> str:
        word = match.group("word")
        if match.group("neg") is not None or (word is not None and word.endswith("*")):
            return match.group()
        return TOKEN_PATTERN.sub(lambda t: fixes.get(t.group(), t.group()), match.group())

    return _PIECE.sub(piece, text[:MAX_QUERY_CHARS])
