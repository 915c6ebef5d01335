"""A time budget per search: stop early and say so, rather than hang.

Matching works clause by clause, a phrase field by field, and the second
stage article by article; each looks at the deadline between steps, and a
search that runs out of time returns what it found with ``partial: true``.
"""

from __future__ import annotations

import time

from search.config import SEARCH_TIME_LIMIT_MS


class Deadline:
    """Remembers whether the budget ran out, so the response can say so."""

    def __init__(self, limit_ms: float = SEARCH_TIME_LIMIT_MS) -> None:
        self.ends = time.perf_counter() + limit_ms / 1000
        self.hit = False
        #: Work left out on purpose though time remained (a cap, a shard missing).
        self.cut = False

    def expired(self) -> bool:
        if not self.hit and time.perf_counter() >= self.ends:
            self.hit = True
        return self.hit

    @property
    def partial(self) -> bool:
        """Whether the answer lacks something: time ran out, or work was cut."""
        return self.hit or self.cut
