"""A prefix storm is bounded: 143 two-letter prefixes OR-joined expand only the first
:data:`MAX_QUERY_PREFIXES`, on Whoosh and Solr alike, and say the answer is partial.

Before, every prefix of the query was expanded (each up to 64 words in four
fields): 2.5 s on Whoosh and 2.2 s on Solr over 3,000 ANT articles, past the
2 s budget, and once a total of 0. Now the work is the first sixteen
prefixes' whatever the query's length, and the answer holds what they find.
"""

from __future__ import annotations

from itertools import product

import pytest

from search.engine.base import Engine
from search.query.response import SearchResponse
from search.query.run import run_search
from search.request.deadline import Deadline
from search.request.params import SearchParams
from search.request.prefix_rule import MAX_QUERY_PREFIXES
from tests.engine_contract_kit import ENGINES

LETTERS = "بتثجحخدذرزسش"
PREFIXES = ["".join(pair) for pair in product(LETTERS, repeat=2)][:143]
#: One article per prefix, its word the prefix and three more letters.
RECORDS = [
    {"id": f"p{n:03d}", "title": "كلمات", "body": f"خبر عن {prefix}ممم اليوم."}
    for n, prefix in enumerate(PREFIXES)
]
STORM = " OR ".join(f"{p}*" for p in PREFIXES)


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"storm-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def search(engine: Engine, q: str, **kwargs: object) -> SearchResponse:
    return run_search(engine, SearchParams(q=q, per_page=100, **kwargs))  # type: ignore[arg-type]


def test_the_storm_fits_the_query_length_and_has_more_prefixes_than_the_cap() -> None:
    assert len(STORM) <= 1000 and len(PREFIXES) == 143 > MAX_QUERY_PREFIXES


def test_a_storm_finds_what_its_first_prefixes_find_and_says_it_is_partial(
    engine: Engine,
) -> None:
    storm = search(engine, STORM)
    first = search(engine, " OR ".join(f"{p}*" for p in PREFIXES[:MAX_QUERY_PREFIXES]))
    assert not first.partial and first.total >= MAX_QUERY_PREFIXES
    assert storm.partial
    assert storm.total == first.total > 0
    assert {h.id for h in storm.hits} == {h.id for h in first.hits}


def test_a_prefix_past_the_cap_is_not_marked_either(engine: Engine) -> None:
    storm = search(engine, STORM, snippets=True)
    marked = {f.text[s:e] for h in storm.hits if h.snippet for f in h.snippet.fragments
              for s, e in f.marks}  # fmt: skip
    late = {f"{p}ممم" for p in PREFIXES[MAX_QUERY_PREFIXES:]}
    assert marked and not marked & late


def test_a_query_with_no_time_left_is_partial_not_an_error(engine: Engine) -> None:
    response = search(engine, STORM, time_limit_ms=0)
    assert response.partial


def test_prefix_lookups_stop_at_the_deadline(engine: Engine) -> None:
    """Each engine's look-up watches the deadline: with none left, it lists nothing new."""
    expired = Deadline(0)
    if engine.name == "solr":
        found = engine.prefixes.expand_all(engine.version(), ["ذذ"], expired)  # type: ignore[attr-defined]
        assert found == {"ذذ": {name: () for name in found["ذذ"]}}
    else:
        from search.engine.whoosh.prefix_lexicon import _scan

        reader = engine.handle().searcher().reader()  # type: ignore[attr-defined]
        assert _scan(reader, "body", "خب", expired) == ((), False)
    assert expired.hit
