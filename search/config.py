"""Defaults in one place; the CLI options and ``create_app(config)`` override them."""

from __future__ import annotations

from pathlib import Path

#: The sample corpus shipped in the repository.
DEFAULT_CORPUS = Path("seeds")
#: Where ``bahth index build`` writes unless told otherwise.
DEFAULT_INDEX = Path("indexes/default")
