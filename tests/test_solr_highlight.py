"""Snippet marks on Solr come from its unified highlighter, in Bahth's analysis too, and
mark the very words the Whoosh engine marks, on the body as printed: clitics,
diacritics, and characters Java counts twice (an emoji before the word).

Skipped without a cluster, failed in CI (``BAHTH_REQUIRE_SOLR=1``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.query.run import run_search
from search.request.params import SearchParams
from tests.engine_contract_kit import ENGINES

RECORDS = [
    {"id": "e1", "title": "خبر", "body": "😀 🚀 وصل الوفدُ إلى الكويت، والوفود تتوالى 😀 الوفد."},
    {"id": "e2", "title": "الوفد في العنوان", "body": "لا شيء هنا يطابق."},
]


def marks(engine_name: str, folder: Path, q: str) -> dict[str, list[str]]:
    engine = ENGINES[engine_name](folder / engine_name, RECORDS, False)
    response = run_search(engine, SearchParams(q=q))
    return {
        hit.id: [f.text[s:e] for f in hit.snippet.fragments for s, e in f.marks]
        for hit in response.hits
        if hit.snippet is not None
    }


@pytest.mark.parametrize("q", ["الوفد", '"الوفد إلى"', "الكويت OR تتوالى", "الوف*"])
def test_solr_marks_the_words_whoosh_marks_on_the_body_as_printed(tmp_path: Path, q: str) -> None:
    solr = marks("solr", tmp_path, q)
    assert solr == marks("whoosh", tmp_path, q)
    assert any(solr.values())


def test_a_title_only_match_marks_nothing_in_the_body(tmp_path: Path) -> None:
    assert marks("solr", tmp_path, "العنوان").get("e2", []) == []
