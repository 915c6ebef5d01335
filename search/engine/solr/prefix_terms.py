"""Prefix clauses on a SolrCloud: the words ``بوت*`` stands for, by the Whoosh engine's rule.

Solr's own ``body:بوت*`` expands every indexed word the prefix starts, so a
short, common prefix (``الم*``) would count more articles on Solr than on
Whoosh, which keeps a prefix's most frequent words within bounds
(:mod:`search.request.prefix_rule`). Here the same rule runs over the cluster's
lexicon: the distributed ``/terms`` handler lists, per field, the first
:data:`MAX_PREFIX_SCAN` words starting with the prefix in index order with
their document frequencies summed over the shards (each shard lists its own
first words, so the merged list holds the cluster's first ones), and
:func:`most_frequent` keeps the same words Whoosh keeps. The query then names
those words (:mod:`search.engine.solr.translate`).

An expansion is remembered per collection (a rebuild is a new collection, so
nothing stale is reused), unless the listing was partial (a shard without a
live replica); when no listing can be had at all, the clause falls back to
Solr's wildcard and the search says it is partial, as it is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from search.engine.solr.fields import Analysis
from search.request.deadline import Deadline
from search.request.prefix_rule import MAX_PREFIX_SCAN, most_frequent, prefix_forms
from search.store.solr_client import SolrClient, SolrRequestError, SolrUnavailableError

#: Expanded prefixes remembered (each a few dozen short words per field).
CACHE_ENTRIES = 4096
#: field → the words a prefix stands for there.
Expansion = dict[str, tuple[str, ...]]


class SolrPrefixes:
    """Expands prefix tokens over one cluster's lexicon (thread-safe, cached)."""

    def __init__(self, client: SolrClient, fields: Analysis) -> None:
        self.client = client
        self.fields = fields
        self._known: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def expand(
        self, collection: str, token: str, deadline: Deadline | None = None
    ) -> Expansion | None:
        """The words ``token*`` stands for in each of the four fields, or ``None`` when the
        cluster cannot list them (the caller then uses a wildcard); none of them when
        ``deadline`` passed before they were listed (the caller sees it ``hit``)."""
        forms = prefix_forms(token)
        if forms is None:
            return {}
        exact, stemmed = forms
        groups = (
            ((self.fields.title_exact, self.fields.body_exact), exact),
            ((self.fields.title_stem, self.fields.body_stem), stemmed),
        )
        expansion: Expansion = {}
        for names, prefix in groups:
            found = self._listed(collection, names, prefix, deadline)
            if found is None:
                return None
            expansion.update(found)
        return expansion

    def expand_all(
        self, collection: str, tokens: Iterable[str], deadline: Deadline | None = None
    ) -> dict[str, Expansion | None]:
        """:meth:`expand` of each token, in order, within ``deadline``."""
        return {token: self.expand(collection, token, deadline) for token in tokens}

    def marking(
        self, expansions: dict[str, Expansion | None]
    ) -> Callable[[str], tuple[set[str], set[str]] | None]:
        """The (exact, stemmed) words each prefix marks in snippets (``None``: not listed,
        the prefix is marked as the word it starts)."""
        exact = {self.fields.title_exact, self.fields.body_exact}

        def expand(token: str) -> tuple[set[str], set[str]] | None:
            words = expansions.get(token)
            if words is None:
                return None
            return (
                {w for name in exact for w in words.get(name, ())},
                {w for name in words.keys() - exact for w in words[name]},
            )

        return expand

    def _listed(
        self, collection: str, names: tuple[str, ...], prefix: str, deadline: Deadline | None
    ) -> dict[str, tuple[str, ...]] | None:
        with self._lock:
            known = {n: self._known.get((collection, n, prefix)) for n in names}
        if all(v is not None for v in known.values()):
            return {n: v for n, v in known.items() if v is not None}
        if deadline is not None and deadline.expired():
            return {n: () for n in names}  # out of time: this prefix stands for nothing
        left = None if deadline is None else max(deadline.ends - time.perf_counter(), 0.05)
        try:
            answer = self.client.request(
                "POST", f"/{collection}/terms", data=_terms_request(names, prefix), timeout=left
            )
        except (SolrRequestError, SolrUnavailableError):
            if deadline is not None and deadline.expired():
                return {n: () for n in names}
            return None
        listed = answer.get("terms") or {}
        words = {n: most_frequent(_pairs(listed.get(n))) for n in names}
        if not (answer.get("responseHeader") or {}).get("partialResults"):
            with self._lock:
                if len(self._known) >= CACHE_ENTRIES:
                    self._known.clear()
                self._known.update({(collection, n, prefix): w for n, w in words.items()})
        return words


def _terms_request(names: tuple[str, ...], prefix: str) -> list[tuple[str, str]]:
    return [
        ("wt", "json"),
        ("json.nl", "flat"),
        ("distrib", "true"),
        ("shards.tolerant", "true"),
        *(("terms.fl", n) for n in names),
        ("terms.prefix", prefix),
        ("terms.sort", "index"),
        ("terms.limit", str(MAX_PREFIX_SCAN)),
        ("terms.mincount", "1"),
    ]


def _pairs(flat: Any) -> list[tuple[int, str]]:
    """``[word, count, word, count, …]`` as (count, word) pairs."""
    if not isinstance(flat, list):
        return []
    return [(int(n), str(w)) for w, n in zip(flat[::2], flat[1::2], strict=False)]
