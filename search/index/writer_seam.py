"""The write side of an engine: what every engine's writer is asked (the read side's
seam is :mod:`search.engine.base`).

An engine's writer accepts a corpus (raw records, extracted by ``ingest/`` in
worker processes) and publishes a complete new version, or updates the live
one by id and content hash, so a failed write never shows. Writers live on
the build side, so nothing that serves queries imports extraction or segment
writing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass
class BuildOptions:
    """How to read a corpus (the same for every engine: ``ingest/`` reads it)."""

    field_map: dict[str, str] | None = None
    skip_invalid: bool = False
    manifest: Path | None = None
    workers: int | None = None
    delete_missing: bool = True
    #: The extraction cache's folder (None: ``.extraction-cache`` beside the index;
    #: False: none kept, one build's only) and cap (:mod:`search.ingest.extraction_cache`).
    extraction_cache: Path | None | bool = None
    extraction_cache_mb: float | None = None


class IndexWriter(Protocol):
    """The write side of an engine; it lives on the build side (``search/index/``), so
    nothing that serves queries imports extraction or segment writing."""

    def build(self, corpus: Path, options: BuildOptions, progress: Any = None) -> Any:
        """Write a complete new version from ``corpus`` and publish it."""
        ...

    def update(self, corpus: Path, options: BuildOptions, progress: Any = None) -> Any:
        """Add, replace and delete by id and content hash; publish the result."""
        ...
