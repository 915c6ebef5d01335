"""Prefix search: ``بوت*`` stands for the indexed words starting with ``بوت``, within bounds."""

from __future__ import annotations

import re
from itertools import product

import pytest

from search.engine.whoosh.prefix_lexicon import expand_prefix
from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.index.build import build_index
from search.request.deadline import Deadline
from search.request.params import SearchParams
from search.request.prefix_rule import MAX_PREFIX_TERMS
from search.request.syntax import parse_query
from tests.conftest import search_json, write_jsonl

MARK = re.compile(r"<mark>(.*?)</mark>")
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"

NEWS = [
    {"id": "p1", "title": "قمة في موسكو", "body": "استقبل بوتين وفدا صينيا في موسكو."},
    {"id": "p2", "title": "جاسوسة", "body": "اتهمت واشنطن ماريا بوتينا بالتجسس لصالح روسيا."},
    {"id": "p3", "title": "الطاقة", "body": "ارتفعت أسعار النفط في الكويت."},
    {"id": "p4", "title": "الكرملين", "body": "قال الكرملين إن والبوتيني لا يعني شيئا."},
]
# More words starting with زه than a prefix may stand for: زه + two letters.
MANY = ["زه" + a + b for a, b in product(LETTERS, repeat=2)][: MAX_PREFIX_TERMS + 20]
FREQUENT = MANY[-1]  # the last in lexical order, but in every article of its own
FILLER = [{"id": f"z{i}", "title": "كلمات", "body": " ".join(MANY[i::10])} for i in range(10)]
FILLER += [{"id": f"f{i}", "title": "متكرر", "body": f"{FREQUENT} خبر"} for i in range(5)]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> OpenVersion:
    root = tmp_path_factory.mktemp("prefix")
    corpus = write_jsonl(root / "news.jsonl", NEWS + FILLER)
    build_index(corpus, root / "index", workers=1)
    return LiveVersion(root / "index").get()


def search(handle: OpenVersion, q: str) -> dict:
    return search_json(handle, SearchParams(q=q, per_page=50))


def ids(response: dict) -> set[str]:
    return {hit["id"] for hit in response["hits"]}


def test_a_trailing_star_makes_a_prefix_clause() -> None:
    (clause,) = parse_query("بوت*").groups[0]
    assert clause.prefix and clause.tokens == ("بوت",)
    assert parse_query("-بوت*").excluded[0].prefix
    assert not parse_query('"بوت*"').groups[0][0].prefix  # inside a phrase: not an operator
    assert not any(c.prefix for c in parse_query("بو*ت").groups[0])


def test_prefix_finds_every_word_it_starts_and_marks_them_in_snippets(news) -> None:
    response = search(news, "بوت*")
    assert ids(response) == {"p1", "p2", "p4"}
    marked = {word for hit in response["hits"] for word in MARK.findall(hit["snippet"])}
    assert {"بوتين", "بوتينا"} <= marked
    assert response["query"]["normalized"] == "بوت*"


def test_the_word_alone_finds_only_itself(news) -> None:
    assert ids(search(news, "بوت")) == set()


def test_prefix_works_with_or_and_exclusion(news) -> None:
    assert ids(search(news, "النفط OR بوت*")) == {"p1", "p2", "p3", "p4"}
    assert ids(search(news, "موسكو -بوت*")) == set()
    assert ids(search(news, "روسيا -بوتين*")) == set()
    assert ids(search(news, "روسيا -بوتينو*")) == {"p2"}


def test_a_one_letter_prefix_is_answered_as_the_word_and_the_echo_says_so(news) -> None:
    assert not parse_query("ب*").groups[0][0].prefix
    response = search(news, "ب*")
    assert response["query"]["normalized"] == "ب"
    assert ids(response) == ids(search(news, "ب"))


def test_expansion_keeps_the_most_frequent_words_up_to_the_bound(news) -> None:
    reader = news.searcher().reader()
    body = expand_prefix(reader, "زه").fields["body"]
    assert len(body) == MAX_PREFIX_TERMS < len(MANY)
    assert body[0] == FREQUENT
    assert set(body) < set(MANY)
    assert search(news, "زه*")["total"] == len(FILLER)


def test_an_expansion_cut_short_by_the_deadline_is_not_remembered(news) -> None:
    reader = news.searcher().reader()
    assert expand_prefix(reader, "بوتي", Deadline(0)).fields["body"] == ()
    assert set(expand_prefix(reader, "بوتي").fields["body"]) == {"بوتين", "بوتينا"}


def test_prefix_gets_no_did_you_mean(news) -> None:
    assert search(news, "بوتز*")["suggestion"] is None
