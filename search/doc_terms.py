"""Each text analysed once for both of its index variants.

The schema indexes every text twice: ``title``/``body`` with the exact
analyzer and ``title_stem``/``body_stem`` with the stemmed one. Letting
Whoosh's ``field.index`` run both chains walks every token through five
generator filters twice, the largest single cost of a build. Both chains are
the same tokenizer followed by per-word filters, so one pass over the words
with the cached per-word analysis (:func:`search.analysis.analyze_word`, which
runs those very chains) gives both variants' terms and positions at once.
"""

from __future__ import annotations

from typing import Any

from search.analysis import TOKEN_PATTERN, analyze_word, exact_analyzer, stemmed_analyzer

#: Term → positions (token numbers, counting every word of the text).
TermPositions = dict[str, list[int]]

EXACT = "exact"
STEMMED = "stemmed"

_VARIANTS = ((EXACT, exact_analyzer()), (STEMMED, stemmed_analyzer()))


def field_variant(field: Any) -> str | None:
    """Which variant a field's analyzer produces, or None if it is neither.

    Only fields with one of our two analyzers can take the single pass;
    any other field is indexed by Whoosh itself.
    """
    analyzer = getattr(field, "analyzer", None)
    for name, candidate in _VARIANTS:
        if analyzer == candidate:
            return name
    return None


def analyse_once(text: str) -> dict[str, TermPositions]:
    """Both variants' terms of ``text`` with their positions, in one pass.

    Positions count every word the tokenizer finds, as the analyzers do:
    a word a variant drops (a stopword, a word of marks only) leaves a gap.
    """
    exact: TermPositions = {}
    stemmed: TermPositions = {}
    for position, word in enumerate(TOKEN_PATTERN.findall(text)):
        term, stem = analyze_word(word)
        if term is not None:
            if (found := exact.get(term)) is None:
                exact[term] = [position]
            else:
                found.append(position)
        if stem is not None:
            if (found := stemmed.get(stem)) is None:
                stemmed[stem] = [position]
            else:
                found.append(position)
    return {EXACT: exact, STEMMED: stemmed}


class OncePerText:
    """Remembers the last text's analysis: a document passes the same string
    object to its exact and its stemmed field, one after the other."""

    def __init__(self) -> None:
        self._text: str | None = None
        self._terms: dict[str, TermPositions] = {}

    def terms(self, text: str, variant: str) -> TermPositions:
        if text is not self._text:
            self._terms = analyse_once(text)
            self._text = text
        return self._terms[variant]
