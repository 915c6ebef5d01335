"""The Whoosh engine's lexicon for "did you mean" (:mod:`search.query.suggest` decides).

Words and article counts come straight from the index reader; candidate
spellings from a scan of the body's words that start with the same letter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from whoosh.reading import IndexReader
from whoosh.support.levenshtein import damerau_levenshtein

from search.engine.base import SearchRequest
from search.request.deadline import Deadline

ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
#: A hint must not cost more than the search: a two-edit scan of a large lexicon
#: costs far more than a search, so it stops here, with what it found.
SUGGEST_TIME_LIMIT_MS = 100


class WhooshLexicon:
    """:class:`search.engine.base.Lexicon` over one reader (one index version);
    ``count`` totals a search in that same version."""

    time_limit_ms = SUGGEST_TIME_LIMIT_MS

    def __init__(self, reader: IndexReader, count: Callable[[SearchRequest], int]) -> None:
        self.reader = reader
        self.count = count

    def frequency(self, exact: str, stemmed: str) -> int:
        reader = self.reader
        return max(
            reader.doc_frequency("body", exact),
            reader.doc_frequency("title", exact),
            reader.doc_frequency("body_stem", stemmed),
            reader.doc_frequency("title_stem", stemmed),
        )

    def frequencies(self, words: list[tuple[str, str]]) -> list[int]:
        return [self.frequency(exact, stemmed) for exact, stemmed in words]

    def near(self, exact: str, edits: int, deadline: Deadline | None) -> Iterator[str]:
        """Whoosh's ``terms_within`` computes an edit distance for every word of the
        letter (a second on ANT, with no way to stop it); words whose length alone
        rules them out are skipped here, and the scan stops at the deadline."""
        for seen, raw in enumerate(self.reader.expand_prefix("body", exact[0])):
            if seen % 512 == 0 and deadline is not None and deadline.expired():
                return
            term = raw.decode("utf-8")
            near = abs(len(term) - len(exact)) <= edits
            if near and damerau_levenshtein(exact, term, edits) <= edits:
                yield term

    def words(self, least: int) -> Iterator[tuple[str, int]]:
        """Each segment's own term list, summed: iterating the merged reader's terms
        costs ten times more on an index of several segments."""
        counts: dict[str, int] = {}
        for leaf, _ in self.reader.leaf_readers():
            for raw, info in leaf.iter_field("body"):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                if ARABIC_WORD.fullmatch(term):
                    counts[term] = counts.get(term, 0) + info.doc_frequency()
        return ((term, df) for term, df in counts.items() if df >= least)

    def body_frequencies(self, words: list[str]) -> dict[str, int]:
        return {word: self.reader.doc_frequency("body", word) for word in words}
