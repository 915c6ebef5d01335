"""Stories on the web: the story page (``/story/<id>``), its JSON (``/api/stories/<id>``),
and the words the results page uses for stories.

A story id is ours (``s`` and twelve hex digits, search/index/stories.py): anything
else is a 404 without asking the engine.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, jsonify, render_template
from markupsafe import Markup

from search.query.story_page import story_page
from web.current import current_engine
from web.errors import json_error, page_error
from web.story_schemas import StorySchema

bp = Blueprint("stories", __name__)
STORY = StorySchema()
_STORY_ID = re.compile(r"s[0-9a-f]{12}")


def _page(story: str) -> Any:
    if not _STORY_ID.fullmatch(story):
        return None
    return story_page(current_engine(), story)


@bp.get("/api/stories/<story>")
def story_json(story: str) -> Response | tuple[Response, int]:
    """Every version of a story, first published first, with what each adds and drops."""
    found = _page(story)
    if found is None:
        return json_error(404, "no story with this id")
    return jsonify(STORY.dump(found))


@bp.get("/story/<story>")
def story_html(story: str) -> tuple[str, int]:
    found = _page(story)
    if found is None:
        return page_error(404, "لا توجد قصة بهذا المعرّف.")
    body = STORY.dump(found)
    for entry in body["versions"]:  # escaped by StoryEntry.body_html; <ins> is our only tag
        entry["body_html"] = Markup(entry["body_html"])
    return render_template("story.html", story=body, q=""), 200


def counted(count: int, one: str, two: str, few: str, many: str) -> str:
    """An Arabic count with its noun form (1, 2, 3-10, 11+ and hundreds)."""
    if count == 1:
        return one
    if count == 2:
        return two
    if 3 <= count % 100 <= 10:
        return f"{count} {few}"
    return f"{count} {many}"


def story_count(count: int) -> str:
    """«45 قصة»."""
    return "لا قصص" if count == 0 else counted(count, "قصة واحدة", "قصتان", "قصص", "قصة")


def other_sources(count: int) -> str:
    """«و 3 مصادر أخرى»: the other versions of a collapsed hit."""
    return counted(count, "ومصدر آخر", "ومصدران آخران", "مصادر أخرى", "مصدرًا آخر").replace(
        f"{count} ", f"و {count} ", 1
    )


def init_stories(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.filters.update(
        story_count=story_count, other_sources=other_sources
    )
