"""Each distinct word of a segment analysed once, for both index variants.

The schema indexes every text twice: ``title``/``body`` with the exact
analyzer and ``title_stem``/``body_stem`` with the stemmed one. Letting
Whoosh's ``field.index`` run both chains walks every token through five
generator filters twice, the largest single cost of a build. Both chains are
the same tokenizer followed by per-word filters, so a text is reduced to the
numbers of its words here (one regular expression and C-level look-ups), and
each distinct word is analysed once per segment, by the very analyzers of
the fields: a document's new words, joined by spaces, go through each
analyzer in one call, and each token's position says which word it came
from. The postings are derived from the word numbers when the segment is
written (:func:`search.index.writer.posting_sort.sort_tokens`).
"""

from __future__ import annotations

from search.store.schema import EXACT, STEMMED, TEXT_VARIANTS
from search.text.analyzers import exact_analyzer, stemmed_analyzer
from search.text.normalise import find_tokens

#: The analyzers of the two variants: the very ones the schema's fields use.
_VARIANTS = ((EXACT, exact_analyzer()), (STEMMED, stemmed_analyzer()))


def field_variant(fieldname: str) -> str | None:
    """Which variant a field holds (:data:`~search.store.schema.TEXT_VARIANTS`), or None.

    Only the text fields of our two analyzers can take the single pass; any
    other field is indexed by Whoosh itself.
    """
    return TEXT_VARIANTS.get(fieldname)


class WordTable:
    """Word numbers for a segment's texts, with each word's terms.

    ``terms[variant][n]`` is word ``n``'s term in that variant, None where
    the variant drops it (a stopword, a word of marks only); a text's token
    count in a variant is its word count less the dropped words.
    """

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.terms: dict[str, list[str | None]] = {EXACT: [], STEMMED: []}
        self._dropped = {EXACT: bytearray(), STEMMED: bytearray()}
        self._text: str | None = None
        self._words: list[int] = []
        self._lengths: dict[str, int] = {}

    def words(self, text: str, variant: str) -> tuple[list[int], int]:
        """The word numbers of ``text`` and its token count in ``variant``.

        A document passes the same string object to its exact and its
        stemmed field one after the other: the second call is free.
        """
        if text is not self._text:
            found = find_tokens(text)
            numbers = self.numbers
            new = set(found).difference(numbers)
            if new:
                self._add(list(new))
            self._words = list(map(numbers.__getitem__, found))
            self._lengths = {}
            self._text = text
        length = self._lengths.get(variant)
        if length is None:
            dropped = sum(map(self._dropped[variant].__getitem__, self._words))
            length = self._lengths[variant] = len(self._words) - dropped
        return self._words, length

    def _add(self, words: list[str]) -> None:
        """Number new words and analyse them, all in one call per variant.

        Each word is one token of the joined text (words are whole matches
        of the tokenizer's pattern, and spaces separate them), so a token's
        position is its word's index; a word the variant drops leaves None.
        """
        text = " ".join(words)
        for variant, analyzer in _VARIANTS:
            terms: list[str | None] = [None] * len(words)
            for token in analyzer(text, positions=True, mode="index"):
                terms[token.pos] = token.text
            self.terms[variant].extend(terms)
            self._dropped[variant].extend(term is None for term in terms)
        numbers = self.numbers
        for word in words:
            numbers[word] = len(numbers)
