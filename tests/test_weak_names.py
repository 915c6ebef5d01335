"""A doubtful tagged name one article alone gives is left out of the facets, on every engine.

The tagger finds ``نادي الشباب`` and ``نادي الفجر`` (and the places ``الزبداني``
and ``القضارف``) below the confidence the facets trust alone
(:data:`search.ingest.extract.entities.CONFIDENT`), and ``نادي الرمال`` above
it. A doubtful name counts only when another article names it too; a confident
one counts from one article. Filtering by a name the facets leave out finds
nothing, as the facet says (count 0).
"""

from __future__ import annotations

import pytest

from search.engine.base import Engine
from search.ingest.extract.entities import weak_values
from search.ingest.extract.pipeline import extract_article
from search.query.response import SearchResponse
from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES

ARRIVED = "وصل فريق نادي {} إلى مدينة تلعفر للمشاركة في البطولة."
WON = "فاز فريق نادي {} على منافسه في المباراة النهائية أمس."
#: Names a record gives (so never doubtful), after the doubtful one in term order: they
#: fill the actors list past its 20 values, tied at one article each.
FILLERS = [f"يوسف {n}" for n in "ابتثجحخدذرزسشصضطظعغفقك"]
RECORDS = [
    {"id": "w1", "title": "خبر رياضي", "body": ARRIVED.format("الشباب")},
    {"id": "w2", "title": "خبر رياضي", "body": ARRIVED.format("الفجر")},
    {"id": "w3", "title": "خبر رياضي", "body": WON.format("الفجر")},
    {"id": "w4", "title": "خبر رياضي", "body": ARRIVED.format("الرمال")},
    {"id": "w5", "title": "أسماء", "body": "قائمة المشاركين في البطولة.", "actors": FILLERS},
    {"id": "p1", "title": "سفر", "body": "عاد المسافرون إلى مدينة الزبداني بعد أسبوع."},
    {"id": "p2", "title": "طقس", "body": "هطلت أمطار غزيرة على مدينة القضارف أمس."},
    {"id": "p3", "title": "طقس", "body": "هطلت أمطار غزيرة على مدينة القضارف اليوم."},
]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"weak-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def actors(response: SearchResponse) -> dict[str, int]:
    return {v.value: v.count for v in response.facets["actors"].results}


def test_the_tagger_doubts_two_of_the_clubs_and_not_the_third() -> None:
    def doubtful(body: str) -> list[str]:
        found = extract_article("خبر رياضي\n\n" + body)
        return weak_values([*found.actors, *found.places])

    assert doubtful(ARRIVED.format("الشباب")) == ["نادي الشباب"]
    assert doubtful(WON.format("الفجر")) == ["نادي الفجر"]
    assert doubtful(ARRIVED.format("الرمال")) == []
    assert doubtful(RECORDS[5]["body"]) == ["الزبداني"]
    assert doubtful(RECORDS[6]["body"]) == ["القضارف"]


def test_a_doubtful_name_counts_only_when_two_articles_name_it(engine: Engine) -> None:
    counted = actors(run_search(engine, SearchParams(q="البطولة OR المباراة")))
    assert counted["نادي الفجر"] == 2
    assert counted["نادي الرمال"] == 1
    assert "نادي الشباب" not in counted


def test_a_doubtful_place_counts_only_when_two_articles_name_it(engine: Engine) -> None:
    response = run_search(engine, SearchParams(q=""))
    assert {v.value: v.count for v in response.facets["places"].results} == {"القضارف": 2}


def test_the_list_is_filled_past_the_name_left_out(engine: Engine) -> None:
    response = run_search(engine, SearchParams(q=""))
    counted = actors(response)
    assert len(counted) == 20 and response.facets["actors"].truncated
    assert "نادي الشباب" not in counted
    assert list(counted)[:3] == ["نادي الفجر", "نادي الرمال", FILLERS[0]]


def test_filtering_by_a_name_left_out_finds_nothing(engine: Engine) -> None:
    response = run_search(engine, SearchParams(q="", filters={"actors": ("نادي الشباب",)}))
    assert response.total == 0
    assert actors(response)["نادي الشباب"] == 0  # still shown, selected, to be unticked
