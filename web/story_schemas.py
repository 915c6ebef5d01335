"""Marshmallow schemas of stories: a collapsed hit's other versions, and the story page.

Kept apart from :mod:`web.schemas` (which imports the version schema for hits) so
the story page's shapes live with the capability; :mod:`web.openapi` lists them.
"""

from __future__ import annotations

from marshmallow import Schema, fields

NULLABLE = {"allow_none": True}
DATE = {"format": "date"}


class StoryVersionSchema(Schema):
    """Another article of a hit's story: who carried it and when."""

    id = fields.String(required=True)
    source = fields.String(**NULLABLE)
    source_label = fields.String(required=True)
    published = fields.String(metadata=DATE, **NULLABLE)
    title = fields.String(required=True)


class StoryEntrySchema(StoryVersionSchema):
    """One version on the story page, compared with the first published."""

    url = fields.String(**NULLABLE)
    first = fields.Boolean(
        required=True, metadata={"description": "The first published version (compared with)."}
    )
    added = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Sentences this version has and the first does not."},
    )
    dropped = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Sentences of the first version this one does not have."},
    )
    body_html = fields.Function(
        lambda entry: entry.body_html(),
        deserialize=lambda html: html,
        required=True,
        metadata={
            "type": "string",
            "description": "The cleaned body escaped; sentences it adds in <ins>, the only markup.",
        },
    )


class StorySchema(Schema):
    story = fields.String(required=True)
    size = fields.Integer(required=True, metadata={"description": "Versions in the story."})
    versions = fields.List(
        fields.Nested(StoryEntrySchema),
        required=True,
        metadata={"description": "Every version, first published first."},
    )
