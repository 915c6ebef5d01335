"""Engines behind the seam (:mod:`search.engine.base`), opened by name."""

from __future__ import annotations

from pathlib import Path

from search.config import engine_name
from search.engine.base import Engine
from search.errors import BahthError

ENGINES = ("whoosh", "solr")
__all__ = ["ENGINES", "engine_name", "open_engine"]


def open_engine(
    name: str | None = "whoosh",
    index_dir: Path | None = None,
    solr_url: str | None = None,
    collection: str | None = None,
    analysis: str | None = None,
) -> Engine:
    """The engine called ``name``, serving the live version of its index.

    Solr settings come from the arguments or the environment (``BAHTH_SOLR_URL``,
    comma-separated node URLs; ``BAHTH_SOLR_COLLECTION``; ``BAHTH_SOLR_ANALYSIS``).
    """
    name = engine_name(name)
    if name == "whoosh":
        from search.engine.whoosh.engine import WhooshEngine

        if index_dir is None:
            raise BahthError("the whoosh engine needs an index folder (--index)")
        return WhooshEngine(Path(index_dir))
    if name == "solr":
        from search.engine.solr.engine import SolrEngine
        from search.store.solr_client import solr_collection, solr_urls

        engine = SolrEngine(solr_urls(solr_url), solr_collection(collection), analysis)
        engine.prepare()  # the live collection's listings now, not in its first search
        return engine
    raise BahthError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")
