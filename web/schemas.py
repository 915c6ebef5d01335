"""Marshmallow schemas for every input and output of the JSON API.

They are the single description of the API: requests are validated with
them, responses are dumped through them, and :mod:`web.openapi` turns them
into the OpenAPI document. A validation error names the parameter as the
client spelled it (``from``, not ``date_from``), which is what the 400 body
reports under ``fields``.
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate
from werkzeug.datastructures import MultiDict

from search.config import MAX_DOCUMENT_CHARS, MAX_DOCUMENT_PARTS
from search.errors import QueryError
from search.request.changes import LATIN_PENDING, NOT_REQUIRED, RESPELLED, TRANSLITERATED
from search.request.facets import FACETS, KEYWORD_FACETS, MULTI_FACETS
from search.request.params import (
    DEFAULT_PER_PAGE,
    DEFAULT_SNIPPET_CHARS,
    MAX_FILTER_VALUES,
    MAX_PAGE,
    MAX_PER_PAGE,
    MAX_SNIPPET_CHARS,
    MIN_SNIPPET_CHARS,
    MONTH_COUNTS,
    SORTS,
    SearchParams,
)
from search.request.syntax import MAX_QUERY_CHARS
from web.markup import marked_html, snippet_html
from web.story_schemas import StoryVersionSchema

LIST_ARGS = tuple(spec.param for spec in KEYWORD_FACETS)
DATE = {"format": "date"}
NULLABLE = {"allow_none": True}


def query_text(description: str) -> fields.String:
    """The ``q`` parameter: free text, bounded like the query parser."""
    return fields.String(
        load_default="",
        validate=validate.Length(max=MAX_QUERY_CHARS),
        metadata={"description": description},
    )


def filter_values(description: str) -> fields.List:
    """A repeatable filter parameter (``source``, ``actor``): any of the values."""
    return fields.List(
        fields.String(validate=validate.Length(min=1, max=200)),
        load_default=list,
        validate=validate.Length(max=MAX_FILTER_VALUES),
        metadata={"description": description},
    )


class _SearchArgs(Schema):
    """Query-string parameters of ``GET /api/search`` and of the search page (one
    repeatable filter per keyword facet of the registry, added below the class)."""

    class Meta:
        unknown = EXCLUDE

    q = query_text(
        'Words, "phrases", -excluded words and OR; a question ending in ؟ matches any of its words.'
    )
    date_from = fields.Date(
        data_key="from", load_default=None, metadata={"description": "Published on or after."}
    )
    date_to = fields.Date(
        data_key="to", load_default=None, metadata={"description": "Published on or before."}
    )
    sort = fields.String(load_default="relevance", validate=validate.OneOf(SORTS))
    page = fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE))
    per_page = fields.Integer(
        load_default=DEFAULT_PER_PAGE, validate=validate.Range(1, MAX_PER_PAGE)
    )
    snippet_chars = fields.Integer(
        load_default=DEFAULT_SNIPPET_CHARS,
        validate=validate.Range(MIN_SNIPPET_CHARS, MAX_SNIPPET_CHARS),
        metadata={
            "description": "Characters of article text in each hit's snippet (up to three "
            f"fragments): {DEFAULT_SNIPPET_CHARS} unless asked, at most {MAX_SNIPPET_CHARS}."
        },
    )
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=4096),
        metadata={
            "description": "Walk every match: `*` for the first page, then the previous "
            "page's next_cursor (search-after; first-stage order: score desc then id, or "
            "date then id). Such pages carry no facets."
        },
    )
    collapse = fields.String(
        load_default="on",
        validate=validate.OneOf(["on", "off"]),
        metadata={"description": "on: each story once, at its best-ranked article; off: every "
                  "article."},
    )  # fmt: skip
    count = fields.String(
        load_default="articles",
        validate=validate.OneOf(MONTH_COUNTS),
        metadata={"description": "What the month histogram counts: articles or stories."},
    )
    complete = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Only complete results: 503 rather than a partial answer when part "
            "of the index is unavailable (a SolrCloud shard with no live replica)."
        },
    )

    @pre_load
    def _from_query_string(self, data: Any, **_: Any) -> dict[str, Any]:
        """Repeated keys become lists; empty form fields count as absent.

        A GET form submits ``from=`` when the date box is left empty; that is
        no filter, not an invalid date.
        """
        if not isinstance(data, MultiDict):
            data = MultiDict(data)
        out: dict[str, Any] = {}
        for key in data:
            if key in LIST_ARGS:
                out[key] = [v for v in data.getlist(key) if v.strip()]
            elif key == "q":
                out[key] = data.get(key, "")
            elif data.get(key, "").strip():
                out[key] = data.get(key, "").strip()
        return out


class DocumentArgsSchema(Schema):
    """Query-string parameters of ``GET /api/documents/<id>``."""

    class Meta:
        unknown = EXCLUDE

    q = query_text("Mark these words in text_html.")
    part = fields.Integer(
        load_default=1,
        validate=validate.Range(1, MAX_DOCUMENT_PARTS),
        metadata={
            "description": "Which part of a long article (each carries at most "
            f"{MAX_DOCUMENT_CHARS:,} characters of text and of body); see parts."
        },
    )


SearchArgsSchema = _SearchArgs.from_dict(
    {spec.param: filter_values(spec.api_help) for spec in KEYWORD_FACETS},
    name="SearchArgsSchema",
)
SEARCH_ARGS = SearchArgsSchema()


def load_search_params(args: MultiDict) -> SearchParams:
    """Validate query-string arguments into :class:`SearchParams`.

    Raises :class:`ValidationError` (per field) or :class:`QueryError`
    (cross-field rules the library checks, such as ``from`` after ``to``).
    """
    data = SEARCH_ARGS.load(args)
    return SearchParams(
        q=data["q"],
        filters={spec.name: tuple(dict.fromkeys(data[spec.param])) for spec in KEYWORD_FACETS},
        date_from=data["date_from"],
        date_to=data["date_to"],
        sort=data["sort"],
        page=data["page"],
        per_page=data["per_page"],
        snippet_chars=data["snippet_chars"],
        collapse=data["collapse"] == "on",
        count=data["count"],
        extra={"complete": True} if data["complete"] else {},
    )


def error_fields(error: ValidationError | QueryError) -> dict[str, list[str]]:
    """``{field: [messages]}`` for the error body, whatever raised it."""
    if isinstance(error, QueryError):
        return {error.field: [error.message]}
    messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
    out: dict[str, list[str]] = {}
    for name, value in messages.items():
        if isinstance(value, dict):  # list items: {index: [messages]}
            value = [m for items in value.values() for m in items]
        out[str(name)] = [str(m) for m in value] if isinstance(value, list) else [str(value)]
    return out


# --- responses ----------------------------------------------------------------


class _Dates(Schema):
    # The body's keys are "from"/"to", Python keywords: hence attribute + data_key.
    date_from = fields.String(attribute="from", data_key="from", metadata=DATE, **NULLABLE)
    date_to = fields.String(attribute="to", data_key="to", metadata=DATE, **NULLABLE)


#: The filters as understood: one list per keyword facet (by parameter), and the dates.
FiltersSchema = _Dates.from_dict(
    {spec.param: fields.List(fields.String(), required=True) for spec in KEYWORD_FACETS},
    name="FiltersSchema",
)


class QueryChangeSchema(Schema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf([RESPELLED, NOT_REQUIRED, TRANSLITERATED, LATIN_PENDING]),
    )
    typed = fields.String(required=True, metadata={"description": "The word as typed."})
    searched = fields.String(
        required=True, metadata={"description": "What was searched instead (empty: not required)."}
    )


class QueryEchoSchema(Schema):
    q = fields.String(required=True)
    normalized = fields.String(
        required=True, metadata={"description": "The query as the index sees it."}
    )
    changes = fields.List(
        fields.Nested(QueryChangeSchema),
        required=True,
        metadata={"description": "Where the search differs from the words typed."},
    )
    unmatched = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Words typed that no article holds (see suggestion)."},
    )
    filters = fields.Nested(FiltersSchema, required=True)
    sort = fields.String(required=True, validate=validate.OneOf(SORTS))
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class _Article(Schema):
    """What a hit and a document both say about an article (``hit_body``); each
    multi-valued facet's values are added from the registry below."""

    id = fields.String(required=True)
    title = fields.String(required=True)
    source = fields.String(**NULLABLE)
    source_label = fields.String(
        metadata={"description": "The source's name for readers (the code when none is known)."},
        required=True,
    )
    published = fields.String(metadata=DATE, **NULLABLE)
    url = fields.String(**NULLABLE)


