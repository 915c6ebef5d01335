"""Schemas of the follow-and-export endpoints (``/api/export``, ``/api/timeline``), for the
OpenAPI document: the search page's parameters plus each endpoint's own."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from search.query.export import ALL_FIELDS, FORMATS
from search.query.timeline import MAX_COMPARED, SCALES
from search.request.params import SORTS
from search.request.syntax import MAX_QUERY_CHARS
from web.schemas import SearchArgsSchema

_NAMES = "|".join(ALL_FIELDS)
#: Page-view parameters an export or a timeline has no use for.
NOT_FOR_EXPORT = ("page", "per_page", "snippet_chars", "cursor")


class ExportArgsSchema(SearchArgsSchema):  # type: ignore[misc, valid-type]
    """``GET /api/export``: what to search, and the file's format and columns."""

    sort = fields.String(
        load_default="relevance",
        validate=validate.OneOf([*SORTS, "date"]),
        metadata={"description": "Rank order (score, then id) or by date; date is oldest first."},
    )
    format = fields.String(load_default="csv", validate=validate.OneOf(FORMATS))
    columns = fields.String(
        data_key="fields",
        validate=validate.Regexp(f"^({_NAMES})(,({_NAMES}))*$"),
        metadata={"description": f"Columns, comma-separated, among {', '.join(ALL_FIELDS)}."},
    )
    with_text = fields.Boolean(metadata={"description": "Add each article's cleaned text."})


class TimelineArgsSchema(SearchArgsSchema):  # type: ignore[misc, valid-type]
    """``GET /api/timeline``: up to four searches with the same filters."""

    q = fields.List(
        fields.String(validate=validate.Length(max=MAX_QUERY_CHARS)),
        validate=validate.Length(max=MAX_COMPARED),
        metadata={"description": f"Up to {MAX_COMPARED} searches (repeat q)."},
    )
    scale = fields.String(load_default="count", validate=validate.OneOf(SCALES))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class SeriesSchema(Schema):
    q = fields.String(required=True)
    total = fields.Integer(required=True)
    counts = fields.List(fields.Integer(), required=True)
    values = fields.List(fields.Float(), required=True, metadata={"description": "Per scale."})


class TimelineSchema(Schema):
    scale = fields.String(required=True)
    months = fields.List(fields.String(), required=True, metadata={"description": "YYYY-MM."})
    all_articles = fields.List(
        fields.Integer(),
        required=True,
        metadata={"description": "Every article of the selected sources, per month."},
    )
    series = fields.List(fields.Nested(SeriesSchema), required=True)
