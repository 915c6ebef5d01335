"""Where a build gets each article's extraction: the cache first, the extractor on a miss,
then the names the corpus confirmed.

A build's two passes (:mod:`search.index.corpus_pass`) both come here: the
first extracts (or finds in the cache) and counts names, the second reads the
same entries back and labels them with the confirmed names. An instance is
handed to forked build workers; each opens its own cache connection.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.ingest.article_words import ArticleWords
from search.ingest.corpus import RawRecord
from search.ingest.corpus_names import CorpusNames, NameCounts
from search.ingest.extract.entities import content_tokens
from search.ingest.extract.model import Extraction
from search.ingest.extract.pipeline import extract_cleaned
from search.ingest.extraction_cache import ExtractionCache, text_key

CachedArticle = tuple[Extraction, ArticleWords]


def extract_with_words(text: str) -> CachedArticle:
    """One article's extraction and the tokens its tagger read (title and body words)."""
    extraction, cleaned = extract_cleaned(text)
    return extraction, ArticleWords.of(content_tokens(cleaned))


def _body(record: RawRecord) -> str:
    return str(record.fields.get("body") or "")


class ExtractionSource:
    """Extraction through ``cache``, labelled with ``names`` once they are known."""

    def __init__(self, cache: ExtractionCache, names: CorpusNames | None = None) -> None:
        self.cache = cache
        self.names = names or CorpusNames()

    def articles(self, texts: Sequence[str], touch: bool = True) -> list[CachedArticle]:
        """Extraction and words of each text, computed only for the cache's misses."""
        keys = [text_key(t) for t in texts]
        found = self.cache.get_many(keys, touch)
        fresh: dict[str, CachedArticle] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in fresh:
                fresh[key] = extract_with_words(text)
        if fresh:
            self.cache.put_many(fresh.items())
        return [found.get(k) or fresh[k] for k in keys]

    def count(self, records: Sequence[RawRecord]) -> NameCounts:
        """Pass one over a batch: extract (or read back) and tally the tagger's names."""
        counts = NameCounts()
        for extraction, words in self.articles([_body(r) for r in records]):
            counts.add(extraction, words)
        return counts

    def extraction(self, text: str) -> Extraction:
        """Pass two: one text's extraction with the confirmed names its words hold."""
        extraction, words = self.articles([text], touch=False)[0]  # pass one touched it
        return self.names.label(extraction, words)
