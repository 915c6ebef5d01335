"""The stem-trigram statistics of a collection, for the second stage above the seam.

The trigram rerank (:mod:`search.query.rerank`) weighs a question's stem
trigrams by their document frequency and normalises by the mean trigram count
per document, as the Whoosh engine reads them from its ``body_stem`` lexicon
(:func:`search.store.trigrams.read_trigram_stats`). Here the same figures come
from the collection's own lexicon of Bahth's stems, ``body_s_pre``, listed
whole by the distributed ``/terms`` handler with each stem's document frequency
and total frequency summed over the shards. A collection never changes once
published (an update builds a new one), so the listing is made once per
collection, on the first question it is asked.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from search.store.solr_client import SolrClient, SolrRequestError, SolrUnavailableError
from search.store.trigrams import TrigramStats, trigrams_of

#: Bahth's stems of the body, which every build indexes (the Whoosh ``body_stem``).
STEM_FIELD = "body_s_pre"
#: Collections whose statistics are kept (the live one and the one before a swap).
_KEPT = 2


class SolrTrigrams:
    """:class:`TrigramStats` per collection, listed once each."""

    def __init__(self, client: SolrClient) -> None:
        self.client = client
        self._stats: dict[str, TrigramStats] = {}
        self._lock = threading.Lock()

    def of(self, collection: str, documents: int) -> TrigramStats:
        """The statistics of ``collection`` (holding ``documents`` articles)."""
        with self._lock:
            stats = self._stats.get(collection)
        if stats is None:
            try:
                stats = self._listed(collection, documents)
            except (SolrRequestError, SolrUnavailableError):
                # no listing now (a shard without a live replica): no second stage for
                # this search, and the next one asks again
                return TrigramStats({}, 1.0)
            with self._lock:
                self._stats[collection] = stats
                while len(self._stats) > _KEPT:
                    self._stats.pop(next(iter(self._stats)))
        return stats

    def _listed(self, collection: str, documents: int) -> TrigramStats:
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
        return TrigramStats(dict(frequencies), total / max(documents, 1) or 1.0)
