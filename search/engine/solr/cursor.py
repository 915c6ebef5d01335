"""Search-after and month counts on SolrCloud: ``cursorMark`` pages and a range facet.

Solr walks every match with ``cursorMark``: the sort ends with the uniqueKey
(``id asc``), so it never ties, and each page starts where the previous one's
``nextCursorMark`` says, without deep offsets on any shard. The sorts are the
page's own (``score desc,id asc``; undated last, then the day, then ``id asc``),
so a walk visits matches in the order the Whoosh engine walks them. Snippet spans
are found in Python with the engine's marked words, as for a reranked page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from search.engine.base import EngineHit, EnginePage, SearchRequest
from search.engine.solr.facets import month_range
from search.engine.solr.fields import HIT_FIELDS, stored_article
from search.errors import QueryError
from search.store.solr_client import SolrRequestError
from search.text.matching import TermSet, find_matches

Select = Callable[[dict[str, Any]], dict[str, Any]]
#: The first position of a walk, in Solr's words.
START = "*"


def page_after(
    select: Select,
    base: dict[str, Any],
    sort: str,
    request: SearchRequest,
    after: str | None,
    size: int,
    terms: TermSet | None,
) -> EnginePage:
    """One page of the walk (:meth:`search.engine.base.Engine.search_after`).

    ``base`` is the search's query and filters, ``sort`` its Solr sort, ``terms`` the
    words to mark (``None``: no snippets).
    """
    if after is not None and (not after or after == START or len(after) > 4096):
        raise QueryError("cursor", "is not a position of this search")
    bodies = terms is not None or request.bodies
    fl = [*HIT_FIELDS, "score"] + (["body", "text"] if bodies else [])
    params = {
        **base,
        "rows": size,
        "sort": sort,
        "fl": ",".join(fl),
        "cursorMark": after or START,
    }
    try:
        answer = select(params)
    except SolrRequestError as error:
        if after is not None:  # a mark Solr cannot read is the caller's, not a 500
            raise QueryError("cursor", "is not a position of this search") from error
        raise
    partial = bool((answer.get("responseHeader") or {}).get("partialResults"))
    scored = sort.startswith("score")
    hits = []
    for doc in answer["response"]["docs"]:
        body = (doc.get("body") or doc.get("text") or "") if bodies else ""
        spans = tuple(find_matches(body, terms)) if terms is not None and body else ()
        score = float(doc["score"]) if scored and "score" in doc else None
        hits.append(EngineHit(stored_article(doc), score, body, spans))
    mark = answer.get("nextCursorMark")
    more = bool(hits) and len(hits) == size and mark not in (None, after or START)
    total = int(answer["response"]["numFound"])
    return EnginePage(total, tuple(hits), mark if more else None, partial)


def month_counts(
    select: Select, base: Mapping[str, Any], months: tuple[str, str] | None
) -> dict[str, int]:
    """Matches per month, every filter applied (:meth:`Engine.timeline`): a range facet
    over the months the collection holds."""
    if months is None:
        return {}
    facet = {"months": month_range(months)}
    answer = select({**base, "rows": 0, "json.facet": json.dumps(facet)})
    buckets = ((answer.get("facets") or {}).get("months") or {}).get("buckets") or []
    return {str(b["val"])[:7]: int(b["count"]) for b in buckets if b.get("count")}
