"""A Solr collection's stems are listed when the engine first sees it, not by a search.

The second stage and the inflection expansions read one listing of a collection's
stems (:mod:`search.engine.solr.trigrams`). Listed inside the first search, its
time (about a second on 30,000 articles) came out of that search's deadline, which
then answered 0 marked partial; so opening the engine lists the live collection,
and a collection published later is listed before the search that sees it runs.
"""

from __future__ import annotations

from pathlib import Path

from search.engine.solr.engine import SolrEngine
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import CORPUS, solr_engine


def test_opening_the_engine_lists_the_live_collections_stems(tmp_path: Path) -> None:
    engine = solr_engine(tmp_path, CORPUS, update=False)
    assert isinstance(engine, SolrEngine)
    assert engine.trigrams.holds(engine.version())


def test_a_collection_published_after_opening_is_listed_by_the_first_search_that_sees_it(
    tmp_path: Path,
) -> None:
    engine = solr_engine(tmp_path, CORPUS, update=False)
    first = engine.version()
    # the same alias, a new collection (the build outlasts the engine's one-second alias memo)
    again = solr_engine(tmp_path, CORPUS[:-1], update=False)
    assert engine.version() != first and not engine.trigrams.holds(engine.version())
    found = run_search(engine, SearchParams(q="الرئيس الصيني قال إنه مستعد", per_page=3))
    assert engine.trigrams.holds(engine.version())
    assert found.total == run_search(again, SearchParams(q="الرئيس الصيني قال إنه مستعد")).total
    assert not found.partial
