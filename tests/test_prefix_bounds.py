"""A prefix stands for the same words on every engine: its most frequent ones, within bounds.

``زه*`` here starts 100 words found in two articles each and 6 found in one:
a prefix keeps its 64 commonest words (:mod:`search.request.prefix_rule`), so the
rarer article is not counted, on Whoosh and on Solr alike (Solr's own
wildcard would count it). A narrower prefix reaches it.
"""

from __future__ import annotations

from itertools import product

import pytest

from search.engine.base import Engine
from search.query.run import run_search
from search.request.params import SearchParams
from search.request.prefix_rule import MAX_PREFIX_TERMS
from search.text.analyzers import analyze_word
from tests.engine_contract_kit import ENGINES

LETTERS = "بثجحخدذرزسشصضطعغفقم"
COMMON = ["زه" + a + b for a, b in product(LETTERS, repeat=2)][:100]
RARE = ["زهظ" + x for x in "بثجحخد"]
RECORDS = [
    {"id": "c1", "title": "كلمات", "body": " ".join(COMMON)},
    {"id": "c2", "title": "كلمات", "body": " ".join(reversed(COMMON))},
    {"id": "r1", "title": "نادر", "body": " ".join(RARE) + " خبر"},
]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"prefix-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def ids(engine: Engine, q: str) -> set[str]:
    return {hit.id for hit in run_search(engine, SearchParams(q=q, per_page=50)).hits}


def test_the_corpus_has_more_common_words_than_a_prefix_keeps() -> None:
    stems = {analyze_word(w)[1] for w in COMMON}
    assert len(stems) == len(COMMON) > MAX_PREFIX_TERMS
    assert not stems & {analyze_word(w)[1] for w in RARE}


def test_a_prefix_keeps_its_most_frequent_words_on_every_engine(engine: Engine) -> None:
    assert ids(engine, "زه*") == {"c1", "c2"}


def test_a_narrower_prefix_reaches_the_rarer_words(engine: Engine) -> None:
    assert ids(engine, "زهظ*") == {"r1"}
    assert ids(engine, "خبر -زهظ*") == set()


def test_prefix_snippets_mark_the_words_the_prefix_stands_for(engine: Engine) -> None:
    response = run_search(engine, SearchParams(q="زهظ*"))
    (hit,) = response.hits
    assert hit.snippet is not None
    marked = {f.text[s:e] for f in hit.snippet.fragments for s, e in f.marks}
    assert marked == set(RARE)
