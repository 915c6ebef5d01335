"""Defaults in one place; the CLI options and ``create_app(config)`` override them."""

from __future__ import annotations

import os
from pathlib import Path

#: The sample corpus shipped in the repository.
DEFAULT_CORPUS = Path("seeds")
#: Where ``bahth index build`` writes unless told otherwise.
DEFAULT_INDEX = Path("indexes/default")
#: The largest article body ingest accepts, in characters (about 2 MB of Arabic UTF-8).
#: A longer one is not an article but a dump (a whole site, a log): it is a
#: ``file:line`` input error like any other, so ``bahth index build`` stops on it,
#: or skips it and lists it in the summary under ``--skip-invalid``. Nothing is cut
#: silently, and cleaning (linear, about 0.5 s per million characters) stays bounded.
MAX_ARTICLE_CHARS = 1_000_000
#: How long one search may run before it answers with what it has (``partial: true``).
SEARCH_TIME_LIMIT_MS = 2000
#: The most characters of an article one document response carries (of the text
#: as published and of the cleaned body each); ``part=2, 3 …`` pages through the rest.
MAX_DOCUMENT_CHARS = 100_000
#: The most query words marked in one part of a document.
MAX_DOCUMENT_MARKS = 10_000
#: No article has more parts: a window ends in its second half at the latest.
MAX_DOCUMENT_PARTS = MAX_ARTICLE_CHARS // (MAX_DOCUMENT_CHARS // 2) + 1
#: Seconds a client of ``bahth serve`` has to send a whole request head (and a
#: kept-alive connection may idle): slower clients are dropped (web/gunicorn_serve.py).
CLIENT_TIMEOUT_S = 5
#: The extraction cache's cap in MB (``--extraction-cache-mb``): each article's extraction,
#: kept by content hash and extractor version (:mod:`search.ingest.extraction_cache`),
#: about 4 KB an article (ANT x1, 31,525 articles: about 130 MB). Past the cap the least
#: recently used entries go. Its folder is ``.extraction-cache`` beside the index folder
#: unless ``--extraction-cache`` names another.
EXTRACTION_CACHE_MB = 1024


def engine_name(name: str | None = None) -> str:
    """``--engine``, else ``BAHTH_ENGINE``, else the embedded Whoosh engine (both the
    readers and the writers open engines by this name)."""
    return name or os.environ.get("BAHTH_ENGINE") or "whoosh"
