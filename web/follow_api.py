"""Taking a search away: ``/api/export`` (every match as CSV or JSON lines) and
``/api/timeline`` (monthly series of up to four searches, as JSON or CSV).

Both take the search page's parameters (:func:`web.schemas.load_search_params`).
An export is streamed: the first page is asked before the response starts, so a
bad parameter is still a 400 in the API's error shape; the rest follows page by
page (:mod:`search.query.export`), and the server's memory holds one page. A page
that runs out of time would lose rows silently, so it ends the download instead
(the client sees a cut transfer, never a short file that looks whole).
"""

from __future__ import annotations

import csv
import io
import itertools
import logging
from collections.abc import Iterator

from flask import Blueprint, Response, jsonify, request, stream_with_context
from werkzeug.datastructures import MultiDict

from search.errors import QueryError
from search.query.export import (
    BOM,
    FORMATS,
    csv_chunks,
    export_fields,
    export_rows,
    jsonl_chunks,
    safe_cell,
)
from search.query.timeline import MAX_COMPARED, Timeline, timeline
from search.query.walk import IncompleteWalk
from search.request.params import SearchParams
from web.current import current_engine
from web.schemas import load_search_params

bp = Blueprint("follow_api", __name__, url_prefix="/api")
log = logging.getLogger(__name__)

MEDIA = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
#: ``sort=date`` in an export is chronological (a time series reads oldest first).
SORT_ALIASES = {"date": "oldest"}


def export_params(args: MultiDict) -> SearchParams:
    """The search of an export: the page's parameters, ``sort=date`` as oldest first."""
    sort = args.get("sort", "")
    if sort in SORT_ALIASES:
        args = args.copy()
        args["sort"] = SORT_ALIASES[sort]
    return load_search_params(args)


def _flag(value: str | None) -> bool:
    if value in (None, "", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise QueryError("with_text", "must be true or false")


def _guarded(chunks: Iterator[str]) -> Iterator[bytes]:
    try:
        for chunk in chunks:
            yield chunk.encode("utf-8")
    except IncompleteWalk as error:  # cut the transfer: a short file must not look whole
        log.warning("export stopped: %s", error)
        raise


@bp.get("/export")
def export() -> Response:
    """Every match of the search, streamed, in rank order or by date."""
    fmt = request.args.get("format", "csv")
    if fmt not in FORMATS:
        raise QueryError("format", f"must be one of {', '.join(FORMATS)}")
    fields = export_fields(request.args.get("fields"), _flag(request.args.get("with_text")))
    params = export_params(request.args)
    rows = export_rows(current_engine(), params, fields)
    first = list(itertools.islice(rows, 1))  # the first page now: its errors are a 400
    everything = itertools.chain(first, rows)
    chunks = csv_chunks(everything, fields) if fmt == "csv" else jsonl_chunks(everything)
    response = Response(stream_with_context(_guarded(chunks)), mimetype=MEDIA[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="bahth-export.{fmt}"'
    response.headers["X-Accel-Buffering"] = "no"
    return response


def searches(args: MultiDict) -> list[SearchParams]:
    """One search per ``q`` (at most :data:`MAX_COMPARED`), all with the same filters."""
    queries = [q for q in args.getlist("q") if q.strip()] or [""]
    if len(queries) > MAX_COMPARED:
        raise QueryError("q", f"at most {MAX_COMPARED} searches")
    out = []
    for q in queries:
        one = args.copy()
        one.setlist("q", [q])
        out.append(load_search_params(one))
    return out


def timeline_csv(found: Timeline) -> str:
    """month, all articles, then each search's count (and share on that scale)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = ["month", "all_articles"]
    for series in found.series:
        header.append(safe_cell(f"count: {series.q}"))
        if found.scale == "share":
            header.append(safe_cell(f"share: {series.q}"))
    writer.writerow(header)
    for i, month in enumerate(found.months):
        row: list[object] = [month, found.base[i]]
        for series in found.series:
            row.append(series.counts[i])
            if found.scale == "share":
                row.append(series.values[i])
        writer.writerow(row)
    return BOM + buffer.getvalue()


def timeline_body(found: Timeline) -> dict[str, object]:
    return {
        "scale": found.scale,
        "months": list(found.months),
        "all_articles": list(found.base),
        "series": [
            {"q": s.q, "total": s.total, "counts": list(s.counts), "values": list(s.values)}
            for s in found.series
        ],
    }


def requested_timeline(args: MultiDict) -> Timeline:
    return timeline(current_engine(), searches(args), args.get("scale", "count") or "count")


@bp.get("/timeline")
def timeline_api() -> Response:
    """Monthly counts (or shares: ``scale=share``) of each ``q``; ``format=csv`` for a file."""
    fmt = request.args.get("format", "json")
    if fmt not in ("json", "csv"):
        raise QueryError("format", "must be json or csv")
    found = requested_timeline(request.args)
    if fmt == "json":
        return jsonify(timeline_body(found))
    response = Response(timeline_csv(found), mimetype=MEDIA["csv"])
    response.headers["Content-Disposition"] = 'attachment; filename="bahth-timeline.csv"'
    return response
