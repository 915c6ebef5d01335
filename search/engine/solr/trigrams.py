"""A collection's stems: trigram statistics (the second stage) and the root-key expansions.

The trigram rerank (:mod:`search.query.rerank`) weighs a question's stem
trigrams by their document frequency and normalises by the mean trigram count
per document, as the Whoosh engine reads them from its ``body_stem`` lexicon
(:func:`search.store.trigrams.read_trigram_stats`). Here the same figures come
from the collection's own lexicon of Bahth's stems, ``body_s_pre``, listed
whole by the distributed ``/terms`` handler with each stem's document frequency
and total frequency summed over the shards. A collection never changes once
published (an update builds a new one), so the listing is made once per
collection, when the engine first sees it (:meth:`SolrTrigrams.prepare`), before
the search that saw it starts counting its time. The same listing gives the
root-key expansion table (:func:`search.store.expansions.expansions_of`), which
adds the Whoosh engine's score for other inflections of a long query's words.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

from search.store.expansions import expansions_of
from search.store.solr_client import SolrClient, SolrRequestError, SolrUnavailableError
from search.store.trigrams import TrigramStats, trigrams_of

#: Bahth's stems of the body, which every build indexes (the Whoosh ``body_stem``).
STEM_FIELD = "body_s_pre"
#: Collections whose statistics are kept (the live one and the one before a swap).
_KEPT = 2


Expansions = dict[str, list[str]]


class SolrTrigrams:
    """:class:`TrigramStats` and the expansion table per collection, listed once each."""

    def __init__(self, client: SolrClient) -> None:
        self.client = client
        self._stems: dict[str, tuple[TrigramStats, Expansions]] = {}
        self._lock = threading.Lock()

    def holds(self, collection: str) -> bool:
        """Whether ``collection``'s stems are listed already."""
        with self._lock:
            return collection in self._stems

    def prepare(self, collection: str, documents: Callable[[], int]) -> bool:
        """List ``collection``'s stems unless they are already held; whether it listed now."""
        if self.holds(collection):
            return False
        self._of(collection, documents)
        return True

    def of(self, collection: str, documents: Callable[[], int]) -> TrigramStats:
        """The trigram statistics of ``collection`` (``documents``: its article count)."""
        return self._of(collection, documents)[0]

    def expansions(self, collection: str, documents: Callable[[], int]) -> Expansions:
        """Root key → the collection's stems sharing it."""
        return self._of(collection, documents)[1]

    def _of(self, collection: str, documents: Callable[[], int]) -> tuple[TrigramStats, Expansions]:
        with self._lock:
            stems = self._stems.get(collection)
        if stems is None:
            try:
                stems = self._listed(collection, documents())
            except (SolrRequestError, SolrUnavailableError):
                # no listing now (a shard without a live replica): no second stage and no
                # expansions for this search, and the next one asks again
                return TrigramStats({}, 1.0), {}
            with self._lock:
                self._stems[collection] = stems
                while len(self._stems) > _KEPT:
                    self._stems.pop(next(iter(self._stems)))
        return stems

    def _listed(self, collection: str, documents: int) -> tuple[TrigramStats, Expansions]:
        answer = self.client.request(
            "POST",
            f"/{collection}/terms",
            data=[
                ("wt", "json"),
                ("json.nl", "flat"),
                ("distrib", "true"),
                ("terms.fl", STEM_FIELD),
                ("terms.limit", "-1"),
                ("terms.ttf", "true"),
                ("terms.sort", "index"),
            ],
        )
        flat: list[Any] = (answer.get("terms") or {}).get(STEM_FIELD) or []
        frequencies: Counter[str] = Counter()
        total = 0.0
        for term, counts in zip(flat[0::2], flat[1::2], strict=True):
            grams = trigrams_of(str(term))
            total += int(counts.get("ttf", 0)) * len(grams)
            for gram in set(grams):
                frequencies[gram] += int(counts.get("df", 0))
        stats = TrigramStats(dict(frequencies), total / max(documents, 1) or 1.0)
        return stats, expansions_of(str(term).encode("utf-8") for term in flat[0::2])
