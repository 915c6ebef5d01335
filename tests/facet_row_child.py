"""Run by tests/test_facet_row_reach.py in a fresh interpreter: one row more, nothing else.

A test-only row (``wires``: the news agencies an article cites, filled by the
agency extractor that already exists) is added to the registry before any other
module of Bahth is imported, since modules derive their fields from the rows
when they load. The seed corpus is then indexed and searched with the engine
named on the command line, and what the row reached is printed as one JSON line.

    python tests/facet_row_child.py whoosh|solr FOLDER
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from search.request import facets as registry
from search.request.facets import MULTI_KEYWORD, FacetSpec

WIRES = FacetSpec(
    "wires",
    "wire",
    "الوكالات",
    MULTI_KEYWORD,
    limit=20,
    article_attribute="agencies",
    cli_help="Only articles citing this news agency (repeatable: OR).",
    api_help="Only articles citing these news agencies (repeat: any of them).",
    chip_label="الوكالة",
)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CITED = "سبوتنيك"  # seed 000 cites Sputnik and Xinhua (tests/test_extract_pipeline.py)


def add_row(spec: FacetSpec) -> None:
    """The registry with ``spec`` among its rows, every derived table included."""
    rows = (*registry.FACETS, spec)
    registry.FACETS = rows
    registry.KEYWORD_FACETS = tuple(s for s in rows if s.is_keyword)
    registry.MULTI_FACETS = tuple(s for s in rows if s.kind == MULTI_KEYWORD)
    registry.BY_NAME = {s.name: s for s in rows}
    registry.BY_PARAM = {s.param: s for s in rows}


def whoosh_findings(folder: Path) -> dict[str, Any]:
    """The row on a Whoosh index: its column, then the API, the page and the CLI."""
    from click.testing import CliRunner

    from search.cli.main import main
    from search.engine.whoosh.reader import LiveVersion
    from web import create_app

    index = folder / "index"
    built = CliRunner().invoke(
        main, ["index", "build", "--corpus", str(SEEDS), "--index", str(index), "--silent"]
    )
    assert built.exit_code == 0, built.output
    version = LiveVersion(index).get()
    client = create_app({"INDEX_DIR": str(index), "TESTING": True}).test_client()
    api = client.get("/api/search", query_string={"q": "", "wire": CITED})
    page = client.get("/", query_string={"q": "", "wire": CITED})
    html = page.get_data(as_text=True)
    cli = CliRunner().invoke(main, ["search", "--index", str(index), "--wire", CITED, "--json"])
    assert cli.exit_code == 0, cli.output
    return {
        "columns": sorted(name for name in version.index.schema.names() if name.startswith("w")),
        "api_status": api.status_code,
        "api": api.get_json(),
        "page_status": page.status_code,
        "page_chip": f"الوكالة: <bdi>{CITED}</bdi>" in html,
        "page_column": 'id="facet-wires">الوكالات</h3>' in html,
        "cli_total": json.loads(cli.output)["total"],
    }


def solr_findings(folder: Path) -> dict[str, Any]:
    """The row on a real SolrCloud: the collection's field, its counts and its filter."""
    from search.engine import open_engine
    from search.index.solr_fields import declared_fields
    from search.index.writer_seam import BuildOptions
    from search.index.writers import open_writer
    from search.query.run import run_search
    from search.request.params import SearchParams
    from web.bodies import search_body

    alias = "facet_row_" + folder.name[-8:].replace("-", "_")
    writer = open_writer("solr", collection=alias)
    report = writer.build(SEEDS, BuildOptions(workers=1))
    engine = open_engine("solr", collection=alias)
    try:
        field = declared_fields(engine.client, report.version)["wires"]  # type: ignore[attr-defined]
        every = search_body(run_search(engine, SearchParams(q="")))
        only = search_body(run_search(engine, SearchParams(q="", filters={"wires": (CITED,)})))
    finally:
        engine.client.collections("DELETEALIAS", name=alias)  # type: ignore[attr-defined]
        engine.client.collections("DELETE", name=report.version)  # type: ignore[attr-defined]
    return {
        "field": {k: field.get(k) for k in ("type", "multiValued", "docValues")},
        "api": every,
        "filtered": only,
    }


if __name__ == "__main__":
    add_row(WIRES)
    engine_name, where = sys.argv[1], Path(sys.argv[2])
    found = whoosh_findings(where) if engine_name == "whoosh" else solr_findings(where)
    print(json.dumps(found, ensure_ascii=False))
