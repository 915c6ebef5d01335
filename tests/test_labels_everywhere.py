"""Labels and counts a reader sees agree (issue 32, items 4 and 5 in part): the CLI's hit
lines name a source as its facet does, ``bahth index stats`` counts places as well as
actors, and the article page lists places beside actors, each list on full lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli.main import main
from tests.engine_contract_kit import cli_built_index
from web import create_app

RECORDS = [
    {
        "id": "k1",
        "title": "زيارة إلى موسكو",
        "source": "skynews",
        "actors": ["فلاديمير بوتين"],
        "places": ["موسكو", "بكين"],
        "body": "وصل الوفد إلى موسكو قادما من بكين للقاء فلاديمير بوتين.",
    },
]


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_built_index(tmp_path_factory.mktemp("labels"), RECORDS)


def test_cli_hit_lines_name_the_source_as_the_facet_does(index_dir: Path) -> None:
    result = CliRunner().invoke(main, ["search", "موسكو", "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    hit_line = next(line for line in result.output.splitlines() if line.startswith("1. "))
    facet_line = next(line for line in result.output.splitlines() if " source: " in line)
    label = re.search(r"source: (.+) \(1\)", facet_line)
    assert label and label.group(1) != "skynews"
    assert f"({label.group(1)})" in hit_line and "skynews" not in hit_line


def test_index_stats_counts_places_as_well_as_actors(index_dir: Path) -> None:
    result = CliRunner().invoke(main, ["index", "stats", "--index", str(index_dir), "--json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    places = json.loads(
        CliRunner().invoke(main, ["search", "", "--index", str(index_dir), "--json"]).output
    )["facets"]["places"]["results"]
    assert stats["places"] == len(places) > 0 and stats["actors"] > 0


def test_the_article_page_lists_places_beside_actors(index_dir: Path) -> None:
    client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
    html = client.get("/doc/k1").get_data(as_text=True)
    assert '<dt class="wide">الأماكن</dt>' in html
    assert "place=%D9%85%D9%88%D8%B3%D9%83%D9%88" in html  # a link filtering by موسكو
    assert '<dt class="wide">الفاعلون</dt>' in html
