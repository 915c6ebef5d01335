"""The app's engine, as each request sees it (kept apart from ``create_app``, which
imports the blueprints that need it)."""

from __future__ import annotations

from flask import current_app

from search.engine.base import Engine

ENGINE_KEY = "bahth.engine"


def current_engine() -> Engine:
    """The app's engine; it serves the live index version at each call."""
    engine: Engine = current_app.extensions[ENGINE_KEY]
    return engine
