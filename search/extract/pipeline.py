"""Temporary pass-through until the extraction pipeline lands (issue 3)."""

from search.extract.model import Extraction


def extract_article(text: str) -> Extraction:
    """Return the text unchanged as the body; no facets yet."""
    return Extraction(body=text)
