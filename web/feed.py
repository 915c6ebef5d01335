"""Following a search: ``/feed?<the search page's parameters>`` as an Atom feed (RFC 4287).

The feed is the newest :data:`FEED_SIZE` matches, newest first. Each entry's id is a
``tag:`` URI (RFC 4151) made from the article id alone, so it is the same in every
version of the index and across hosts: a rebuild or an update that adds matching
articles adds entries, and a reader never sees one twice. The feed's ``updated`` is
the live index version's build time (what changes when entries can), else the newest
entry's date. Every text is untrusted: ElementTree escapes it, and characters XML 1.0
cannot carry (control characters, lone surrogates) are dropped first; the snippet is
plain text (``type="text"``), no markup from an article reaches a feed reader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import quote
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, request, url_for

from search.query.response import Hit
from search.query.run import run_search
from search.request.params import SearchParams
from web.current import current_engine
from web.schemas import load_search_params
from web.urls import build_url

bp = Blueprint("feed", __name__)

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
#: The tagging entity of every id (RFC 4151): a name and a year, fixed forever.
TAG = "tag:bahth,2026:"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ET.register_namespace("", ATOM)


def xml_text(text: str | None) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text or "")


def entry_id(doc_id: str) -> str:
    """The article's stable Atom id."""
    return f"{TAG}article:{quote(doc_id, safe='')}"


def feed_params(params: SearchParams) -> SearchParams:
    """The feed's search: the page's, newest first, one page of :data:`FEED_SIZE`."""
    return dataclasses.replace(params, sort="newest", page=1, per_page=FEED_SIZE, facets=False)


def _stamp(day: str | None) -> str | None:
    return f"{day}T00:00:00Z" if day else None


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = xml_text(text)
    return element


def _entry(feed: ET.Element, hit: Hit, updated: str) -> None:
    entry = _add(feed, "entry")
    _add(entry, "id", entry_id(hit.id))
    _add(entry, "title", hit.title or hit.id, type="text")
    stamp = _stamp(hit.published)
    _add(entry, "updated", stamp or updated)
    if stamp:
        _add(entry, "published", stamp)
    author = _add(entry, "author")
    _add(author, "name", hit.source_label or hit.source or "بحث")
    link = url_for("pages.document", doc_id=hit.id, _external=True)
    _add(entry, "link", rel="alternate", type="text/html", href=link)
    if hit.url and hit.url.startswith(("http://", "https://")):
        _add(entry, "link", rel="related", href=xml_text(hit.url))
    if hit.snippet is not None:
        summary = hit.snippet.render(lambda s: s, "", "")
        if summary:
            _add(entry, "summary", summary, type="text")


def atom_feed(params: SearchParams) -> bytes:
    """The feed of ``params`` (already :func:`feed_params`), as UTF-8 XML."""
    engine = current_engine()
    response = run_search(engine, params)
    built = engine.status().built_at
    newest = next((h.published for h in response.hits if h.published), None)
    updated = _iso(built) or _stamp(newest) or "1970-01-01T00:00:00Z"
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "ar"})
    page = build_url(url_for("pages.search", _external=True), response.params)
    _add(feed, "id", f"{TAG}feed:{page.partition('?')[2]}")  # already percent-encoded
    title = f"بحث: {params.q}" if params.q else "بحث: أحدث الأخبار"
    _add(feed, "title", title, type="text")
    _add(feed, "updated", updated)
    _add(_add(feed, "author"), "name", "بحث")
    _add(feed, "link", rel="self", type="application/atom+xml", href=xml_text(request.url))
    _add(feed, "link", rel="alternate", type="text/html", href=xml_text(page))
    _add(feed, "generator", "Bahth")
    for hit in response.hits:
        _entry(feed, hit, updated)
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _iso(stamp: str | None) -> str | None:
    """An ISO 8601 time as RFC 3339 in UTC (``Z``), or ``None``."""
    if not stamp:
        return None
    try:
        when = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    when = when.replace(tzinfo=when.tzinfo or dt.UTC).astimezone(dt.UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.get("/feed")
def feed() -> Response:
    """The Atom feed of the search the query string describes."""
    params = feed_params(load_search_params(request.args))
    return Response(atom_feed(params), mimetype="application/atom+xml")
