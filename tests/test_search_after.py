"""Walking every match (search-after) and counting by month, on every engine.

The corpus holds many ties on purpose: articles with the same words score the
same and many share a day, so a walk whose order ties, or whose pages meet at a
tie, would skip or repeat an article.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from search.engine.base import Engine
from search.errors import QueryError
from search.query.run import run_search
from search.query.timeline import timeline
from search.query.walk import FIRST, cursor_page, walk_hits, walk_request
from search.request.params import SearchParams
from tests.engine_contract_kit import CORPUS, ENGINES

TWINS: list[dict[str, Any]] = [
    {
        "id": f"t{i:02d}",
        "title": "تقرير الطاقة",
        "source": "كونا" if i % 2 else "الأهرام",
        "published": None if i % 7 == 0 else f"2026-0{1 + i % 3}-1{i % 2}",
        "body": "تقرير عن الطاقة الشمسية في الكويت." if i % 3 else "الطاقة والنفط في الخليج.",
    }
    for i in range(40)
]
RECORDS = CORPUS + [{k: v for k, v in r.items() if v is not None} for r in TWINS]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder: Path = tmp_path_factory.mktemp(f"walk-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def walked(engine: Engine, size: int, **kwargs: Any) -> list[Any]:
    return list(walk_hits(engine, SearchParams(**kwargs), size=size))


def total(engine: Engine, **kwargs: Any) -> int:
    return run_search(engine, SearchParams(**kwargs)).total


@pytest.mark.parametrize("size", [1, 3, 7, 500])
@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_a_walk_gives_every_match_once_whatever_the_page_size(
    engine: Engine, size: int, sort: str
) -> None:
    hits = walked(engine, size, q="الطاقة", sort=sort)
    ids = [h.article.id for h in hits]
    assert len(ids) == total(engine, q="الطاقة") > 30
    assert len(set(ids)) == len(ids)


def test_a_walk_by_relevance_is_by_score_then_id(engine: Engine) -> None:
    hits = walked(engine, 4, q="الطاقة")
    keys = [(-h.score, h.article.id) for h in hits]
    assert keys == sorted(keys)
    assert any(a[0] == b[0] for a, b in zip(keys, keys[1:], strict=False))  # ties were met


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_a_walk_by_date_is_by_day_then_id_with_undated_last(engine: Engine, sort: str) -> None:
    hits = walked(engine, 5, q="الطاقة", sort=sort)
    dated = [h for h in hits if h.article.published]
    assert [h.article.published for h in hits[len(dated) :]] == [None] * (len(hits) - len(dated))
    sign = -1 if sort == "newest" else 1
    keys = [(sign * int(h.article.published.replace("-", "")), h.article.id) for h in dated]
    assert keys == sorted(keys)


def test_browsing_walks_the_whole_index_with_filters_applied(engine: Engine) -> None:
    everything = walked(engine, 6)
    assert len({h.article.id for h in everything}) == len(everything) == len(RECORDS)
    kuna = walked(engine, 6, filters={"source": ("كونا",)})
    assert {h.article.source for h in kuna} == {"كونا"}
    assert len(kuna) == total(engine, filters={"source": ("كونا",)})


def test_cursor_pages_chain_without_overlap_or_gap(engine: Engine) -> None:
    params = SearchParams(q="الطاقة", per_page=6)
    seen: list[str] = []
    token: str | None = FIRST
    while token is not None:
        response, token = cursor_page(engine, params, token)
        seen += [h.id for h in response.hits]
        assert response.total == total(engine, q="الطاقة")
    assert sorted(seen) == sorted(h.article.id for h in walked(engine, 500, q="الطاقة"))
    assert len(seen) == len(set(seen))


def test_a_cursor_of_another_search_or_garbled_is_refused(engine: Engine) -> None:
    _, token = cursor_page(engine, SearchParams(q="الطاقة", per_page=2), FIRST)
    assert token is not None
    with pytest.raises(QueryError) as other:
        cursor_page(engine, SearchParams(q="النفط", per_page=2), token)
    assert other.value.field == "cursor"
    for garbled in ("zzz", token[:-3] + "abc", "e30", "W10"):
        with pytest.raises(QueryError):
            cursor_page(engine, SearchParams(q="الطاقة", per_page=2), garbled)


def test_month_counts_agree_with_the_matches(engine: Engine) -> None:
    params = SearchParams(q="الطاقة")
    months = engine.timeline(walk_request(engine, params))
    dated = Counter(h.article.published[:7] for h in walked(engine, 500, q="الطاقة")
                    if h.article.published)  # fmt: skip
    assert months == dict(dated)
    assert sum(months.values()) < total(engine, q="الطاقة")  # undated ones are in no month


def test_the_share_scale_divides_by_all_the_selected_sources_published(engine: Engine) -> None:
    kuna = {"source": ("كونا",)}
    found = timeline(engine, [SearchParams(q="الطاقة", filters=kuna)], "share")
    everything = engine.timeline(walk_request(engine, SearchParams(filters=kuna)))
    assert found.base == tuple(everything.get(m, 0) for m in found.months)
    series = found.series[0]
    assert any(0 < v < 1 for v in series.values)
    for month, count, share in zip(found.months, series.counts, series.values, strict=True):
        assert share == (round(count / everything[month], 6) if everything.get(month) else 0.0)


def test_compared_searches_share_one_axis_of_consecutive_months(engine: Engine) -> None:
    found = timeline(engine, [SearchParams(q="الشمسية"), SearchParams(q="موسكو")], "count")
    assert found.months == ("2026-01", "2026-02", "2026-03")
    assert found.series[1].counts == (1, 0, 0)
    assert [s.total for s in found.series] == [
        sum(engine.timeline(walk_request(engine, SearchParams(q=q))).values())
        for q in ("الشمسية", "موسكو")
    ]
    with pytest.raises(QueryError):
        timeline(engine, [SearchParams(q=str(i)) for i in range(5)])
