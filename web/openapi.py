"""The OpenAPI 3 document, generated from the marshmallow schemas by apispec."""

from __future__ import annotations

from functools import cache
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from search import __version__
from web.follow_schemas import (
    NOT_FOR_EXPORT,
    ExportArgsSchema,
    TimelineArgsSchema,
    TimelineSchema,
)
from web.profile_schemas import ProfileSchema
from web.schemas import (
    DocumentArgsSchema,
    DocumentSchema,
    ErrorSchema,
    HealthSchema,
    SearchArgsSchema,
    SearchResponseSchema,
)
from web.story_schemas import StorySchema


def _json(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": _json("Error", "A parameter is invalid; `fields` names it."),
    "503": _json("Error", "No index is available."),
}


#: A GET form sends ``from=`` for an empty date box: the API reads it as no filter.
EMPTY_IS_ABSENT = {"from", "to", "sort", "page", "per_page"}


def follow_operations(spec: APISpec) -> list[tuple[str, str, str, list, dict]]:
    """``/api/export`` and ``/api/timeline`` (issue 29)."""
    spec.components.schema("Timeline", schema=TimelineSchema)
    text = {"schema": {"type": "string"}}
    export_args = ExportArgsSchema(exclude=NOT_FOR_EXPORT)
    timeline_args = TimelineArgsSchema(exclude=NOT_FOR_EXPORT)
    return [
        ("/api/export", "export", "Every matching article, streamed as CSV or JSON lines.",
         [{"in": "query", "schema": export_args}],
         {"200": {"description": "The rows (CSV with a BOM, or one JSON object a line).",
                  "content": {"text/csv": text, "application/x-ndjson": text}}, **ERRORS}),
        ("/api/timeline", "timeline", "Monthly counts or shares of up to four searches.",
         [{"in": "query", "schema": timeline_args}],
         {"200": {"description": "The series (JSON, or CSV with format=csv).",
                  "content": {"application/json": {"schema": "Timeline"}, "text/csv": text}},
          **ERRORS}),
    ]  # fmt: skip


@cache
def openapi_document() -> dict[str, Any]:
    """Built once per process: the schemas do not change while serving."""
    spec = APISpec(
        title="Bahth (بحث) search API",
        version=__version__,
        openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "Search Arabic news: full text, facets, snippets."},
    )
    for name, schema in [
        ("SearchResponse", SearchResponseSchema),
        ("Document", DocumentSchema),
        ("Health", HealthSchema),
        ("Error", ErrorSchema),
        ("Story", StorySchema),
        ("Profile", ProfileSchema),
    ]:
        spec.components.schema(name, schema=schema)
    doc_id = {"in": "path", "name": "doc_id", "required": True, "schema": {"type": "string"}}
    operations = [
        ("/api/search", "search", "Search articles, with facets and snippets.",
         [{"in": "query", "schema": SearchArgsSchema}],
         {"200": _json("SearchResponse", "Hits, facets, suggestion."), **ERRORS}),
        ("/api/documents/{doc_id}", "getDocument",
         "One article as published, its metadata and provenance.",
         [doc_id, {"in": "query", "schema": DocumentArgsSchema}],
         {"200": _json("Document", "The article."),
          "404": _json("Error", "No document with this id."), **ERRORS}),
        ("/api/stories/{story}", "getStory",
         "Every version of a story, first published first, with the sentences each adds and "
         "drops against the first.",
         [{"in": "path", "name": "story", "required": True, "schema": {"type": "string"}}],
         {"200": _json("Story", "The story's versions."),
          "404": _json("Error", "No story with this id."), **ERRORS}),
        ("/api/health", "health", "Document count, index build time and version.", [],
         {"200": _json("Health", "The live index."), "503": ERRORS["503"]}),
    ]  # fmt: skip
    operations += follow_operations(spec)
    name = {"in": "path", "name": "name", "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 200}}  # fmt: skip
    for kinds, kind in (("actors", "Actor"), ("places", "Place")):
        operations.append((
            f"/api/{kinds}/{{name}}", f"get{kind}",
            f"One {kind.lower()} at a glance: spellings, article count, months, outlets,"
            " actors and places beside it, latest articles.",
            [name],
            {"200": _json("Profile", f"The {kind.lower()}."),
             "404": _json("Error", f"No article names this {kind.lower()}."), **ERRORS},
        ))  # fmt: skip
    for path, operation_id, summary, parameters, responses in operations:
        get = {"operationId": operation_id, "summary": summary, "responses": responses}
        if parameters:
            get["parameters"] = parameters
        spec.path(path=path, operations={"get": get})
    document = spec.to_dict()
    for parameter in document["paths"]["/api/search"]["get"]["parameters"]:
        if parameter["name"] in EMPTY_IS_ABSENT:
            parameter["allowEmptyValue"] = True
    return document
