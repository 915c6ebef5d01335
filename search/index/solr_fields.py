"""The Solr fields of the facet registry, declared on each new collection.

A facet is one row of :data:`search.request.facets.FACETS`; its Solr field must
follow from the row, not from a line someone remembers to add to the configset.
The configset's schema is managed (``solrconfig.xml``), so a build declares every
keyword facet the collection's schema lacks through the Schema API right after
creating the collection and before sending a document: a string field with
docValues, multi-valued unless the row's kind is one value per article. The
fields the shipped ``schema.xml`` already declares are left as they are (their
names are the rows' names; ``tests/test_facet_rows.py`` checks they agree).
"""

from __future__ import annotations

from typing import Any

from search.errors import BahthError
from search.request.facets import KEYWORD, KEYWORD_FACETS, FacetSpec
from search.store.solr_client import SolrClient

#: How long a schema change may take to reach every replica of the collection.
SCHEMA_UPDATE_S = 60


def facet_field(spec: FacetSpec) -> dict[str, Any]:
    """The Solr field a keyword facet's row asks for."""
    return {
        "name": spec.name,
        "type": "string",
        "indexed": True,
        "stored": True,
        "docValues": True,
        "multiValued": spec.kind != KEYWORD,
    }


def declared_fields(client: SolrClient, collection: str) -> dict[str, dict[str, Any]]:
    """The fields ``collection``'s schema declares, by name."""
    answer = client.get(f"/{collection}/schema/fields", showDefaults="true")
    return {str(field["name"]): field for field in answer.get("fields") or []}


def declare_facet_fields(client: SolrClient, collection: str) -> list[str]:
    """Add to ``collection``'s schema every registry facet it lacks; the names added.

    A field of a facet's name that disagrees with its row (a different type, or one
    value where the row holds several) is refused here, before any document is sent,
    rather than found out by a failed batch or a wrong count."""
    declared = declared_fields(client, collection)
    missing = []
    for spec in KEYWORD_FACETS:
        field = declared.get(spec.name)
        if field is None:
            missing.append(facet_field(spec))
            continue
        wanted = facet_field(spec)
        if field.get("type") != "string" or bool(field.get("multiValued")) != wanted["multiValued"]:
            raise BahthError(
                f"Solr field {spec.name!r} of collection {collection!r} is not the facet's "
                f"({field.get('type')}, multiValued={bool(field.get('multiValued'))}): "
                f"its registry row needs a string field, multiValued={wanted['multiValued']}"
            )
    if missing:
        client.request(
            "POST",
            f"/{collection}/schema",
            {"wt": "json", "updateTimeoutSecs": str(SCHEMA_UPDATE_S)},
            json_body={"add-field": missing},
        )
    return [field["name"] for field in missing]
