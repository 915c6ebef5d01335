"""A facet is one row of the registry: what follows from it, checked where a file
cannot read the registry itself (the Solr configset ships the first rows' fields;
a build declares any other row's field on the collection it creates)."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from search.errors import QueryError
from search.index.solr_fields import facet_field
from search.request.facets import KEYWORD, KEYWORD_FACETS, MULTI_FACETS, FacetSpec
from search.request.params import SearchParams

CONFIGSET = Path(__file__).resolve().parent.parent / "deploy/solr/configset/bahth/schema.xml"


def solr_fields() -> dict[str, dict[str, str]]:
    root = ElementTree.parse(CONFIGSET).getroot()
    return {field.get("name", ""): field.attrib for field in root.iter("field")}


@pytest.mark.parametrize("spec", KEYWORD_FACETS, ids=lambda spec: spec.name)
def test_the_shipped_solr_schema_agrees_with_every_keyword_row_it_declares(spec: FacetSpec) -> None:
    """A row needs no line in schema.xml (a build declares its field on the collection,
    tests/test_facet_row_reach.py); a line there must be the field the row asks for."""
    field = solr_fields().get(spec.name)
    if field is None:
        pytest.skip(f"{spec.name}: declared by each build (search/index/solr_fields.py)")
    wanted = facet_field(spec)
    assert field["type"] == wanted["type"] and field.get("docValues") == "true"
    assert (field.get("multiValued") == "true") == wanted["multiValued"]
    assert (field.get("multiValued") == "true") == (spec.kind != KEYWORD)


def test_search_params_take_a_filter_for_every_keyword_row_and_no_other() -> None:
    params = SearchParams(filters={spec.name: ("x",) for spec in KEYWORD_FACETS})
    assert {spec.name: params.selected(spec.name) for spec in KEYWORD_FACETS} == {
        spec.name: ("x",) for spec in KEYWORD_FACETS
    }
    with pytest.raises(QueryError) as not_a_filter:
        SearchParams(filters={"date": ("2024-01",)})
    assert not_a_filter.value.field == "date"


def test_a_filter_with_too_many_values_is_refused_naming_its_parameter() -> None:
    for spec in MULTI_FACETS:
        with pytest.raises(QueryError) as error:
            SearchParams(filters={spec.name: tuple(map(str, range(spec.max_values + 1)))})
        assert error.value.field == spec.param
