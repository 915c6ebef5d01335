"""Shared fixtures: one seed index per session, and a small JSONL corpus builder."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from search.engine.base import Engine
from search.engine.whoosh.engine import WhooshEngine
from search.engine.whoosh.reader import LiveVersion, OpenVersion
from search.index.build import build_index
from search.query.run import run_search
from search.request.params import SearchParams
from web.bodies import search_body

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five seed articles, built once into a temporary index folder."""
    root = tmp_path_factory.mktemp("seed-index")
    build_index(SEEDS, root, workers=1)
    return root


def search_json(index: OpenVersion | Engine, params: SearchParams) -> dict[str, Any]:
    """The API's response body for ``params``, through the engine seam (tests read JSON)."""
    engine = index if hasattr(index, "search") else WhooshEngine.of(index)  # type: ignore[arg-type]
    return search_body(run_search(engine, params))  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seed_index(seed_index_dir: Path) -> OpenVersion:
    return LiveVersion(seed_index_dir).get()


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    """Write records as JSONL (one object a line) and return the path."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def jsonl_corpus(tmp_path: Path) -> Callable[[list[dict[str, Any]]], Path]:
    """Make a JSONL corpus file from records."""

    def make(records: list[dict[str, Any]], name: str = "corpus.jsonl") -> Path:
        return write_jsonl(tmp_path / name, records)

    return make
