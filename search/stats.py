"""Index statistics for ``bahth index stats`` and the health endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from search.indexing import VERSIONS
from search.reader import IndexHandle


def _size_on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_stats(handle: IndexHandle) -> dict[str, Any]:
    """Documents, terms, size, facet cardinalities and build time of a version."""
    version_dir = handle.root / VERSIONS / handle.version
    with handle.index.reader() as reader:
        terms = {name: sum(1 for _ in reader.lexicon(name)) for name in ("body", "body_stem")}
        segments = len(reader.leaf_readers())
    facets = handle.facets
    return {
        "version": handle.version,
        "documents": handle.doc_count,
        "terms_exact": terms["body"],
        "terms_stemmed": terms["body_stem"],
        "segments": segments,
        "size_mb": round(_size_on_disk(version_dir) / 1e6, 2),
        "sources": len(facets.source_labels),
        "actors": len(facets.actor_labels),
        "months": len(facets.month_labels),
        "built_at": handle.meta.get("built_at"),
        "alias_table": handle.meta.get("alias_table"),
    }
