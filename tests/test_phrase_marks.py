"""A phrase is marked only where it occurs, as one mark over the whole phrase, on every
engine and in every rendering (snippet spans, the document view, the API's HTML, the
CLI's brackets); a word outside any phrase of the query is marked wherever it matches.

Issue 32, item 1: ``"كأس العالم"`` marked a lone ``العالم`` and ``كاس`` (the sports
court) elsewhere, and ``"شي جين"`` came out as ``[شي] [جين]``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine.base import Engine
from search.query.documents import get_document
from search.query.run import run_search
from search.request.params import SearchParams
from search.request.plan import highlight_terms
from search.request.syntax import parse_query
from search.text.analyzers import analyze_word
from search.text.normalise import TOKEN_PATTERN
from tests.engine_contract_kit import ENGINES, cli_built_index
from web import create_app

RECORDS = [
    {
        "id": "p1",
        "title": "المونديال",
        "body": "انطلقت كأس العالم في قطر. وقال العالم كله إن محكمة كاس رفضت الطعن.",
    },
    {
        "id": "p2",
        "title": "زيارة",
        "body": "أكد الرئيس شي جين بينغ أن شي سيزور الكويت، وقال جين إن الزيارة رسمية.",
    },
]


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp(f"phrase-marks-{request.param}")
    return ENGINES[request.param](folder, RECORDS, False)


def snippet_marks(engine: Engine, q: str) -> dict[str, list[str]]:
    response = run_search(engine, SearchParams(q=q))
    return {
        hit.id: [f.text[s:e] for f in hit.snippet.fragments for s, e in f.marks]
        for hit in response.hits
        if hit.snippet is not None
    }


def exact_words(text: str) -> tuple[str | None, ...]:
    return tuple(analyze_word(m.group())[0] for m in TOKEN_PATTERN.finditer(text))


def test_a_phrase_marks_only_where_it_occurs_as_one_mark(engine: Engine) -> None:
    assert snippet_marks(engine, '"كأس العالم"') == {"p1": ["كأس العالم"]}


def test_a_name_in_quotes_is_one_mark_not_one_per_word(engine: Engine) -> None:
    assert snippet_marks(engine, '"شي جين"') == {"p2": ["شي جين"]}


def test_a_word_outside_the_phrase_is_marked_as_before(engine: Engine) -> None:
    assert snippet_marks(engine, '"كأس العالم" قطر') == {"p1": ["كأس العالم", "قطر"]}
    assert snippet_marks(engine, '"كأس العالم" العالم') == {"p1": ["كأس العالم", "العالم"]}


def test_every_mark_is_the_phrase_or_a_word_of_the_query(engine: Engine) -> None:
    for q in ['"كأس العالم"', '"شي جين"', '"شي جين" الكويت', '"جين بينغ" OR رسمية']:
        terms = highlight_terms(parse_query(q))
        for marks in snippet_marks(engine, q).values():
            for mark in marks:
                words = exact_words(mark)
                assert words in terms.phrases or (len(words) == 1 and terms.matches(mark)), mark


def test_the_document_view_marks_the_phrase_once(engine: Engine) -> None:
    document = get_document(engine, "p1", '"كأس العالم"')
    assert document is not None
    assert [document.text[s:e] for s, e in document.marks] == ["كأس العالم"]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_built_index(tmp_path_factory.mktemp("phrase-cli"), RECORDS)


def test_the_cli_brackets_the_whole_phrase(index_dir: Path) -> None:
    result = CliRunner().invoke(main, ["search", '"شي جين"', "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    assert "[شي جين]" in result.output and "[شي]" not in result.output


def test_the_api_marks_the_whole_phrase_once(index_dir: Path) -> None:
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    body = json.loads(client.get("/api/search", query_string={"q": '"كأس العالم"'}).data)
    [hit] = body["hits"]
    assert hit["snippet"].count("<mark>") == 1 and "<mark>كأس العالم</mark>" in hit["snippet"]
