"""The write side of each engine (:class:`search.index.writer_seam.IndexWriter`), opened by name.

Writers live on the build side: they pull in corpus reading, extraction and
segment writing, which nothing that serves queries may import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.config import engine_name
from search.errors import BahthError
from search.index.build import BuildReport, build_index, update_index
from search.index.writer_seam import BuildOptions, IndexWriter


class WhooshWriter:
    """Versions of a Whoosh index folder: build beside the live one, then swap."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def build(self, corpus: Path, options: BuildOptions, progress: Any = None) -> BuildReport:
        return build_index(
            corpus,
            self.root,
            options.field_map,
            options.skip_invalid,
            options.manifest,
            options.workers,
            progress,
            **_cache_options(options),
        )

    def update(self, corpus: Path, options: BuildOptions, progress: Any = None) -> BuildReport:
        return update_index(
            corpus,
            self.root,
            options.field_map,
            options.skip_invalid,
            options.manifest,
            options.delete_missing,
            options.workers,
            progress,
            **_cache_options(options),
        )


def _cache_options(options: BuildOptions) -> dict[str, Any]:
    found: dict[str, Any] = {"extraction_cache": options.extraction_cache}
    if options.extraction_cache_mb is not None:
        found["cache_mb"] = options.extraction_cache_mb
    return found


def open_writer(
    name: str | None = "whoosh",
    index_dir: Path | None = None,
    solr_url: str | None = None,
    collection: str | None = None,
) -> IndexWriter:
    """The writer of the engine called ``name`` (``BAHTH_ENGINE`` when not given)."""
    name = engine_name(name)
    if name == "solr":
        from search.index.solr_writer import SolrWriter
        from search.store.solr_client import solr_collection, solr_urls

        return SolrWriter(solr_urls(solr_url), solr_collection(collection))
    if name == "whoosh":
        if index_dir is None:
            raise BahthError("the whoosh engine needs an index folder (--index)")
        return WhooshWriter(index_dir)
    raise BahthError(f"unknown engine {name!r}")
