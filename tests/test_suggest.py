""" "Did you mean" speaks only when the respelled query finds clearly more."""

from __future__ import annotations

import pytest

from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.index.build import build_index
from search.query.suggest import needed
from search.request.params import SearchParams
from search.request.syntax import respell
from tests.conftest import search_json, write_jsonl


def article(n: int, body: str) -> dict:
    return {"id": f"a{n}", "title": "خبر", "body": body}


BODIES = (
    ["ارتفعت أسعار النفط الخام في السوق"] * 12  # the right spelling, often
    + ["ارتفعت أسعار النفظ الخام في السوق"]  # the typo, printed once
    + ["تراجعت أسعار الغاز"] * 2
    + ["كهف الغار"]  # a near word finding only a little more
    + ["وصل وفد من إيران"] * 6  # a correct word with a frequent neighbour
    + ["قال المتحدث ايضا"] * 20
    + ["sprint art report"] * 5  # Latin words near markup
    + ["ما بين البلدين"] * 8  # a stopword near query words
)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> OpenVersion:
    root = tmp_path_factory.mktemp("suggest")
    corpus = write_jsonl(root / "news.jsonl", [article(n, b) for n, b in enumerate(BODIES)])
    build_index(corpus, root / "index", workers=1)
    return LiveVersion(root / "index").get()


def suggestion(handle: OpenVersion, q: str) -> str | None:
    return search_json(handle, SearchParams(q=q))["suggestion"]


def test_a_word_nothing_matches_is_respelled_to_a_word_that_finds_articles(news) -> None:
    assert suggestion(news, "النفد") == "النفط"


def test_a_rare_spelling_is_respelled_when_the_fix_finds_clearly_more(news) -> None:
    assert search_json(news, SearchParams(q="النفظ"))["total"] == 1
    assert suggestion(news, "النفظ") == "النفط"


def test_a_fix_finding_only_a_little_more_is_not_offered(news) -> None:
    assert search_json(news, SearchParams(q="الغار"))["total"] == 1
    assert suggestion(news, "الغار") is None  # الغاز finds 2, fewer than needed(1)
    assert needed(1) > 2


def test_a_query_finding_enough_is_never_corrected(news) -> None:
    assert suggestion(news, "إيران") is None


def test_latin_words_numbers_and_markup_are_not_respelled(news) -> None:
    assert suggestion(news, "<script>alert(1)</script>") is None
    assert suggestion(news, "sprnt") is None


def test_a_stopword_never_replaces_a_word(news) -> None:
    assert suggestion(news, "بيث") is None


def test_a_prefix_is_not_respelled(news) -> None:
    assert suggestion(news, "بيث*") is None


def test_the_suggestion_keeps_the_query_syntax_as_typed(news) -> None:
    assert suggestion(news, '"النفظ الخام" -الغاز') == '"النفط الخام" -الغاز'
    assert suggestion(news, "النفظ OR غاز") == "النفط OR غاز"


def test_respelling_leaves_exclusions_and_prefixes_alone() -> None:
    fixes = {"النفظ": "النفط"}
    assert respell("النفظ -النفظ النفظ*  «النفظ»", fixes) == "النفط -النفظ النفظ*  «النفط»"
