"""Per-version arrays saved beside the index, so opening a version is cheap.

Facet ordinals and field lengths are derived from Whoosh's columns, which
are read one document at a time in Python: about a second per 100,000
articles. A version never changes once written (updates write a new one),
so the arrays are computed when the version is built and loaded with numpy
when it is opened.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from search.request.facets import MULTI_FACETS
from search.store.facet_columns import FacetColumns, MultiColumn, read_facet_columns
from search.store.field_lengths import TEXT_FIELDS, FieldLengths
from search.store.layout import ARRAYS_FILE, LABELS_FILE

_ARRAYS = ("live", "source", "day", "month")
_LABELS = ("source_labels", "month_labels")
COUNTED_FIELDS = {"terms_exact": "body", "terms_stemmed": "body_stem"}


def _key(name: str) -> str:
    """A multi-valued facet's prefix in the files: its parameter (``actor_offsets``)."""
    return next(spec.param for spec in MULTI_FACETS if spec.name == name)


def compute_arrays(index: Any) -> tuple[FacetColumns, FieldLengths]:
    """Read the arrays from the index's columns (the slow way)."""
    with index.reader() as reader:
        facets = read_facet_columns(reader)
        lengths = FieldLengths.from_reader(reader, len(facets.source))
    return facets, lengths


def save_arrays(version_dir: Path, index: Any) -> None:
    """Compute and write the arrays of a version that has just been written."""
    facets, lengths = compute_arrays(index)
    arrays = {name: getattr(facets, name) for name in _ARRAYS}
    labels: dict[str, Any] = {name: getattr(facets, name) for name in _LABELS}
    for name, column in facets.multi.items():
        arrays[f"{_key(name)}_offsets"] = column.offsets
        arrays[f"{_key(name)}_values"] = column.values
        labels[f"{_key(name)}_labels"] = column.labels
    arrays.update({f"length_{name}": lengths.lengths[name] for name in TEXT_FIELDS})
    np.savez(version_dir / ARRAYS_FILE, **arrays)
    labels["averages"] = lengths.averages
    labels["source_names"] = facets.source_names
    (version_dir / LABELS_FILE).write_text(json.dumps(labels, ensure_ascii=False), "utf-8")


def load_arrays(version_dir: Path, index: Any) -> tuple[FacetColumns, FieldLengths]:
    """The saved arrays, or computed now for a version written without them."""
    try:
        labels = json.loads((version_dir / LABELS_FILE).read_text("utf-8"))
        with np.load(version_dir / ARRAYS_FILE) as saved:
            multi = {
                spec.name: MultiColumn(
                    saved[f"{spec.param}_offsets"],
                    saved[f"{spec.param}_values"],
                    labels[f"{spec.param}_labels"],
                )
                for spec in MULTI_FACETS
            }
            facets = FacetColumns(
                **{name: saved[name] for name in _ARRAYS},
                **{name: labels[name] for name in _LABELS},
                multi=multi,
                source_names=labels.get("source_names", {}),  # none before names were kept
            )
            lengths = FieldLengths(
                {name: saved[f"length_{name}"] for name in TEXT_FIELDS}, labels["averages"]
            )
        return facets, lengths
    except (OSError, KeyError, ValueError):
        # missing files, or saved before a facet existed (no arrays of its own): the
        # columns are read again (a version without the facet's column reads as empty)
        return compute_arrays(index)


def count_terms(index: Any, walked: Mapping[str, int] | None = None) -> dict[str, int]:
    """Distinct terms of the exact and stemmed body fields, and the segment count.

    Walking the lexicons takes seconds on a large index: done once per build,
    kept in ``meta.json`` for ``bahth index stats``. ``walked``: field name →
    term count of a lexicon the caller has walked already.
    """
    walked = walked or {}
    with index.reader() as reader:
        counts = {
            key: walked[name] if name in walked else sum(1 for _ in reader.lexicon(name))
            for key, name in COUNTED_FIELDS.items()
        }
        counts["segments"] = len(reader.leaf_readers())
    return counts
