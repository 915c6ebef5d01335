"""Sources a newsroom names itself: ``source_name`` in a record or a manifest.

A newsroom's archive uses its own outlet codes (``qds``); the corpus says what
a reader should see for each (``القدس العربي``). The name is kept per index
version and shown wherever the code would be: facet, hit, article page, chip,
and typing it filters by the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from search.engine.whoosh.engine import WhooshEngine
from search.errors import BahthError
from search.index.build import build_index, update_index
from search.query.run import run_search
from search.request.params import SearchParams
from web import create_app

QDS, QDS_NAME = "qds", "القدس العربي"
RECORDS: list[dict[str, Any]] = [
    {"id": "q1", "source": QDS, "source_name": QDS_NAME, "body": "قمة عربية في الرياض اليوم."},
    {"id": "q2", "source": QDS, "source_name": QDS_NAME, "body": "اجتماع وزراء الخارجية العرب."},
    {"id": "q3", "source": QDS, "source_name": "القدس", "body": "مؤتمر صحفي للوزير في عمان."},
    {"id": "s1", "source": "skynews", "body": "ارتفاع أسعار النفط في الأسواق."},
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def index(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    build_index(write_jsonl(tmp_path / "news.jsonl", RECORDS), root, workers=1)
    return root


def source_labels(root: Path) -> dict[str, str]:
    response = run_search(WhooshEngine(root), SearchParams())
    return {v.value: v.label for v in response.facets["source"].results}


def test_the_name_most_articles_declare_labels_the_source(index: Path) -> None:
    # two articles say القدس العربي, one says القدس; skynews keeps Bahth's shipped name
    assert source_labels(index) == {QDS: QDS_NAME, "skynews": "سكاي نيوز عربية"}


def test_hits_carry_the_label_and_the_code_stays_the_value(index: Path) -> None:
    response = run_search(WhooshEngine(index), SearchParams(filters={"source": (QDS_NAME,)}))
    assert {hit.id for hit in response.hits} == {"q1", "q2", "q3"}
    assert {(hit.source, hit.source_label) for hit in response.hits} == {(QDS, QDS_NAME)}
    assert response.params.selected("source") == (QDS,)  # URLs and the API keep the code


def test_an_update_keeps_the_names_and_takes_new_ones(index: Path, tmp_path: Path) -> None:
    added = {"id": "r1", "source": "rai", "source_name": "رأي اليوم", "body": "خبر جديد."}
    update_index(write_jsonl(tmp_path / "more.jsonl", [*RECORDS, added]), index, workers=1)
    assert source_labels(index)["rai"] == "رأي اليوم"
    assert source_labels(index)[QDS] == QDS_NAME


def test_a_manifest_names_the_source_of_plain_text_articles(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "one.txt").write_text("خبر عن الاقتصاد في المنطقة العربية.", "utf-8")
    manifest = {"file": "one.txt", "source": "asharq", "source_name": "الشرق الأوسط"}
    (folder / "manifest.jsonl").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    build_index(folder, tmp_path / "index", workers=1)
    assert source_labels(tmp_path / "index") == {"asharq": "الشرق الأوسط"}


def test_a_source_name_that_is_not_text_names_its_file_and_line(tmp_path: Path) -> None:
    bad = [RECORDS[0], {**RECORDS[1], "source_name": {"ar": QDS_NAME}}]
    corpus = write_jsonl(tmp_path / "bad.jsonl", bad)
    with pytest.raises(BahthError, match=r"bad\.jsonl:2: source_name .* is not a string"):
        build_index(corpus, tmp_path / "index", workers=1)


def test_the_page_shows_the_declared_name_in_facet_hit_chip_and_article(index: Path) -> None:
    client: FlaskClient = create_app({"TESTING": True, "INDEX_DIR": str(index)}).test_client()
    page = client.get("/", query_string={"source": QDS}).get_data(as_text=True)
    assert page.count(QDS_NAME) >= 1 + 3 + 1  # facet value, three hits, the chip
    article = client.get("/doc/q3").get_data(as_text=True)
    assert QDS_NAME in article
    body = client.get("/api/search", query_string={"q": "قمة"}).get_json()
    assert [(h["source"], h["source_label"]) for h in body["hits"]] == [(QDS, QDS_NAME)]
