"""The Solr engine's lexicon for "did you mean" (:mod:`search.query.suggest` decides).

Candidate spellings come from the configset's ``/spell`` handler: a
``DirectSolrSpellChecker`` over ``body_x_pre`` (Bahth's exact forms, the words
the Whoosh engine scans), same first letter, up to two edits, only words more
frequent than the typed one. It needs no dictionary build (it reads the
index), and a distributed request merges every shard's candidates: a
replacement in ``RATIO`` times as many articles as the word is more frequent
on at least one shard, so none is lost to per-shard counts. Article counts are
then asked exactly, as ``query`` facets over the whole collection, one request
per word, so the ranking and thresholds are the Whoosh engine's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from search.engine.base import SearchRequest
from search.engine.solr.syntax import quoted
from search.request.deadline import Deadline
from search.store.solr_client import SolrClient

ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")
#: The whole suggestion's budget on Solr: five to eight round trips to the cluster (counts,
#: candidates, respelled totals), 10-30 ms each on an idle CI cluster, several times that
#: on a loaded one, where the Whoosh engine's 100 ms (a lexicon scan in process) would cut
#: most suggestions short. Still under the search's own default time limit.
SOLR_SUGGEST_TIME_LIMIT_MS = 1000
#: Candidates asked of the spellchecker per word (the rules keep the best three).
SPELL_COUNT = 30
#: Bahth's analysis, which every build indexes, whatever the searches' analysis is.
EXACT_FIELDS = ("title_x_pre", "body_x_pre")
STEM_FIELDS = ("title_s_pre", "body_s_pre")


class SolrLexicon:
    """:class:`search.engine.base.Lexicon` over a collection or alias; ``count`` totals
    a respelled search as searches are counted."""

    time_limit_ms = SOLR_SUGGEST_TIME_LIMIT_MS

    def __init__(
        self,
        select: Callable[[dict[str, Any]], dict[str, Any]],
        client: SolrClient,
        name: str,
        count: Callable[[SearchRequest], int],
    ) -> None:
        self.select = select
        self.client = client
        self.name = name
        self.count = count
        self._near: dict[str, list[str]] = {}

    def _counts(self, queries: dict[str, str]) -> dict[str, int]:
        """Articles matching each query (key → count), in one request."""
        facets = {key: {"type": "query", "q": q} for key, q in queries.items()}
        answer = self.select({"q": "*:*", "rows": 0, "json.facet": json.dumps(facets)})
        found = answer.get("facets") or {}
        return {key: int((found.get(key) or {}).get("count", 0)) for key in queries}

    def frequency(self, exact: str, stemmed: str) -> int:
        queries = {f"e{i}": f"{f}:{quoted(exact)}" for i, f in enumerate(EXACT_FIELDS)}
        queries |= {f"s{i}": f"{f}:{quoted(stemmed)}" for i, f in enumerate(STEM_FIELDS)}
        return max(self._counts(queries).values())

    def frequencies(self, words: list[tuple[str, str]]) -> list[int]:
        """Each pair's :meth:`frequency`, all in one request."""
        queries: dict[str, str] = {}
        for n, (exact, stemmed) in enumerate(words):
            queries |= {f"w{n}e{i}": f"{f}:{quoted(exact)}" for i, f in enumerate(EXACT_FIELDS)}
            queries |= {f"w{n}s{i}": f"{f}:{quoted(stemmed)}" for i, f in enumerate(STEM_FIELDS)}
        counts = self._counts(queries) if queries else {}
        return [
            max(v for k, v in counts.items() if k.startswith((f"w{n}e", f"w{n}s")))
            for n in range(len(words))
        ]

    def near(self, exact: str, edits: int, deadline: Deadline | None) -> list[str]:
        """The spellchecker's candidates (two edits at most, asked once per word; the
        rules keep those within ``edits``)."""
        if exact not in self._near:
            if deadline is not None and deadline.expired():
                return []
            answer = self.client.request(
                "POST",
                f"/{self.name}/spell",
                data=[
                    ("wt", "json"),
                    ("q", "*:*"),
                    ("rows", "0"),
                    ("spellcheck.q", exact),
                    ("spellcheck.count", str(SPELL_COUNT)),
                    ("shards.tolerant", "true"),
                ],
            )
            self._near[exact] = _suggestions(answer)
        return self._near[exact]

    def words(self, least: int) -> list[tuple[str, int]]:
        """The collection's exact body words, from one distributed ``/terms`` listing."""
        answer = self.client.request(
            "POST",
            f"/{self.name}/terms",
            data=[
                ("wt", "json"),
                ("json.nl", "flat"),
                ("distrib", "true"),
                ("terms.fl", "body_x_pre"),
                ("terms.limit", "-1"),
                ("terms.mincount", str(least)),
                ("terms.sort", "index"),
            ],
        )
        flat: list[Any] = (answer.get("terms") or {}).get("body_x_pre") or []
        return [
            (str(term), int(df))
            for term, df in zip(flat[0::2], flat[1::2], strict=True)
            if ARABIC_WORD.fullmatch(str(term))
        ]

    def body_frequencies(self, words: list[str]) -> dict[str, int]:
        counts = self._counts({f"w{i}": f"body_x_pre:{quoted(w)}" for i, w in enumerate(words)})
        return {word: counts[f"w{i}"] for i, word in enumerate(words)}


def _suggestions(answer: dict[str, Any]) -> list[str]:
    """Suggested words from a spellcheck answer (``json.nl=flat``: word, details, …)."""
    flat = (answer.get("spellcheck") or {}).get("suggestions") or []
    words: list[str] = []
    for item in flat[1::2] if flat and isinstance(flat[0], str) else flat:
        if isinstance(item, dict):
            for suggestion in item.get("suggestion") or []:
                word = suggestion.get("word") if isinstance(suggestion, dict) else suggestion
                if isinstance(word, str) and word not in words:
                    words.append(word)
    return words
