"""Stories on every engine: planted copies share a story, collapsed results show each
story once with its other versions, totals count both, updates place new articles.

Parametrised by engine like tests/test_engine_contract.py (the Solr half runs when
BAHTH_SOLR_URL names a cluster). The corpus is tests/story_corpus.py's: the seeds,
a reordered copy of seed 2 a day earlier, a trimmed copy of seed 1, and seed 2 again
a month later (outside the story window).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engine.base import Engine
from search.query.response import SearchResponse
from search.query.run import run_search
from search.query.story_page import story_page
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES
from tests.story_corpus import story_records, update_records

#: A word every seed article holds (so every article matches).
EVERYWHERE = "في"


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"stories-{request.param}")
    return ENGINES[request.param](folder, story_records(), False)


def search(engine: Engine, **kwargs: object) -> SearchResponse:
    return run_search(engine, SearchParams(q=EVERYWHERE, per_page=50, **kwargs))  # type: ignore[arg-type]


def stories_by_id(response: SearchResponse) -> dict[str, str | None]:
    return {hit.id: hit.story for hit in response.hits}


def test_planted_copies_share_their_originals_story(engine: Engine) -> None:
    story = stories_by_id(search(engine, collapse=False))
    assert story["copy2"] == story["seed2"]
    assert story["trim1"] == story["seed1"]


def test_articles_that_are_not_copies_have_stories_of_their_own(engine: Engine) -> None:
    story = stories_by_id(search(engine, collapse=False))
    originals = [story[f"seed{i}"] for i in range(5)]
    assert len(set(originals)) == 5
    assert story["late2"] != story["seed2"]  # the same text a month later is a new story


def test_collapsed_results_show_each_story_once_with_its_other_versions(engine: Engine) -> None:
    response = search(engine)
    shown = [hit.story for hit in response.hits]
    assert len(shown) == len(set(shown)) == 6
    assert response.total == 8 and response.stories == 6
    by_story = {hit.story: hit for hit in response.hits}
    seed1 = by_story[stories_by_id(search(engine, collapse=False))["seed1"]]
    assert seed1.story_size == 2
    assert [(o.source, o.published) for o in seed1.others] in (
        [("g", "2024-03-02")],
        [("b", "2024-03-02")],
    )


def test_collapse_off_shows_every_article(engine: Engine) -> None:
    response = search(engine, collapse=False)
    assert len(response.hits) == response.total == 8
    assert all(hit.others == () for hit in response.hits)
    # each article still says how many its story holds
    sizes = {hit.id: hit.story_size for hit in response.hits}
    shared = [hit.story for hit in response.hits]
    assert sizes == {hit.id: shared.count(hit.story) for hit in response.hits}
    assert sizes["seed1"] == 2


def test_facet_counts_stay_article_counts_when_collapsed(engine: Engine) -> None:
    collapsed, every = search(engine), search(engine, collapse=False)
    assert collapsed.facets["source"] == every.facets["source"]
    assert sum(v.count for v in collapsed.facets["source"].results) == 8


def test_the_month_histogram_can_count_stories(engine: Engine) -> None:
    articles = {v.value: v.count for v in search(engine).facets["date"].results}
    stories = {v.value: v.count for v in search(engine, count="stories").facets["date"].results}
    assert articles == {"2024-03": 7, "2024-04": 1}
    assert stories == {"2024-03": 5, "2024-04": 1}


def test_the_story_page_lists_versions_first_published_first(engine: Engine) -> None:
    story = stories_by_id(search(engine, collapse=False))["seed1"]
    assert story is not None
    page = story_page(engine, story)
    assert page is not None
    assert [v.id for v in page.versions] == ["seed1", "trim1"]  # same day: by id
    first, trimmed = page.versions
    assert first.first and not first.added and not first.dropped
    assert trimmed.dropped and not trimmed.added  # its last paragraph is gone


def test_an_unknown_story_has_no_page(engine: Engine) -> None:
    assert story_page(engine, "s000000000000") is None


@pytest.mark.parametrize("name", sorted(ENGINES))
def test_an_update_puts_a_copy_in_its_originals_story_and_starts_new_ones(
    name: str, tmp_path: Path
) -> None:
    build = ENGINES[name]
    built = build(tmp_path, story_records(), False)
    before = stories_by_id(search(built, collapse=False))
    updated = build(tmp_path, story_records() + update_records(), True)
    after = stories_by_id(search(updated, collapse=False))
    assert after["copy4"] == before["seed4"]
    assert after["fresh"] not in before.values()
    assert {k: after[k] for k in before} == before  # no existing story moved
