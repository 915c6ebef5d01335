"""``/compare?q=…&q=…``: up to four searches over time on one chart, without JavaScript.

The searches share the filters (sources, actors, places, dates) of the query
string; ``scale=share`` divides each month by all the articles the selected
sources published that month (:mod:`search.query.timeline`). The page shows the
chart (server-rendered SVG with a text alternative, :mod:`web.timeline_svg`),
the same numbers in a table, and links to them as CSV and JSON
(``/api/timeline``). A bad parameter is the 400 page, never a crash.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, render_template, request
from markupsafe import Markup
from marshmallow import ValidationError

from search.engine.base import Engine
from search.errors import QueryError
from search.query.timeline import MAX_COMPARED, SCALES, Timeline, base_params
from search.query.walk import walk_request
from search.request.params import SearchParams
from web.follow_api import requested_timeline
from web.timeline_svg import Shown, line_chart, series_styles, text_alternative, value_text
from web.view import arabic_errors

bp = Blueprint("compare", __name__)

SCALE_LABELS = {"count": "عدد المقالات", "share": "الحصة من كل مقالات المصادر"}


@dataclass(frozen=True)
class CompareView:
    """What the comparison template needs beside the timeline."""

    found: Timeline
    chart: Markup
    styles: list[Shown]
    summary: str
    csv_url: str
    json_url: str

    def cell(self, value: float) -> str:
        return value_text(value, self.found.scale)


def _state() -> list[tuple[str, str]]:
    """The query string as pairs, without the format (the links add theirs)."""
    return [(k, v) for k, v in request.args.items(multi=True) if k != "format"]


def month_base(engine: Engine, params: SearchParams, scale: str | None) -> dict[str, int] | None:
    """The search page's histogram divisor on ``scale=share``: every article of the selected
    sources per month, over all dates (the histogram ignores its own date filter)."""
    if scale in (None, "", "count"):
        return None
    if scale not in SCALES:
        raise QueryError("scale", f"must be one of {', '.join(SCALES)}")
    everything = base_params(dataclasses.replace(params, date_from=None, date_to=None))
    return engine.timeline(walk_request(engine, everything))


@bp.get("/compare")
def compare() -> tuple[str, int]:
    """The comparison page for the URL's searches (an empty form without any)."""
    queries = [q for q in request.args.getlist("q") if q.strip()]
    boxes = (queries + [""] * MAX_COMPARED)[:MAX_COMPARED]
    scale = request.args.get("scale", "count") or "count"
    context = {"boxes": boxes, "scale": scale, "scales": SCALE_LABELS, "q": ""}
    if not queries:
        return render_template("compare.html", view=None, **context), 200
    try:
        if scale not in SCALES:
            raise QueryError("scale", f"must be one of {', '.join(SCALES)}")
        found = requested_timeline(request.args)
    except (ValidationError, QueryError) as error:
        return render_template("compare.html", view=None, errors=arabic_errors(error),
                               **context), 400  # fmt: skip
    state = _state()
    view = CompareView(
        found=found,
        chart=line_chart(found),
        styles=series_styles(found),
        summary=text_alternative(found),
        csv_url="/api/timeline?" + urlencode([*state, ("format", "csv")]),
        json_url="/api/timeline?" + urlencode(state),
    )
    return render_template("compare.html", view=view, **context), 200
