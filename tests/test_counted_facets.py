"""A search asks for the facets its page shows and no more: an actor's page counts
months, outlets and places, not every actor of the corpus (its own facet's counts
come from ``cooccurring``), on every engine."""

from __future__ import annotations

import pytest

from search.engine.base import Engine
from search.errors import QueryError
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES
from tests.test_latin_queries import seed_records


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"counted-{request.param}")
    return ENGINES[request.param](folder, seed_records(), False)


def test_a_search_naming_its_facets_gets_those_counts_alone(engine: Engine) -> None:
    every = run_search(engine, SearchParams())
    some = run_search(engine, SearchParams(counted=("source", "places")))
    assert set(some.facets) == {"source", "places"}
    assert some.facets["places"] == every.facets["places"]
    assert some.total == every.total
    assert set(every.facets) > {"source", "places", "actors"}


def test_a_facet_that_does_not_exist_cannot_be_counted() -> None:
    with pytest.raises(QueryError) as raised:
        SearchParams(counted=("nonsense",))
    assert raised.value.field == "counted"
