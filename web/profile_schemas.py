"""The bodies of ``/api/actors/<name>`` and ``/api/places/<name>`` as marshmallow schemas,
for the OpenAPI document (:mod:`web.openapi`); :func:`web.profiles.profile_body` builds
them from :class:`search.query.profiles.Profile`."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class CountSchema(Schema):
    value = fields.String(required=True)
    count = fields.Integer(required=True, metadata={"description": "Articles."})


class LinkedCountSchema(CountSchema):
    page = fields.String(required=True, metadata={"description": "The value's own page."})
    search = fields.String(
        required=True, metadata={"description": "The search for both values together."}
    )


class LatestSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    source = fields.String(required=True, allow_none=True)
    published = fields.String(required=True, allow_none=True, metadata={"format": "date"})


class ProfileSchema(Schema):
    """One actor or place at a glance."""

    facet = fields.String(required=True, validate=validate.OneOf(["actors", "places"]))
    name = fields.String(required=True, metadata={"description": "The canonical value."})
    spellings = fields.List(
        fields.String(), required=True, metadata={"description": "Spellings merged into it."}
    )
    latin = fields.List(
        fields.String(), required=True, metadata={"description": "Its Latin names."}
    )
    articles = fields.Integer(required=True, metadata={"description": "Articles naming it."})
    months = fields.List(fields.Nested(CountSchema), required=True)
    outlets = fields.List(fields.Nested(CountSchema), required=True)
    actors = fields.List(fields.Nested(LinkedCountSchema), required=True)
    places = fields.List(fields.Nested(LinkedCountSchema), required=True)
    latest = fields.List(fields.Nested(LatestSchema), required=True)
    partial = fields.Boolean(required=True)