ArticleSchema = _Article.from_dict(
    {
        spec.name: fields.List(
            fields.String(),
            attribute=f"facet_values.{spec.name}",
            required=True,
            metadata={"description": spec.label},
        )
        for spec in MULTI_FACETS
    },
    name="ArticleSchema",
)


class HitSchema(ArticleSchema):
    score = fields.Float(
        metadata={"description": "Relevance score; null when sorted by date."}, **NULLABLE
    )
    snippet = fields.Function(
        lambda hit: snippet_html(hit.snippet) if hit.snippet is not None else None,
        deserialize=lambda html: html,  # a dumped body validates against its own schema
        metadata={
            "type": "string",
            "description": "Escaped HTML; only <mark> elements are markup.",
        },
        **NULLABLE,
    )
    # stories (search/query/stories.py)
    story = fields.String(metadata={"description": "The story it belongs to."}, **NULLABLE)
    story_size = fields.Integer(
        metadata={"description": "Articles in its story (1: no other version)."}
    )
    others = fields.List(
        fields.Nested(StoryVersionSchema),
        metadata={"description": "The story's other versions, first published first."},
    )


class FacetValueSchema(Schema):
    value = fields.String(required=True)
    label = fields.String(required=True)
    count = fields.Integer(required=True)
    selected = fields.Boolean(required=True)
    toggle_url = fields.String(
        metadata={"description": "Relative URL of this request with the value toggled."}
    )


