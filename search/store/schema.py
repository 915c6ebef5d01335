"""The one Whoosh schema: exact and stemmed variants of title and body, and facets.

* ``title``/``body`` hold the *exact* variant (normalised, stopwords kept,
  positions for phrases); ``title_stem``/``body_stem`` the stemmed variant
  (no positions: phrases are answered by the exact fields).
* ``body`` is stored as cleaned (verbatim pieces of the original) for snippets
  only where it cannot be rebuilt from ``text`` (``body_from_text``,
  :mod:`search.store.body_text`); ``text`` stores the original.
* ``source``, ``published`` and each multi-valued facet of the registry
  (``actors``, ``places``: :data:`search.request.facets.MULTI_FACETS`) are
  columns so facet arrays can be read per index version without touching
  stored documents. A multi-valued facet is a KEYWORD field *without* term
  vectors (vectors crash Whoosh's overlap facets for documents with no value)
  plus a byte column (``actors_col``). A version built before a facet existed
  still opens: its segments have no such column, and the facet arrays read it
  as empty (:func:`search.store.facet_columns._column`).
  ``weak_col`` lists an article's tagger-only values below the confidence the
  facets trust alone: a value no other article names is left out of the counts.
  ``source_name_col`` keeps the name a record or manifest declares for its source
  (the version's ``source_names``, shown instead of the code).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh import columns, fields
from whoosh import index as whoosh_index

from search.request.facets import MULTI_FACETS
from search.text.analyzers import exact_analyzer, stemmed_analyzer

EXACT = "exact"
STEMMED = "stemmed"
#: Which analyzer variant each text field holds, by name: the writers and the
#: read path look fields up here rather than comparing analyzer objects.
TEXT_VARIANTS = {"title": EXACT, "body": EXACT, "title_stem": STEMMED, "body_stem": STEMMED}
EXACT_FIELDS = tuple(name for name, variant in TEXT_VARIANTS.items() if variant == EXACT)
STEMMED_FIELDS = tuple(name for name, variant in TEXT_VARIANTS.items() if variant == STEMMED)

#: Separator of multi-valued values inside one column cell.
VALUE_SEPARATOR = "\x1f"


def multi_column(name: str) -> str:
    """The byte column of a multi-valued facet (``actors_col``)."""
    return f"{name}_col"


def _multi_facet_fields() -> dict[str, Any]:
    """Per multi-valued facet of the registry: a stored keyword field and its column."""
    out: dict[str, Any] = {}
    for spec in MULTI_FACETS:
        out[spec.name] = fields.KEYWORD(stored=True, commas=True, scorable=False)
        out[multi_column(spec.name)] = fields.COLUMN(columns.VarBytesColumn())
    return out


def build_schema() -> fields.Schema:
    """Return the schema every index is built with."""
    return fields.Schema(
        id=fields.ID(unique=True, stored=True, sortable=True),
        title=fields.TEXT(analyzer=exact_analyzer(), stored=True, phrase=True),
        title_stem=fields.TEXT(analyzer=stemmed_analyzer(), phrase=False),
        body=fields.TEXT(analyzer=exact_analyzer(), stored=True, phrase=True),
        body_stem=fields.TEXT(analyzer=stemmed_analyzer(), phrase=False),
        agencies=fields.KEYWORD(stored=True, commas=True, scorable=False),
        text=fields.STORED(),
        source=fields.ID(stored=True, sortable=True),
        published=fields.DATETIME(stored=True, sortable=True),
        **_multi_facet_fields(),
        weak_col=fields.COLUMN(columns.VarBytesColumn()),
        source_name_col=fields.COLUMN(columns.VarBytesColumn()),
        url=fields.STORED(),
        content_hash=fields.ID(stored=True, sortable=True),
        provenance=fields.STORED(),
        body_from_text=fields.STORED(),
        # the article's story (search/index/stories.py): collapsed results, /story/<id>
        story=fields.ID(stored=True, sortable=True),
    )


def open_version_index(path: Path) -> Any:
    """Open the Whoosh index of one version folder with the schema defined here.

    Whoosh would unpickle the schema saved in the index, which names our
    analyzer classes by module path: an index built before a module moved
    would no longer open, and a pickled analyzer could drift from the code.
    The one definition in this module serves every version instead.
    """
    return whoosh_index.open_dir(str(path), schema=build_schema())
