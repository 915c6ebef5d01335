"""The SolrCloud engine: the seam's questions as Solr requests to a collection or alias.

A build publishes a new collection by moving an alias (``bahth index build
--engine solr``), so the engine names the alias and every request reads the
collection it points to at that moment, as the Whoosh engine follows
``CURRENT``. Requests go to any node (:class:`SolrClient` tries the others);
``shards.tolerant`` makes a shard with no live replica an answer with
``partial: true`` rather than an error, unless the request asked for complete
results (``SearchParams.extra["complete"]``), which is then a 503.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from typing import Any

from search.engine.base import (
    EngineDocument,
    EngineHit,
    EnginePage,
    EngineResult,
    EngineStatus,
    FacetCounts,
    SearchRequest,
    StoredArticle,
)
from search.engine.latin_skeletons import SkeletonBuilds, from_words
from search.engine.solr.cooccurrence import cooccurring
from search.engine.solr.cursor import month_counts, page_after
from search.engine.solr.facets import (
    DATE_FIELD,
    all_values,
    declared_names,
    facet_counts,
    filter_queries,
    json_facets,
    short_facets,
)
from search.engine.solr.fields import HIT_FIELDS, Analysis, analysis, stored_article
from search.engine.solr.highlight import (
    BAHTH_FIELD,
    HIGHLIGHT_PARAMS,
    bahth_highlight,
    marked_spans,
    query_terms,
)
from search.engine.solr.lexicon import SolrLexicon
from search.engine.solr.prefix_terms import SolrPrefixes
from search.engine.solr.stories import (
    KEY_FIELDS,
    read_story_facets,
    stored_hits,
    story_ids,
    story_versions,
    with_story_facets,
)
from search.engine.solr.translate import SolrQuery, loose_differs, translate
from search.engine.solr.trigrams import SolrTrigrams
from search.engine.solr.weak import Hidden, hidden_values
from search.request.deadline import Deadline
from search.request.facets import BY_NAME
from search.request.prefix_rule import query_prefixes
from search.request.syntax import Clause, ParsedQuery
from search.store.solr_client import SolrClient, SolrRequestError, SolrUnavailableError
from search.store.trigrams import TrigramStats
from search.text.latin.candidates import SkeletonIndex
from search.text.matching import TermSet

#: How long the alias target and the month range are trusted (one lookup per second,
#: not one per search; a rebuild shows within this time).
VERSION_TTL_S = 1.0
#: The part of a search's time its prefix look-ups may take: the search itself keeps
#: the rest, so a prefix-heavy query that runs out of time still finds what it can
#: (with a millisecond left, ``timeAllowed`` would answer 0 hits).
PREFIX_SHARE = 0.5
_UNDATED_LAST = f"if(exists({DATE_FIELD}),0,1) asc"
_SORTS = {
    "relevance": "score desc,id asc",
    "newest": f"{_UNDATED_LAST},{DATE_FIELD} desc,id asc",
    "oldest": f"{_UNDATED_LAST},{DATE_FIELD} asc,id asc",
}


class SolrEngine:
    """One collection or alias of a SolrCloud, behind the engine seam."""

    name = "solr"
    #: Lucene's BM25 (configset: k1 0.9, b 0.4) leaves out the constant factor (k1 + 1).
    score_scale = 1 / (0.9 + 1)

    def __init__(self, urls: list[str], collection: str, analysis_name: str | None = None) -> None:
        self.client = SolrClient(urls)
        self.collection = collection
        self.fields: Analysis = analysis(analysis_name)
        self._version: tuple[float, str] = (0.0, "")
        self._months: tuple[float, tuple[str, str] | None] = (0.0, None)
        self._values: dict[tuple[str, str], list[str]] = {}
        self._names: dict[str, dict[str, str]] = {}  # collection → declared source names
        self.prefixes = SolrPrefixes(self.client, self.fields)
        self._hidden: dict[str, Hidden] = {}  # collection → weak values one article gives
        self.trigrams = SolrTrigrams(self.client)
        self._skeletons = SkeletonBuilds()

    # --- requests ------------------------------------------------------------

    def select(self, params: dict[str, Any]) -> dict[str, Any]:
        """``/select`` with form-encoded parameters (long queries do not fit a URL; the JSON
        request API would not pass ``$name`` parameters on to the shards)."""
        # Tolerant everywhere (the month range and the status too): a shard with no live
        # replica makes an answer partial, never an error of the whole request.
        form: list[tuple[str, Any]] = [("wt", "json"), ("shards.tolerant", "true")]
        for key, value in params.items():
            values = value if isinstance(value, list) else [value]
            form.extend((key, v) for v in values)
        return self.client.request("POST", f"/{self.collection}/select", data=form)

    def _base(self, request: SearchRequest, query: SolrQuery, filtered: bool = True) -> dict:
        params: dict[str, Any] = {
            "q": query.q,
            "defType": "lucene",
            "q.op": "OR",
            "fq": (filter_queries(request.params, self.hidden()) if filtered else [])
            + query.filters,
            **query.params,
        }
        left_ms = int((request.deadline.ends - time.perf_counter()) * 1000)
        params["timeAllowed"] = str(max(left_ms, 1))
        return params

    def _expansions(self, clauses: list[Clause], request: SearchRequest | None) -> dict:
        """What each prefix stands for (:mod:`search.engine.solr.prefix_terms`); one that cannot
        be listed is a wildcard, one past the query's cap or its share of the time stands
        for nothing, and the answer is then partial."""
        allowed, capped = query_prefixes(clauses)
        lookups = None
        if request is not None:
            left_ms = (request.deadline.ends - time.perf_counter()) * 1000
            lookups = Deadline(max(left_ms, 0) * PREFIX_SHARE)
        version = self.version() if allowed else ""
        found = self.prefixes.expand_all(version, sorted(allowed), lookups)
        past = {c.tokens[0] for c in clauses if c.prefix} - allowed
        found.update({token: {} for token in past})
        unlisted = any(v is None for v in found.values())
        if request is not None and lookups is not None and (capped or lookups.hit or unlisted):
            request.deadline.cut = True
        return found

    def _query(self, request: SearchRequest) -> SolrQuery:
        """The strict query, or the any-group fallback when the strict one finds nothing
        before filters (as the Whoosh engine decides, so counts agree)."""
        plan = request.plan
        clauses = [c for g in plan.content + plan.optional for c in g] + plan.excluded
        prefixes = self._expansions(clauses, request)
        inflections = None
        if not plan.all_required and self.fields.pre_analysed:
            inflections = self.trigrams.expansions(self.version(), lambda: self.status().documents)
        strict = translate(plan, self.fields, prefixes=prefixes, inflections=inflections)
        if not loose_differs(request.plan):
            return strict
        probe = self._base(request, strict, filtered=False)
        if int(self.select({**probe, "rows": 0})["response"]["numFound"]):
            return strict
        return translate(
            request.plan, self.fields, strict=False, prefixes=prefixes, inflections=inflections
        )

    def _marked_terms(self, parsed: ParsedQuery) -> TermSet:
        """The words snippets mark: a prefix marks the words it stands for, as in Whoosh."""
        clauses = [c for g in parsed.groups for c in g] + parsed.excluded
        return query_terms(parsed, self.prefixes.marking(self._expansions(clauses, None)))

    def _checked(self, answer: dict[str, Any], request: SearchRequest) -> bool:
        """Whether the answer is partial; a 503 when complete results were asked for."""
        header = answer.get("responseHeader") or {}
        partial = bool(header.get("partialResults"))
        if partial and request.params.extra.get("complete"):
            raise SolrUnavailableError(
                "part of the index is unavailable (a shard has no live replica)",
                reader_message="part of the index is unavailable",
            )
        if partial:
            request.deadline.cut = True
        return partial

    # --- the seam ------------------------------------------------------------

    def _listed_now(self) -> bool:
        """List what the engine keeps once per collection (its stems, its weak values) if
        the live collection is new to it; whether it listed."""
        version = self.version()
        listed = version not in self._hidden
        self.hidden()
        if self.fields.pre_analysed:
            listed = self.trigrams.prepare(version, lambda: self.status().documents) or listed
        return listed

    def _seen(self, request: SearchRequest) -> None:
        """A collection's listings are made when the engine first sees it, outside the
        search that saw it.

        On 30,000 articles the stems take about a second: charged to the first search's
        deadline, they left it too little time to find anything (a total of 0 marked
        partial). That time is the collection's, so it is given back to the deadline.
        """
        started = time.perf_counter()
        if self._listed_now():
            request.deadline.ends += time.perf_counter() - started

    def prepare(self) -> None:
        """List the live collection's stems and weak values now (at open) if the cluster
        answers; if not, the first search that reaches it lists them."""
        with contextlib.suppress(SolrRequestError, SolrUnavailableError):
            self._listed_now()

    def search(self, request: SearchRequest) -> EngineResult:
        params = request.params
        self._seen(request)
        query = self._query(request)
        sort = params.sort if query.scored or params.sort != "relevance" else "newest"
        bodies = params.snippets or request.bodies
        fl = [*HIT_FIELDS, "score"] + (["body", "text"] if bodies else [])
        if request.keys_only:
            fl = list(KEY_FIELDS)
        solr: dict[str, Any] = {
            **self._base(request, query),
            "rows": params.per_page,
            "start": (params.page - 1) * params.per_page,
            "sort": _SORTS[sort],
            "fl": ",".join(fl),
        }
        months = self._month_range() if params.facets else None
        if params.facets:
            solr["json.facet"] = json.dumps(json_facets(params, months))
        if request.count_stories or (params.facets and params.count == "stories"):
            asked = json.loads(solr.get("json.facet", "{}"))
            solr["json.facet"] = json.dumps(with_story_facets(asked, request))
        terms = self._marked_terms(request.parsed) if params.snippets else None
        highlighted = bool(terms) and query.scored
        if highlighted and terms is not None and self.fields.pre_analysed:
            solr.update(bahth_highlight(terms))
        elif highlighted:
            solr.update(HIGHLIGHT_PARAMS)
        try:
            answer = self.select(solr)
        except SolrRequestError:
            if not params.facets:
                raise
            # A shard without a live replica breaks facet refinement (an NPE in Solr):
            # the same request unrefined answers, and says it is partial.
            unrefined = json_facets(params, months, refine=False)
            solr["json.facet"] = json.dumps(with_story_facets(unrefined, request))
            answer = self.select(solr)
        partial = self._checked(answer, request)
        marked = answer.get("highlighting") or {}
        field = BAHTH_FIELD if self.fields.pre_analysed else "body"
        hits = []
        for doc in answer["response"]["docs"]:
            body, spans = "", ()
            if bodies:
                body = doc.get("body") or doc.get("text") or ""
            if params.snippets:
                found = (marked.get(doc["id"]) or {}).get(field) if highlighted else None
                if found:  # no mark in the body (the title matched): no span, as in Whoosh
                    body, spans = marked_spans(found[0])
            score = float(doc["score"]) if query.scored and "score" in doc else None
            hits.append(EngineHit(stored_article(doc), score, body, tuple(spans)))
        stories = read_story_facets(answer.get("facets") or {})
        facets = self._facets(answer, request, query, months) if params.facets else {}
        total = int(answer["response"]["numFound"])
        if stories is None and request.count_stories:
            stories = 0 if total == 0 else None  # no facets in an empty answer
        late = partial or request.deadline.partial
        return EngineResult(total, tuple(hits), facets, late, stories)

    def _facets(
        self,
        answer: dict[str, Any],
        request: SearchRequest,
        query: SolrQuery,
        months: tuple[str, str] | None,
    ) -> dict[str, FacetCounts]:
        """The answer's facet counts; a list that hidden values shortened is asked again,
        longer, in a request of its own (rare: only tied counts of one sit at its end)."""
        found = dict(answer.get("facets") or {})
        more = short_facets(found, self.hidden())
        if more:
            body = json_facets(request.params, months, limits=more)
            extra = self.select(
                {**self._base(request, query), "rows": 0, "json.facet": json.dumps(body)}
            )
            found.update({k: v for k, v in (extra.get("facets") or {}).items() if k in more})
        return facet_counts(found, request.params, self.hidden())

    def hidden(self) -> Hidden:
        """Weak values a single article names, per facet (:mod:`search.engine.solr.weak`)."""
        version = self.version()
        if version not in self._hidden:
            try:
                self._hidden[version] = hidden_values(self.select)
            except SolrRequestError:  # a collection made before the field: none is weak
                return {}
        return self._hidden[version]

    def count(self, request: SearchRequest) -> int:
        self._seen(request)
        answer = self.select({**self._base(request, self._query(request)), "rows": 0})
        self._checked(answer, request)
        return int(answer["response"]["numFound"])

    def search_after(self, request: SearchRequest, after: str | None, size: int) -> EnginePage:
        query = self._query(request)
        sort = request.params.sort
        sort = sort if query.scored or sort != "relevance" else "newest"
        terms = self._marked_terms(request.parsed) if request.params.snippets else None
        base = self._base(request, query)
        page = page_after(self.select, base, _SORTS[sort], request, after, size, terms)
        if page.partial:
            self._checked({"responseHeader": {"partialResults": True}}, request)
        return page

    def timeline(self, request: SearchRequest) -> dict[str, int]:
        base = self._base(request, self._query(request))
        return month_counts(self.select, base, self._month_range())

    def lexicon(self) -> SolrLexicon:
        """The cluster's words for :mod:`search.query.suggest`'s rules, respellings
        counted as searches are."""
        return SolrLexicon(self.select, self.client, self.collection, self.count)

    def document(self, doc_id: str) -> EngineDocument | None:
        answer = self.select(
            {"q": "{!term f=id v=$doc}", "defType": "lucene", "doc": doc_id, "rows": 1, "fl": "*"}
        )
        docs = answer["response"]["docs"]
        if not docs:
            return None
        doc = docs[0]
        text = doc.get("text") or ""
        try:
            provenance = json.loads(doc.get("provenance") or "{}")
        except ValueError:
            provenance = {}
        return EngineDocument(
            article=stored_article(doc),
            agencies=tuple(doc.get("agencies") or ()),
            text=text,
            body=doc.get("body") or text,
            provenance=provenance,
        )

    def story_versions(self, stories: list[str]) -> dict[str, list[StoredArticle]]:
        return story_versions(self.select, stories)

    def stored_hits(self, ids: list[str], bodies: bool) -> dict[str, EngineHit]:
        return stored_hits(self.select, ids, bodies)

    def story_documents(self, story: str) -> list[EngineDocument]:
        found = map(self.document, story_ids(self.select, story))
        return [doc for doc in found if doc is not None]

    def highlight_terms(self, parsed: ParsedQuery) -> TermSet:
        return self._marked_terms(parsed)

    def facet_values(self, facet: str) -> list[str]:
        key = (self.status().version, facet)
        if key not in self._values:
            self._values[key] = all_values(self.select, BY_NAME[facet].name)
        return self._values[key]

    def cooccurring(self, facet: str, value: str, limit: int) -> list[tuple[str, int]]:
        return cooccurring(self.select, BY_NAME[facet].name, value, limit)

    def source_names(self) -> dict[str, str]:
        version = self.version()
        if version not in self._names:
            self._names[version] = declared_names(self.select)
        return self._names[version]

    def version(self) -> str:
        """The collection the alias names now (the collection itself if no alias)."""
        checked, name = self._version
        if time.monotonic() - checked < VERSION_TTL_S and name:
            return name
        name = self.client.aliases().get(self.collection, self.collection)
        self._version = (time.monotonic(), name)
        self._start_skeletons(name)  # first sight of a collection: list its words now
        return name

    def _start_skeletons(self, version: str) -> None:
        """Build ``version``'s Latin-name candidates in the background (once)."""
        lexicon = SolrLexicon(self.select, self.client, version, self.count)
        self._skeletons.start(version, from_words(lambda: self.status().documents, lexicon.words))

    def latin_skeletons(self, wait_s: float) -> SkeletonIndex | None:
        """Built in the background when the collection is first seen; a search waits
        at most ``wait_s`` for them."""
        version = self.version()
        self._start_skeletons(version)
        return self._skeletons.wait(version, wait_s)

    def _month_range(self) -> tuple[str, str] | None:
        """The first and last month held (an update in place can widen it: re-read often)."""
        checked, months = self._months
        if time.monotonic() - checked < VERSION_TTL_S:
            return months
        body = {"lo": f"min({DATE_FIELD})", "hi": f"max({DATE_FIELD})"}
        answer = self.select({"q": "*:*", "rows": 0, "json.facet": json.dumps(body)})
        found = answer.get("facets") or {}
        lo, hi = found.get("lo"), found.get("hi")
        months = (str(lo)[:7], str(hi)[:7]) if lo and hi else None
        self._months = (time.monotonic(), months)
        return months

    def trigram_stats(self) -> TrigramStats:
        return self.trigrams.of(self.version(), lambda: self.status().documents)

    def status(self) -> EngineStatus:
        version = self.version()
        answer = self.select({"q": "*:*", "rows": 0})
        return EngineStatus(int(answer["response"]["numFound"]), version, built_at(version))


def built_at(version: str) -> str | None:
    """When a build made ``<alias>_v<timestamp>`` (UTC, ISO 8601), from its name."""
    try:
        made = dt.datetime.strptime(version.rsplit("_v", 1)[1], "%Y%m%dT%H%M%S%f")
    except (IndexError, ValueError):
        return None
    return made.replace(tzinfo=dt.UTC).isoformat(timespec="seconds")
