"""The Bahth web app: a search page for people and a JSON API for programs.

Both render the same :func:`search.query.run.run_search` result (Datasette
style). The app opens one engine (:func:`search.engine.open_engine`); the
Whoosh engine follows the ``CURRENT`` pointer, so a rebuild is picked up on
the next request without a restart.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from search.config import DEFAULT_INDEX
from search.engine import open_engine
from search.request.syntax import MAX_QUERY_CHARS
from web.current import ENGINE_KEY


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app; ``config`` overrides defaults (``INDEX_DIR``, ``TESTING`` …)."""
    # No merging of "//": Werkzeug would answer /static//x with a redirect built
    # from the Host header. The static route is added here, after the map is told.
    app = Flask(__name__, static_folder=None)
    app.url_map.merge_slashes = False
    app.static_folder = "static"
    app.add_url_rule("/static/<path:filename>", "static", app.send_static_file)
    app.config.update(
        INDEX_DIR=DEFAULT_INDEX,
        ENGINE="whoosh",
        MAX_CONTENT_LENGTH=64 * 1024,
        DEBUG=False,  # Flask would take it from FLASK_DEBUG in the environment
    )
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions[ENGINE_KEY] = open_engine(
        app.config["ENGINE"],
        Path(app.config["INDEX_DIR"]),
        app.config.get("SOLR_URL"),
        app.config.get("SOLR_COLLECTION"),
        app.config.get("SOLR_ANALYSIS"),
    )

    from web import (
        api,
        doc_ids,
        errors,
        formatting,
        pages,
        provenance,
        request_ids,
        security,
        stories,
    )
    from web.compare import bp as compare_bp
    from web.feed import bp as feed_bp
    from web.follow_api import bp as follow_api_bp
    from web.profiles import bp as profiles_bp

    doc_ids.init_doc_ids(app)

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(follow_api_bp)
    app.register_blueprint(feed_bp)
    app.register_blueprint(compare_bp)
    app.register_blueprint(profiles_bp)
    stories.init_stories(app)
    errors.init_errors(app)
    security.init_security(app)
    request_ids.init_request_ids(app)
    app.jinja_env.globals["max_query_chars"] = MAX_QUERY_CHARS
    app.jinja_env.filters.update(
        marks=formatting.safe_marks,
        title_text=formatting.title_text,
        arabic_date=formatting.arabic_date,
        arabic_month=formatting.arabic_month,
        article_count=formatting.article_count,
        origin_label=provenance.origin_label,
    )
    return app
