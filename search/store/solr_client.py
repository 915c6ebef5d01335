"""HTTP to a SolrCloud: retries over the nodes, and one clear error when none answers.

Every node of a SolrCloud can answer any request (it forwards to the replicas
that hold the data), so a request that cannot reach one node is tried on the
next, with a short back-off, before :class:`SolrUnavailableError` says which
URLs were tried. Solr's own refusals (a 400 for a bad query) are not retried:
they are :class:`SolrRequestError` with Solr's message.

Every request carries ``expandMacros=false``: Solr would otherwise expand
``${name}`` and ``${name:default}`` in any parameter from the request's other
parameters, and a value a user typed (``source=${zz:x}``) could become another
filter or pull in the query. Values are escaped as well (:mod:`.syntax`).
"""

from __future__ import annotations

import os
import time
from typing import Any

import requests

from search.errors import BahthError, EngineUnavailableError

DEFAULT_SOLR_URL = "http://127.0.0.1:8983/solr"
#: The alias Bahth builds behind (the CI cluster's own ``bahth`` collection is the smoke
#: check's, and an alias cannot share a collection's name).
DEFAULT_COLLECTION = "news"
#: Attempts over the node list before giving up (each node at least once).
RETRIES = 3
BACKOFF_S = 0.25
TIMEOUT_S = 30.0
#: Statuses worth another node: the one asked is starting, stopping or overloaded.
_RETRY_STATUSES = {502, 503, 504}
#: On the URL of every request, whatever its body: no macro expansion, ever.
NO_MACROS = (("expandMacros", "false"),)


class SolrUnavailableError(EngineUnavailableError):
    """No node of the cluster answered (the API answers 503, the CLI one line)."""

    reader_message = "the search cluster is not reachable"


class SolrRequestError(EngineUnavailableError):
    """Solr answered, and refused the request (its message is kept). Bahth builds every
    request itself, so this is the cluster's trouble or ours, never the user's: a 503."""

    reader_message = "the search cluster could not answer this request"


def solr_urls(value: str | None = None) -> list[str]:
    """Node base URLs from ``--solr-url`` / ``BAHTH_SOLR_URL`` (comma-separated)."""
    raw = value or os.environ.get("BAHTH_SOLR_URL") or DEFAULT_SOLR_URL
    urls = [u.strip().rstrip("/") for u in raw.split(",") if u.strip()]
    if not urls or not all(u.startswith(("http://", "https://")) for u in urls):
        raise BahthError(f"--solr-url must be http(s) URLs, comma-separated: {raw!r}")
    return urls


def solr_collection(value: str | None = None) -> str:
    """``--collection`` / ``BAHTH_SOLR_COLLECTION``: the alias searches and builds use."""
    name = value or os.environ.get("BAHTH_SOLR_COLLECTION") or DEFAULT_COLLECTION
    if not name.replace("_", "").replace("-", "").isalnum():
        raise BahthError(f"--collection: letters, digits, '_' and '-' only: {name!r}")
    return name


def _solr_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200].strip() or response.reason
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("msg") or error)[:300]
    return response.reason or str(response.status_code)


class SolrClient:
    """One session to a cluster; thread-safe enough for gunicorn threads (one per call)."""

    def __init__(self, urls: list[str], timeout: float = TIMEOUT_S, retries: int = RETRIES):
        self.urls = list(urls)
        self.timeout = timeout
        self.retries = max(retries, len(self.urls))
        self._next = 0

    def request(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        json_body: Any = None,
        timeout: float | None = None,
        data: list[tuple[str, Any]] | None = None,
    ) -> dict[str, Any]:
        """Send to a live node, trying the others on connection errors and 5xx."""
        pairs = list(params.items()) if isinstance(params, dict) else list(params or [])
        query = [*NO_MACROS, *pairs]
        tried: list[str] = []
        last = ""
        for attempt in range(self.retries):
            base = self.urls[(self._next + attempt) % len(self.urls)]
            try:
                response = requests.request(
                    method,
                    f"{base}{path}",
                    params=query,
                    json=json_body,
                    data=data,
                    timeout=timeout or self.timeout,
                )
            except requests.RequestException as error:
                tried.append(base)
                last = type(error).__name__
                time.sleep(BACKOFF_S * attempt)
                continue
            if response.status_code in _RETRY_STATUSES:
                tried.append(base)
                last = f"HTTP {response.status_code}: {_solr_message(response)}"
                time.sleep(BACKOFF_S * attempt)
                continue
            self._next = (self._next + attempt) % len(self.urls)
            if response.status_code == 404:
                name = path.strip("/").split("/")[0]
                raise SolrUnavailableError(
                    f"Solr at {base} has no collection or alias {name!r}: build it with "
                    "bahth index build --engine solr",
                    reader_message="the index is not built yet",
                )
            if response.status_code >= 400:
                raise SolrRequestError(f"Solr refused {path}: {_solr_message(response)}")
            try:
                body: dict[str, Any] = response.json()
            except ValueError:
                raise SolrRequestError(f"Solr answered {path} with no JSON") from None
            return body
        where = ", ".join(dict.fromkeys(tried))
        raise SolrUnavailableError(f"Solr cluster not reachable at {where} ({last})")

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        return self.request("GET", path, {"wt": "json", **params})

    def collections(self, action: str, **params: Any) -> dict[str, Any]:
        """The Collections API (create, alias, delete, list)."""
        return self.request(
            "GET", "/admin/collections", {"action": action, "wt": "json", **params}, timeout=180
        )

    def aliases(self) -> dict[str, str]:
        return dict(self.collections("LISTALIASES").get("aliases") or {})

    def collection_names(self) -> list[str]:
        return list(self.collections("LIST").get("collections") or [])
