"""Pages and JSON for one actor or place: ``/actor/<name>``, ``/place/<name>``,
``/api/actors/<name>``, ``/api/places/<name>`` (:mod:`search.query.profiles` computes
them, on whichever engine serves)."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import quote, urlencode

from flask import Blueprint, jsonify, render_template
from flask.typing import ResponseReturnValue

from search.query.profiles import Profile, profile
from web.current import current_engine
from web.errors import page_error

bp = Blueprint("profiles", __name__)

#: URL word → facet, and the page's Arabic title for it.
KINDS = {"actor": ("actors", "الفاعل"), "place": ("places", "المكان")}
MAX_NAME_CHARS = 200


def profile_url(kind: str, name: str) -> str:
    return f"/{kind}/{quote(name, safe='')}"


def profile_body(found: Profile) -> dict[str, Any]:
    """The API's body (and ``bahth actor --json``): the profile, with each value's page
    and the search for both."""
    body = dataclasses.asdict(found)
    for key, kind in (("actors", "actor"), ("places", "place")):
        for item in body[key]:
            item["page"] = profile_url(kind, item["value"])
            if kind == found.facet[:-1]:  # one facet's values are ORed: the other as a phrase
                both = {kind: found.name, "q": f'"{item["value"]}"'}
            else:
                both = {found.facet[:-1]: found.name, kind: item["value"]}
            item["search"] = "/?" + urlencode(both)
    return body


def _found(kind: str, name: str) -> Profile | None:
    return profile(current_engine(), KINDS[kind][0], name)


@bp.get("/<any(actor, place):kind>/<path:name>")
def page(kind: str, name: str) -> ResponseReturnValue:
    if len(name) > MAX_NAME_CHARS:
        return page_error(400, f"الاسم طويل جدًا: {MAX_NAME_CHARS} حرف على الأكثر.")
    found = _found(kind, name)
    if found is None:
        return page_error(404, "لا يوجد مقال يذكر هذا الاسم.")
    body = profile_body(found)
    tallest = max((m["count"] for m in body["months"]), default=0)
    return (
        render_template(
            "profile.html", q="", p=body, kind=kind, label=KINDS[kind][1], tallest=tallest
        ),
        200,
    )


@bp.get("/api/<any(actors, places):kinds>/<path:name>")
def api(kinds: str, name: str) -> ResponseReturnValue:
    kind = kinds[:-1]
    if len(name) > MAX_NAME_CHARS:
        error = {"status": 400, "message": "name too long", "fields": {"name": ["too long"]}}
        return jsonify({"error": error}), 400
    found = _found(kind, name)
    if found is None:
        error = {"status": 404, "message": f"no article names this {kind}", "fields": {}}
        return jsonify({"error": error}), 404
    return jsonify(profile_body(found)), 200
