"""What extraction returns: values with the provenance a user can check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True)
class FacetValue:
    """A facet value and where it came from.

    ``origin`` is ``manifest``, ``record`` (a JSONL field), ``alias``,
    ``rule:<name>``, ``tagger`` or ``tagger+alias`` (the name tagger found it and
    the names table gave its canonical value); ``span`` points into the article's
    original text; ``confidence`` is the tagger's (the smallest marginal of the
    name's labels, see :mod:`search.ingest.extract.ner.tagger`), None for the rest.
    Origin ``corpus``: a name the tagger found with confidence in ``evidence`` other
    articles of the corpus, written in this one (:mod:`search.ingest.corpus_names`).
    """

    value: str
    type: str
    origin: str
    span: Span | None = None
    confidence: float | None = None
    evidence: int | None = None

    def to_dict(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "value": self.value,
            "type": self.type,
            "origin": self.origin,
            "span": list(self.span) if self.span else None,
        }
        if self.confidence is not None:
            found["confidence"] = round(self.confidence, 3)
        if self.evidence is not None:
            found["evidence"] = self.evidence
        return found


@dataclass(frozen=True)
class DateValue:
    """A publication date the text states (never one guessed from the clock)."""

    date: dt.date
    origin: str
    span: Span | None = None
    hijri: str | None = None  # the Hijri date as ``YYYY-MM-DD`` when the text states one
    #: What else in the text agrees (``weekday``, ``dateline``, ``hijri``); never a source.
    confirmed_by: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.date.isoformat(),
            "origin": self.origin,
            "span": list(self.span) if self.span else None,
            "hijri": self.hijri,
            "confirmed_by": list(self.confirmed_by),
        }


@dataclass(frozen=True)
class RemovedSpan:
    """A stretch of original text kept out of the indexed body, and why."""

    start: int
    end: int
    reason: str


@dataclass
class Extraction:
    """Everything extraction learned from one article's original text."""

    body: str
    title: str | None = None
    removed: list[RemovedSpan] = field(default_factory=list)
    source: FacetValue | None = None
    agencies: list[FacetValue] = field(default_factory=list)
    published: DateValue | None = None
    actors: list[FacetValue] = field(default_factory=list)
    #: Cities, regions and sites (``موسكو``, ``غزة``, ``البحر الأحمر``): not actors.
    places: list[FacetValue] = field(default_factory=list)


@dataclass(frozen=True)
class PublisherHint:
    """Where the text names its own publisher: rule name and the name's span."""

    rule: str
    start: int
    end: int
