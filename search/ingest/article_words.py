"""An article's tokens as its tagger read them, kept compactly beside its extraction.

The names the corpus confirms are found in an article's tokens
(:mod:`search.ingest.corpus_names`), and tokenising again would cost a build's
second pass what the cache saves: so the extraction cache keeps them, as one
string and three byte arrays (a list of tuples would take longer to read back
than to make). Part of the extractor's version: a change here is a new version.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from search.ingest.extract.ner.tokens import Token

_SEP = "\x1f"


@dataclass(frozen=True)
class ArticleWords:
    """An article's tokens as the tagger read them, compactly (for the cache): normalised
    forms, offsets into the original text and whether each is a word."""

    norms: str
    starts: bytes
    ends: bytes
    words: bytes

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> ArticleWords:
        return cls(
            _SEP.join(t.norm for t in tokens),
            array("i", (t.start for t in tokens)).tobytes(),
            array("i", (t.end for t in tokens)).tobytes(),
            bytes(t.word for t in tokens),
        )

    def norm_list(self) -> list[str]:
        return self.norms.split(_SEP) if self.norms else []

    def tokens(self) -> list[Token]:
        starts, ends = array("i"), array("i")
        starts.frombytes(self.starts)
        ends.frombytes(self.ends)
        norms = self.norm_list()
        rows = zip(norms, norms, starts, ends, map(bool, self.words), strict=True)
        return list(map(Token._make, rows))
