"""Ranked search over real indexes: matching, phrases, filters, facets, snippets."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.index.build import build_index
from search.request.params import SearchParams
from tests.conftest import search_json, write_jsonl

MARK = re.compile(r"<mark>(.*?)</mark>")

NEWS = [
    {
        "id": "n1",
        "title": "قمة في بكين",
        "source": "كونا",
        "published": "2026-02-04",
        "actors": ["شي جين بينغ", "الصين"],
        "body": "بحث الرئيسان العلاقاتُ الثنائيةَ في بكين، وأكد شي جين بينغ عمق العلاقات.",
    },
    {
        "id": "n2",
        "title": "موسكو تستقبل وفدا",
        "source": "سبوتنيك",
        "published": "2026-01-10",
        "actors": ["فلاديمير بوتين", "روسيا"],
        "body": "استقبل بوتين وفدا صينيا في موسكو لبحث علاقات التعاون. قال شي إن جين يصل غدا.",
    },
    {
        "id": "n3",
        "title": "الطاقة في الخليج",
        "source": "كونا",
        "published": "2025-12-01",
        "actors": ["الكويت"],
        "body": "ارتفعت أسعار النفط وتحدث وزير الطاقة عن الإنتاج في الكويت.",
    },
    {
        "id": "n4",
        "title": "اقتصاد الصين",
        "source": "الثورة نت",
        "actors": ["الصين"],
        "body": "نما اقتصاد الصين بفضل الصادرات والعلاقات التجارية مع شنغهاي وغيرها.",
    },
]


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> OpenVersion:
    root = tmp_path_factory.mktemp("news")
    corpus = write_jsonl(root / "news.jsonl", NEWS)
    build_index(corpus, root / "index", workers=1)
    return LiveVersion(root / "index").get()


def search(handle: OpenVersion, q: str = "", **kwargs) -> dict:
    return search_json(handle, SearchParams(q=q, **kwargs))


def ids(response: dict) -> list[str]:
    return [hit["id"] for hit in response["hits"]]


def test_relation_query_finds_every_seed_and_marks_the_printed_form(seed_index) -> None:
    response = search(seed_index, "علاقة")
    assert response["total"] == 5
    for hit in response["hits"]:
        marked = MARK.findall(hit["snippet"])
        assert marked, hit["id"]
        assert all("علاق" in word for word in marked)


def test_diacritised_words_are_found_and_marked_exactly_as_printed(news) -> None:
    response = search(news, "علاقات ثنائية")
    assert ids(response)[0] == "n1"
    marked = MARK.findall(response["hits"][0]["snippet"])
    assert "العلاقاتُ" in marked and "الثنائيةَ" in marked


def test_phrase_matches_only_adjacent_words(news) -> None:
    assert ids(search(news, '"شي جين"')) == ["n1"]
    assert set(ids(search(news, "شي جين"))) == {"n1", "n2"}


def test_excluded_word_removes_documents(news) -> None:
    assert "n2" not in ids(search(news, "علاقات -بوتين"))


def test_or_matches_either_word(news) -> None:
    assert set(ids(search(news, "النفط OR موسكو"))) == {"n2", "n3"}


def test_short_query_requires_all_its_words(news) -> None:
    assert ids(search(news, "العلاقات الصين")) == ["n4"]


def test_short_query_falls_back_to_any_word_rather_than_nothing(news) -> None:
    assert set(ids(search(news, "النفط الصين"))) == {"n3", "n4"}


def test_long_question_requires_most_words_and_falls_back_to_any(news) -> None:
    response = search(news, "ما هي أسعار النفط التي تحدث عنها وزير الطاقة في الكويت أمس")
    assert ids(response)[0] == "n3"
    assert search(news, "النفط قمر مريخ زحل عطارد")["total"] >= 1


@pytest.mark.parametrize("q", ['"', "OR", "-", "((", "a:b", "*", "\\", '"unclosed', "AND NOT"])
def test_odd_query_syntax_answers_instead_of_failing(news, q: str) -> None:
    response = search(news, q)
    assert response["total"] >= 0


def test_title_match_ranks_above_body_match(news) -> None:
    assert ids(search(news, "اقتصاد"))[0] == "n4"


def test_source_filter_and_disjunctive_source_counts(news) -> None:
    response = search(news, "", filters={"source": ("كونا",)})
    assert set(ids(response)) == {"n1", "n3"}
    counts = {
        r["value"]: (r["count"], r["selected"]) for r in response["facets"]["source"]["results"]
    }
    assert counts == {"كونا": (2, True), "سبوتنيك": (1, False), "الثورة نت": (1, False)}


def test_facet_counts_agree_with_hits(news) -> None:
    response = search(news, "الصين")
    actors = {r["value"]: r["count"] for r in response["facets"]["actors"]["results"]}
    expected: dict[str, int] = {}
    for hit in response["hits"]:
        for actor in hit["actors"]:
            expected[actor] = expected.get(actor, 0) + 1
    assert actors == expected
    assert sum(r["count"] for r in response["facets"]["source"]["results"]) == response["total"]


def test_actor_filter_is_or_within_and_across_facets(news) -> None:
    both = search(news, "", filters={"actors": ("الصين", "روسيا")})
    assert set(ids(both)) == {"n1", "n2", "n4"}
    narrowed = search(news, "", filters={"actors": ("الصين", "روسيا"), "source": ("كونا",)})
    assert ids(narrowed) == ["n1"]


def test_date_range_is_inclusive_and_months_are_counted(news) -> None:
    response = search(news, "", date_from=dt.date(2026, 1, 10), date_to=dt.date(2026, 2, 4))
    assert set(ids(response)) == {"n1", "n2"}
    months = {r["value"]: r["count"] for r in response["facets"]["date"]["results"]}
    assert months == {"2025-12": 1, "2026-01": 1, "2026-02": 1}


def test_empty_query_browses_newest_first_with_undated_last(news) -> None:
    assert ids(search(news, "")) == ["n1", "n2", "n3", "n4"]
    assert ids(search(news, "", sort="oldest")) == ["n3", "n2", "n1", "n4"]


def test_paging_past_the_end_returns_no_hits(news) -> None:
    response = search(news, "", page=3, per_page=2)
    assert response["total"] == 4 and response["hits"] == []


def test_normalized_query_is_echoed(news) -> None:
    assert search(news, "العلاقةُ")["query"]["normalized"] == "العلاقه"


def test_suggestion_offered_only_when_nothing_matches(news) -> None:
    assert search(news, "النفظ")["suggestion"] == "النفط"
    assert search(news, "النفط")["suggestion"] is None


def test_spelling_variant_query_finds_other_spelling(news) -> None:
    response = search(news, "شانغهاي")
    assert ids(response) == ["n4"]
    assert MARK.findall(response["hits"][0]["snippet"]) == ["شنغهاي"]


def test_snippets_escape_document_text(tmp_path: Path) -> None:
    corpus = write_jsonl(
        tmp_path / "x.jsonl",
        [
            {
                "id": "x",
                "title": "<script>alert(1)</script>",
                "body": "خبر <script>alert(1)</script> عن <b>النفط</b> & الغاز",
            }
        ],
    )
    build_index(corpus, tmp_path / "ix", workers=1)
    response = search(LiveVersion(tmp_path / "ix").get(), "النفط")
    snippet = response["hits"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_inflection_key_joins_verb_forms_for_scoring() -> None:
    from search.engine.whoosh.ranking import root_key
    from search.text.analyzers import analyze_word

    def key(word: str) -> str:
        return root_key(analyze_word(word)[1])

    assert key("يلعبون") == key("لعب")
    assert key("تحسن") == key("الحسن")


def test_inflection_expansion_never_widens_matching(tmp_path: Path) -> None:
    corpus = write_jsonl(
        tmp_path / "x.jsonl",
        [
            {"id": "a", "body": "أعلن الوزير خطة إصلاح التعليم في البلاد هذا العام"},
            {"id": "b", "body": "سجل محمد صلاح هدفين في المباراة الأخيرة للفريق"},
        ],
    )
    build_index(corpus, tmp_path / "ix", workers=1)
    handle = LiveVersion(tmp_path / "ix").get()
    assert ids(search(handle, "محمد صلاح")) == ["b"]
    question = "كم هدفا سجل محمد صلاح في المباراة الأخيرة للفريق"
    assert ids(search(handle, question))[0] == "b"


def test_search_out_of_time_returns_what_it_found_marked_partial(news) -> None:
    response = search_json(news, SearchParams(q="علاقات الصين بكين", time_limit_ms=0))
    assert response["partial"] is True
    assert response["total"] == 0 and response["hits"] == []
    assert search(news, "علاقات")["partial"] is False


def test_saved_version_arrays_equal_the_ones_read_from_columns(news) -> None:
    from search.store.version_arrays import compute_arrays, load_arrays

    version_dir = news.root / "versions" / news.version
    assert (version_dir / "arrays.npz").is_file()
    saved_facets, saved_lengths = load_arrays(version_dir, news.index)
    facets, lengths = compute_arrays(news.index)
    for name in ("live", "source", "day", "month"):
        assert (getattr(saved_facets, name) == getattr(facets, name)).all()
    assert saved_facets.multi.keys() == facets.multi.keys() == {"actors", "places"}
    for name, column in facets.multi.items():
        assert (saved_facets.multi[name].offsets == column.offsets).all()
        assert (saved_facets.multi[name].values == column.values).all()
        assert saved_facets.multi[name].labels == column.labels
    assert saved_lengths.averages == lengths.averages
    assert all((saved_lengths.lengths[k] == lengths.lengths[k]).all() for k in lengths.lengths)


def test_phrases_with_stopwords_match_only_adjacent_words(tmp_path: Path) -> None:
    corpus = write_jsonl(
        tmp_path / "x.jsonl",
        [
            {"id": "a", "body": "تصاعد القتال في سوريا خلال الأسبوع الماضي"},
            {"id": "b", "body": "سوريا تشهد تصعيدا في الشمال"},
            {"id": "c", "body": "اجتماع في ظل توتر في سوريا والعراق"},
        ],
    )
    build_index(corpus, tmp_path / "ix", workers=1)
    handle = LiveVersion(tmp_path / "ix").get()
    assert sorted(ids(search(handle, '"في سوريا"'))) == ["a", "c"]
    assert ids(search(handle, '"القتال في سوريا"')) == ["a"]
    assert ids(search(handle, '"في ظل توتر"')) == ["c"]
    assert ids(search(handle, '"سوريا في"')) == []


def test_a_lone_surrogate_in_a_query_becomes_a_replacement_character(news: OpenVersion) -> None:
    """argv under a non-UTF-8 locale carries lone surrogates; URLs and JSON need real text."""
    params = SearchParams(
        q="قمة \ud800", filters={"source": ("\udcff",), "actors": ("\ud83d\ude00",)}
    )
    assert (params.q, params.selected("source"), params.selected("actors")) == (
        "قمة \ufffd",
        ("\ufffd",),
        ("😀",),
    )
    body = search_json(news, params)
    assert body["query"]["q"] == "قمة \ufffd"
