"""Stories on SolrCloud: story counts from a JSON facet, a story's articles by term.

Collapsing itself happens above the seam (search/query/stories.py), over the ranked
candidates both engines return alike. Solr's ``{!collapse}`` and grouping's
``ngroups`` need every article of a story on one shard, which would mean routing
documents by story (``router.field=story``): a story is only known after the corpus
pass, and a later update could not move an article without deleting it from its
old shard. Documents stay routed by id instead, and the distinct stories of a search
are a ``terms`` facet on ``story`` with no limit: every shard lists all the stories
of its matches and the merge is their union, exact across shards (``unique()`` and
``hll()`` estimate once a shard holds more than 100 values). The month histogram's
story counts are the same facet nested in each month bucket.
"""

from __future__ import annotations

from typing import Any

from search.engine.base import EngineHit, SearchRequest, StoredArticle
from search.engine.solr.facets import Select
from search.engine.solr.fields import HIT_FIELDS, stored_article
from search.engine.solr.syntax import TERMS_SEPARATOR, terms_list

STORY_FIELD = "story"
#: What a keys-only search asks of each candidate (collapsing needs no more).
KEY_FIELDS = ("id", STORY_FIELD, "score")
_ALL_STORIES = {"type": "terms", "field": STORY_FIELD, "limit": -1, "mincount": 1, "refine": False}
TOTAL = "stories__total"
#: Articles of a page's stories read at most (a story is a handful of outlets).
MAX_STORY_ROWS = 2000


def with_story_facets(body: dict[str, Any], request: SearchRequest) -> dict[str, Any]:
    """``body`` (a ``json.facet``) with the story total and month story counts asked."""
    params = request.params
    if request.count_stories or params.count == "stories":
        body = {**body, TOTAL: dict(_ALL_STORIES)}
    if params.count == "stories" and "date" in body:
        body["date"] = {**body["date"], "facet": {"stories": dict(_ALL_STORIES)}}
    return body


def read_story_facets(facets: dict[str, Any]) -> int | None:
    """The distinct stories of the answer's ``facets`` (None: not asked); months that
    counted stories get their count of stories as ``count`` (read as usual after)."""
    for bucket in (facets.get("date") or {}).get("buckets") or []:
        if "stories" in bucket:
            bucket["count"] = len((bucket.get("stories") or {}).get("buckets") or [])
    if TOTAL not in facets:
        return None
    return len((facets.get(TOTAL) or {}).get("buckets") or [])


def story_query(stories: list[str], rows: int, fl: str) -> dict[str, Any]:
    """The select parameters of every article of ``stories`` (values passed as
    parameters: never parsed as syntax)."""
    return {
        "q": "{!terms f=story separator=$tsep v=$stories}",
        "defType": "lucene",
        "stories": terms_list(tuple(stories)),
        "tsep": TERMS_SEPARATOR,
        "rows": rows,
        "fl": fl,
        "sort": "id asc",
    }


def story_versions(select: Select, stories: list[str]) -> dict[str, list[StoredArticle]]:
    """Every article of each story, as hits show them."""
    answer = select(story_query(stories, MAX_STORY_ROWS, ",".join(HIT_FIELDS)))
    found: dict[str, list[StoredArticle]] = {story: [] for story in stories}
    for doc in answer["response"]["docs"]:
        found.setdefault(doc.get("story") or "", []).append(stored_article(doc))
    return found


def story_ids(select: Select, story: str) -> list[str]:
    """The ids of one story's articles."""
    answer = select(story_query([story], MAX_STORY_ROWS, "id"))
    return [doc["id"] for doc in answer["response"]["docs"]]


def stored_hits(select: Select, ids: list[str], bodies: bool) -> dict[str, EngineHit]:
    """The stored fields of the page a keys-only search chose, in one request (``{!terms}``
    on ids, passed as a parameter)."""
    if not ids:
        return {}
    fl = [*HIT_FIELDS, *(("body", "text") if bodies else ())]
    answer = select(
        {
            "q": "{!terms f=id separator=$tsep v=$page_ids}",
            "defType": "lucene",
            "page_ids": terms_list(tuple(ids)),  # not "ids": Solr's shard requests use it
            "tsep": TERMS_SEPARATOR,
            "rows": len(ids),
            "fl": ",".join(fl),
        }
    )
    return {
        doc["id"]: EngineHit(stored_article(doc), None, doc.get("body") or doc.get("text") or "")
        for doc in answer["response"]["docs"]
    }
