"""The HTML pages: search results (``/``) and one article (``/doc/<id>``).

Bad parameters are a 400 page with an Arabic explanation and the search box
still filled in, never a crash.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from markupsafe import Markup
from marshmallow import ValidationError

from search.errors import QueryError
from search.query.documents import get_document
from search.query.run import run_search
from search.request.syntax import MAX_QUERY_CHARS
from web.article import pieces
from web.bodies import document_body, search_body
from web.compare import month_base
from web.current import current_engine
from web.errors import page_error
from web.formatting import safe_marks, safe_url
from web.markup import cleaned_html, published_html
from web.provenance import provenance_rows
from web.schemas import DocumentArgsSchema, load_search_params
from web.view import SearchView, arabic_errors

bp = Blueprint("pages", __name__)

DOCUMENT_ARGS = DocumentArgsSchema()


@bp.get("/")
def search() -> tuple[str, int]:
    """Results for the URL's state; with no query, the newest articles."""
    try:
        params = load_search_params(request.args)
    except (ValidationError, QueryError) as error:
        q = request.args.get("q", "")[:MAX_QUERY_CHARS]
        return render_template("search.html", q=q, errors=arabic_errors(error)), 400
    response = run_search(current_engine(), params)
    params = response.params  # names resolved: chips and links use canonical values
    body = search_body(response, request.path)
    names = current_engine().source_names()
    base = month_base(current_engine(), params, request.args.get("scale"))
    view = SearchView(params=params, response=body, path=request.path, source_names=names,
                      month_base=base)  # fmt: skip
    return (
        render_template(
            "search.html", q=params.q, r=body, view=view, hidden_filters=view.hidden_filters
        ),
        200,
    )


@bp.get("/doc/<docid:doc_id>")
def document(doc_id: str) -> tuple[str, int]:
    """One article, cleaned, with the text as published folded away; ``q`` marked in both."""
    try:
        args = DOCUMENT_ARGS.load(request.args)
    except ValidationError as error:
        if "part" in error.messages:
            return page_error(400, "رقم الجزء غير صالح.")
        return page_error(400, f"نص البحث طويل جدًا: {MAX_QUERY_CHARS} حرف على الأكثر.")
    q = args["q"]
    try:
        found = get_document(current_engine(), doc_id, q, args["part"])
    except QueryError:
        return page_error(400, "لا يوجد في هذا المقال جزء بهذا الرقم.")
    if found is None:
        return page_error(404, "لا يوجد مقال بهذا المعرّف.")
    doc = document_body(found)
    removed = found.provenance.get("removed")
    parts = pieces(found.text, found.marks, removed, found.text_offset)
    return (
        render_template(
            "document.html",
            q=q,
            doc=doc,
            link=safe_url(doc.get("url")),
            cleaned=safe_marks(cleaned_html(found.text, parts)),
            # markup.py escaped the text; its own <del>/<span> are the only other tags.
            published=Markup(published_html(found.text, parts)),
            removed=sum(1 for p in parts if p.removed is not None),
            rows=provenance_rows(doc),
        ),
        200,
    )
