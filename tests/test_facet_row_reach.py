"""A facet is one row: a row added at run time, and no other edit, reaches every layer.

``tests/facet_row_child.py`` adds a test-only row (``wires``, the news agencies
an article cites, filled by the existing agency extractor) to the registry in a
fresh interpreter, indexes the five seeds and reports what the row reached: the
Whoosh fields and column, the API's argument, hits and counts, the page's chip
and column, the CLI flag, and on a real SolrCloud the collection's field.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.engine_contract_kit import solr_reachable

CHILD = Path(__file__).resolve().parent / "facet_row_child.py"
ROOT = CHILD.parent.parent
CITED = "سبوتنيك"
#: The agencies the five seeds cite, with how many seeds cite each.
EVERY_WIRE = {"سبوتنيك": 1, "شينخوا": 2, "ريا نوفوستي": 1}


def with_the_row(engine: str, folder: Path) -> dict[str, Any]:
    """What the child found, with the ``wires`` row added to its registry."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(CHILD), engine, str(folder)],
        capture_output=True,
        text=True,
        env=env,
        cwd=folder,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def counts(body: dict[str, Any], facet: str) -> dict[str, int]:
    return {b["value"]: b["count"] for b in body["facets"][facet]["results"]}


@pytest.fixture(scope="module")
def on_whoosh(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return with_the_row("whoosh", tmp_path_factory.mktemp("row-whoosh"))


def test_the_new_row_gets_a_whoosh_field_and_its_column(on_whoosh: dict[str, Any]) -> None:
    assert {"wires", "wires_col"} <= set(on_whoosh["columns"])


def test_the_api_takes_the_rows_parameter_and_filters_counts_and_shows_by_it(
    on_whoosh: dict[str, Any],
) -> None:
    body = on_whoosh["api"]
    assert on_whoosh["api_status"] == 200
    assert body["query"]["filters"]["wire"] == [CITED]
    assert body["total"] == 1
    assert body["hits"][0]["wires"] == ["سبوتنيك", "شينخوا"]
    # counted as a selected facet is: over the articles the other filters leave (all five)
    assert counts(body, "wires") == EVERY_WIRE


def test_the_page_shows_the_rows_chip_and_column(on_whoosh: dict[str, Any]) -> None:
    assert on_whoosh["page_status"] == 200
    assert on_whoosh["page_chip"] and on_whoosh["page_column"]


def test_the_cli_takes_the_rows_flag(on_whoosh: dict[str, Any]) -> None:
    assert on_whoosh["cli_total"] == 1


def test_a_solr_build_declares_the_rows_field_on_the_real_cluster(tmp_path: Path) -> None:
    reason = solr_reachable()
    if reason:
        pytest.skip(reason)
    found = with_the_row("solr", tmp_path)
    assert found["field"] == {"type": "string", "multiValued": True, "docValues": True}
    assert counts(found["api"], "wires") == EVERY_WIRE
    assert found["filtered"]["total"] == 1
    assert found["filtered"]["hits"][0]["wires"] == ["سبوتنيك", "شينخوا"]
