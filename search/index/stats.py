"""Index statistics for ``bahth index stats``, read from a version's own files.

Counting terms walks the lexicons (seconds on a large index), so the build
counts them once and writes them into the version's ``meta.json``; stats
then read that file and the label table without opening the index. A
version built before the counts were kept is counted the slow way.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from search.store.layout import LABELS_FILE, current_version_dir, read_meta
from search.store.schema import open_version_index


def _size_on_disk(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_stats(root: Path) -> dict[str, Any]:
    """Documents, terms, size, facet cardinalities and build time of the live version."""
    version_dir = current_version_dir(root)
    meta = read_meta(version_dir)
    counts = meta.get("counts")
    if not counts:  # a version built before the counts were kept: the slow way
        from search.store.version_arrays import count_terms

        counts = count_terms(open_version_index(version_dir))
    labels = json.loads((version_dir / LABELS_FILE).read_text("utf-8"))
    return {
        "version": version_dir.name,
        "documents": meta.get("documents"),
        "terms_exact": counts["terms_exact"],
        "terms_stemmed": counts["terms_stemmed"],
        "segments": counts["segments"],
        "size_mb": round(_size_on_disk(version_dir) / 1e6, 2),
        "sources": len(labels["source_labels"]),
        "actors": len(labels["actor_labels"]),
        "places": len(labels.get("place_labels", {})),  # none in a version built before places
        "months": len(labels["month_labels"]),
        "built_at": meta.get("built_at"),
        "alias_table": meta.get("alias_table"),
    }
