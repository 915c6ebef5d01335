"""The collection's fields, as the configset (``deploy/solr/configset/bahth``) defines them.

Each text field is indexed twice over: by Solr's Arabic chain (``title``/``body``
stemmed, ``title_exact``/``body_exact`` copies, normalised) and by Bahth's own
analyzers run in Python (``*_x_pre`` exact, ``*_s_pre`` stemmed: terms joined
by spaces, split on whitespace only). Which pair a query searches is the
*analysis*: ``bahth`` matches exactly what the Whoosh engine matches (same
terms, same positions), ``solr`` is Solr's stock Arabic analysis.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from search.engine.base import StoredArticle
from search.errors import BahthError
from search.request.facets import MULTI_FACETS


@dataclass(frozen=True)
class Analysis:
    """The four fields a word is looked for in: exact and stemmed, title and body."""

    name: str
    title_exact: str
    body_exact: str
    title_stem: str
    body_stem: str
    #: Terms are analysed in Python and sent as they are (``bahth``), or sent as
    #: typed for Solr's query analyzer (``solr``).
    pre_analysed: bool


ANALYSES = {
    "bahth": Analysis("bahth", "title_x_pre", "body_x_pre", "title_s_pre", "body_s_pre", True),
    "solr": Analysis("solr", "title_exact", "body_exact", "title", "body", False),
}
DEFAULT_ANALYSIS = "bahth"

#: Stored fields a hit needs (``body`` only with snippets).
HIT_FIELDS = ("id", "title", "source", "published", *(s.name for s in MULTI_FACETS), "url", "story")
SOLR_DATE = "%Y-%m-%dT00:00:00Z"


def analysis(name: str | None = None) -> Analysis:
    """``--solr-analysis`` / ``BAHTH_SOLR_ANALYSIS``, ``bahth`` unless told."""
    name = name or os.environ.get("BAHTH_SOLR_ANALYSIS") or DEFAULT_ANALYSIS
    try:
        return ANALYSES[name]
    except KeyError:
        raise BahthError(f"unknown Solr analysis {name!r}: one of {', '.join(ANALYSES)}") from None


def stored_article(doc: dict[str, Any]) -> StoredArticle:
    """A Solr document as the seam's :class:`StoredArticle`."""
    published = doc.get("published")
    return StoredArticle(
        id=doc["id"],
        title=doc.get("title") or "",
        source=doc.get("source"),
        published=published[:10] if published else None,
        facet_values={spec.name: tuple(doc.get(spec.name) or ()) for spec in MULTI_FACETS},
        url=doc.get("url"),
        story=doc.get("story"),
    )
