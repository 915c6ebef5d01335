"""Document ids in URLs: any id the corpus allows opens its article, and none leaves ``/doc/``.

Corpora use URLs and paths as ids (``2018/05/a.html``). Werkzeug's default
converter leaves ``/`` unquoted in the links it builds and matches one path
segment only, so such an article could not be opened, and an id like
``../../etc/passwd`` made ``href="/doc/../../etc/passwd"``, which a browser
resolves to another path of the site. Here every character but the unreserved
ones is percent-encoded (``/`` as ``%2F``), so an id is one path segment that
no browser splits or resolves; the route takes the rest of the path, which the
WSGI server hands over decoded, slashes included. The two ids that are path
steps even when encoded (``.`` and ``..``, ``%2E`` too) are refused at build
time (:func:`search.ingest.corpus`).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask
from werkzeug.routing import BaseConverter


class DocIdConverter(BaseConverter):
    """``<docid:doc_id>``: the rest of the path, slashes included; links fully encoded."""

    regex = ".+"
    part_isolating = False  # the id may hold "/" once decoded

    def to_url(self, value: str) -> str:
        return quote(value, safe="")


def init_doc_ids(app: Flask) -> None:
    """Register the converter (before the blueprints whose routes use it)."""
    app.url_map.converters["docid"] = DocIdConverter