class FacetSchema(Schema):
    results = fields.List(fields.Nested(FacetValueSchema), required=True)
    truncated = fields.Boolean(required=True)


FacetsSchema = Schema.from_dict(
    {
        spec.name: fields.Nested(
            FacetSchema,
            metadata={"description": spec.label if spec.is_keyword else "Months, YYYY-MM."},
        )
        for spec in FACETS
    },
    name="FacetsSchema",
)


class SearchResponseSchema(Schema):
    query = fields.Nested(QueryEchoSchema, required=True)
    total = fields.Integer(required=True)
    took_ms = fields.Float(required=True)
    hits = fields.List(fields.Nested(HitSchema), required=True)
    facets = fields.Nested(FacetsSchema, required=True)
    suggestion = fields.String(
        metadata={"description": "A respelled query when nothing matched."}, **NULLABLE
    )
    partial = fields.Boolean(
        required=True,
        metadata={"description": "True when the search ran out of time and shows what it found."},
    )
    next_cursor = fields.String(
        metadata={"description": "With cursor: the next page's cursor (null after the last)."},
        **NULLABLE,
    )
    stories = fields.Integer(
        metadata={"description": "Distinct stories among the total's articles (collapse=on)."},
        **NULLABLE,
    )


class ValueProvenanceSchema(Schema):
    value = fields.String(required=True)
    type = fields.String()
    origin = fields.String(
        required=True,
        metadata={"description": "manifest, record, alias, rule:<name>, tagger or tagger+alias"},
    )
    confidence = fields.Float(
        metadata={"description": "The name tagger's confidence (tagger origins only)."}
    )
    span = fields.List(
        fields.Integer(), metadata={"description": "[start, end) in text."}, **NULLABLE
    )
    hijri = fields.String(**NULLABLE)


class ProvenanceSchema(Schema):
    source = fields.Nested(ValueProvenanceSchema, **NULLABLE)
    published = fields.Nested(ValueProvenanceSchema, **NULLABLE)
    actors = fields.List(fields.Nested(ValueProvenanceSchema))
    places = fields.List(fields.Nested(ValueProvenanceSchema))
    agencies = fields.List(fields.Nested(ValueProvenanceSchema))
    removed = fields.List(
        fields.List(fields.Raw()),
        metadata={"description": "[start, end, reason] of text kept out of the index."},
    )


class DocumentSchema(ArticleSchema):
    agencies = fields.List(fields.String(), required=True)
    text = fields.String(required=True, metadata={"description": "The article as published."})
    text_html = fields.Function(
        lambda doc: marked_html(doc.text, doc.marks),
        deserialize=lambda html: html,
        required=True,
        metadata={"type": "string", "description": "text escaped, the words of q in <mark>."},
    )
    body = fields.String(required=True, metadata={"description": "The cleaned, indexed body."})
    provenance = fields.Nested(ProvenanceSchema, required=True)
    part = fields.Integer(required=True, metadata={"description": "This part, from 1."})
    parts = fields.Integer(required=True, metadata={"description": "Parts the article has."})
    truncated = fields.Boolean(
        required=True, metadata={"description": "True when other parts hold more of it."}
    )
    next_part = fields.Function(
        lambda doc: doc.part + 1 if doc.part < doc.parts else None,
        deserialize=lambda value: value,
        metadata={"type": "integer", "description": "The part to ask for next, or null."},
        **NULLABLE,
    )
    text_offset = fields.Integer(
        required=True, metadata={"description": "Where text starts in the whole text."}
    )
    text_length = fields.Integer(required=True, metadata={"description": "The whole text's."})
    body_offset = fields.Integer(
        required=True, metadata={"description": "Where body starts in the whole body."}
    )
    body_length = fields.Integer(required=True, metadata={"description": "The whole body's."})
    partial = fields.Boolean(
        required=True,
        metadata={"description": "Marking q ran out of time: some matches are not marked."},
    )


class HealthSchema(Schema):
    status = fields.String(required=True)
    documents = fields.Integer(required=True)
    built_at = fields.String(metadata={"format": "date-time"}, **NULLABLE)
    index_version = fields.String(required=True)
    version = fields.String(required=True, metadata={"description": "Bahth version."})


class ErrorDetailSchema(Schema):
    status = fields.Integer(required=True)
    message = fields.String(required=True)
    fields_ = fields.Dict(
        attribute="fields",
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per parameter, for 400s."},
    )
    request_id = fields.String(
        metadata={"description": "Names this request in the server's log (X-Request-Id)."}
    )


class ErrorSchema(Schema):
    error = fields.Nested(ErrorDetailSchema, required=True)
