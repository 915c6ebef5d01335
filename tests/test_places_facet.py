"""The places facet end to end: index, run_search, the API's place=, the page, --place,
and a version built before places existed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine.whoosh.reader import LiveVersion
from search.index import build, documents, segment_workers
from search.index.build import build_index
from search.request.params import SearchParams
from tests.conftest import search_json, write_jsonl
from web import create_app

NEWS = [
    {"id": "m", "title": "زيارة", "body": "وصل الرئيس الروسي فلاديمير بوتين إلى موسكو أمس."},
    {"id": "s", "title": "معرض", "body": "افتتح في شنغهاي معرض تجاري كبير بحضور شركات صينية."},
    {"id": "g", "title": "غزة", "body": "عبرت قافلة مساعدات إلى غزة صباح اليوم بعد انتظار طويل."},
    {"id": "r", "title": "ملاحة", "body": "تراجعت الملاحة في البحر الأحمر هذا الشهر بسبب التوتر."},
]


@pytest.fixture(scope="module")
def places_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("places")
    build_index(write_jsonl(root / "news.jsonl", NEWS), root / "ix", workers=1)
    return root / "ix"


def facet_values(body: dict, name: str) -> dict[str, int]:
    return {v["value"]: v["count"] for v in body["facets"][name]["results"]}


def test_cities_regions_and_seas_are_counted_in_the_places_facet(places_index: Path) -> None:
    body = search_json(LiveVersion(places_index).get(), SearchParams(q=""))
    assert {"موسكو", "شنغهاي", "غزة", "البحر الأحمر"} <= set(facet_values(body, "places"))
    assert "موسكو" not in facet_values(body, "actors")


def test_a_place_filter_keeps_the_articles_naming_it(places_index: Path) -> None:
    body = search_json(
        LiveVersion(places_index).get(), SearchParams(filters={"places": ("موسكو",)})
    )
    assert [hit["id"] for hit in body["hits"]] == ["m"]
    assert body["query"]["filters"]["place"] == ["موسكو"]


def test_the_api_takes_place_and_the_document_shows_its_provenance(places_index: Path) -> None:
    client = create_app({"INDEX_DIR": places_index, "TESTING": True}).test_client()
    body = client.get("/api/search?place=غزة").get_json()
    assert [hit["id"] for hit in body["hits"]] == ["g"]
    document = client.get("/api/documents/g").get_json()
    assert [p["value"] for p in document["provenance"]["places"]] == ["غزة"]
    page = client.get("/?q=&place=غزة").get_data(as_text=True)
    assert "الأماكن" in page


def test_the_cli_takes_place(places_index: Path) -> None:
    result = CliRunner().invoke(
        main, ["search", "", "--index", str(places_index), "--place", "شنغهاي", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert [hit["id"] for hit in json.loads(result.output)["hits"]] == ["s"]


def test_a_version_built_before_places_existed_opens_with_an_empty_places_facet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = documents.article_document

    def without_places(article):  # what a build before this facet wrote
        doc = plain(article)
        doc.pop("places", None)
        doc.pop("places_col", None)
        return doc

    for module in (build, segment_workers):
        monkeypatch.setattr(module, "article_document", without_places)
    build_index(write_jsonl(tmp_path / "news.jsonl", NEWS), tmp_path / "ix", workers=1)
    monkeypatch.undo()
    handle = LiveVersion(tmp_path / "ix").get()
    arrays = handle.root / "versions" / handle.version / "arrays.npz"
    with np.load(arrays) as saved:  # and arrays saved without the place_* entries
        kept = {k: saved[k] for k in saved.files if not k.startswith("place_")}
    np.savez(arrays, **kept)
    handle = LiveVersion(tmp_path / "ix").get()
    body = search_json(handle, SearchParams(q="", filters={"places": ("موسكو",)}))
    assert body["total"] == 0
    assert [v["count"] for v in body["facets"]["places"]["results"]] == [0]  # selected, none
    assert facet_values(search_json(handle, SearchParams(q="")), "actors")


def test_a_doubtful_tagged_name_one_article_only_names_is_left_out_of_the_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as if the tagger alone had found every place below the confidence trusted alone
    monkeypatch.setattr(documents, "weak_values", lambda values: [v.value for v in values])
    twice = [*NEWS, {"id": "m2", "title": "عودة", "body": "عاد الوفد إلى موسكو مساء أمس."}]
    build_index(write_jsonl(tmp_path / "news.jsonl", twice), tmp_path / "ix", workers=1)
    body = search_json(LiveVersion(tmp_path / "ix").get(), SearchParams(q=""))
    assert facet_values(body, "places") == {"موسكو": 2}


def test_every_hit_lists_its_places_in_the_api_the_cli_json_and_the_page(
    places_index: Path,
) -> None:
    client = create_app({"INDEX_DIR": places_index, "TESTING": True}).test_client()
    api_hit = client.get("/api/search?q=بوتين").get_json()["hits"][0]
    cli = CliRunner().invoke(main, ["search", "بوتين", "--index", str(places_index), "--json"])
    assert cli.exit_code == 0, cli.output
    cli_hit = json.loads(cli.output)["hits"][0]
    assert api_hit["id"] == cli_hit["id"] == "m"
    assert api_hit["places"] == cli_hit["places"] == ["موسكو"]
    assert api_hit["actors"] == cli_hit["actors"] and "موسكو" not in api_hit["actors"]
    page = client.get("/?q=بوتين").get_data(as_text=True)
    assert '<span class="facet-values places"><bdi>موسكو</bdi></span>' in page
