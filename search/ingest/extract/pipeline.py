"""The one entry point ingest calls: clean an article, then take its facets.

Order matters: cleaning runs first so that publisher, date and actors are
taken from the article only (a name in a related-articles list is not an
actor of this story), while publisher hints and date labels that cleaning
kept out of the body are still read where they stand in the original text.
"""

from __future__ import annotations

from search.ingest.extract.cleaning import CleanedText, clean
from search.ingest.extract.collector import paused_for_large_text
from search.ingest.extract.dates import find_published
from search.ingest.extract.entities import find_actors_and_places
from search.ingest.extract.model import Extraction
from search.ingest.extract.publisher import find_agencies, find_publisher


def extract_article(text: str) -> Extraction:
    """Clean and extract from one article's original text."""
    return extract_cleaned(text)[0]


@paused_for_large_text
def extract_cleaned(text: str) -> tuple[Extraction, CleanedText]:
    """:func:`extract_article`, and the cleaned text it read (its words, for a caller that
    keeps them: :mod:`search.ingest.extraction_source`)."""
    cleaned = clean(text or "")
    source = find_publisher(cleaned)
    actors, places = find_actors_and_places(cleaned)
    extraction = Extraction(
        body=cleaned.body,
        title=cleaned.title,
        removed=cleaned.removed(),
        source=source,
        agencies=find_agencies(cleaned, source),
        published=find_published(cleaned),
        actors=actors,
        places=places,
    )
    return extraction, cleaned
