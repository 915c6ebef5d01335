"""Engines behind the seam (:mod:`search.engine.base`), opened by name."""

from __future__ import annotations

from pathlib import Path

from search.engine.base import Engine
from search.errors import BahthError

ENGINES = ("whoosh",)


def open_engine(name: str = "whoosh", index_dir: Path | None = None) -> Engine:
    """The engine called ``name``, serving the live version of its index."""
    if name == "whoosh":
        from search.engine.whoosh.engine import WhooshEngine

        if index_dir is None:
            raise BahthError("the whoosh engine needs an index folder (--index)")
        return WhooshEngine(Path(index_dir))
    raise BahthError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")
