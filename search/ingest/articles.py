"""From a raw record to an article ready to index: cleaning, extraction, precedence.

Precedence of values: the manifest over the record's own fields over what
extraction reads in the text, each value keeping its origin for provenance.
This runs in worker processes (it is pure and CPU-bound).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from search.ingest.corpus import TARGET_FIELDS, RawRecord, parse_published
from search.ingest.extract.model import DateValue, Extraction, FacetValue
from search.ingest.extract.pipeline import extract_article

TITLE_MAX_CHARS = 160
SOURCE_NAME_MAX_CHARS = 100  # a label, not a text: a longer one is cut


@dataclass
class Article:
    """One article ready to index: original text, clean body and facets."""

    id: str
    title: str
    text: str
    body: str
    source: FacetValue | None
    published: DateValue | None
    actors: list[FacetValue]
    agencies: list[FacetValue]
    url: str | None
    content_hash: str
    removed: list[tuple[int, int, str]] = field(default_factory=list)
    places: list[FacetValue] = field(default_factory=list)
    source_name: str | None = None  # the label the record or manifest gives its source
    #: The story it belongs to (:mod:`search.index.stories`), placed between a build's passes.
    story: str | None = None

    def provenance(self) -> dict[str, Any]:
        """The facet values with their origin and span, for display and audit."""
        return {
            "source": self.source.to_dict() if self.source else None,
            "published": self.published.to_dict() if self.published else None,
            "actors": [a.to_dict() for a in self.actors],
            "places": [p.to_dict() for p in self.places],
            "agencies": [a.to_dict() for a in self.agencies],
            "removed": [list(r) for r in self.removed],
        }


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        parts = value.replace("،", ";").split(";")
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return []


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line:
            if len(line) > TITLE_MAX_CHARS:
                cut = line.rfind(" ", 0, TITLE_MAX_CHARS)
                line = line[: cut if cut > 0 else TITLE_MAX_CHARS] + "…"
            return line
    return ""


def prepare_article(
    record: RawRecord, extract: Callable[[str], Extraction] = extract_article
) -> Article:
    """Clean and extract one record; manifest > record fields > extraction. ``extract``:
    a build's cached and corpus-labelled extraction (:mod:`search.index.corpus_pass`)."""
    fields, meta = record.fields, record.manifest
    text: str = fields["body"]
    extraction: Extraction = extract(text)
    if not extraction.body.strip():
        # Cleaning must never lose an article: index it as written instead.
        extraction.body, extraction.removed = text, []
    merged = {**fields, **{k: v for k, v in meta.items() if k in TARGET_FIELDS}}

    def origin_of(key: str) -> str:
        return "manifest" if key in meta else "record"

    source = extraction.source
    if merged.get("source"):
        source = FacetValue(str(merged["source"]).strip(), "outlet", origin_of("source"))
    published = extraction.published
    if merged.get("published"):
        day = parse_published(merged["published"], record.path, record.line)
        published = DateValue(day, origin_of("published"))
    actors = extraction.actors
    if "actors" in merged:
        given = [FacetValue(a, "actor", origin_of("actors")) for a in _as_list(merged["actors"])]
        known = {a.value for a in given}
        actors = given + [a for a in extraction.actors if a.value not in known]
    if record.from_text_file:
        title = str(meta.get("title") or extraction.title or _first_line(extraction.body))
    else:
        title = str(merged.get("title") or _first_line(extraction.body))
    url = merged.get("url")
    source_name = str(merged.get("source_name") or "").strip()[:SOURCE_NAME_MAX_CHARS] or None
    # Identity is the content alone: the same article copied to another folder, with or
    # without its manifest's file names, hashes the same (only our record fields count).
    content = {k: merged[k] for k in TARGET_FIELDS if merged.get(k) not in (None, "")}
    digest = hashlib.sha1(
        json.dumps(content, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    return Article(
        id=str(merged["id"]),
        title=title,
        text=text,
        body=extraction.body,
        source=source,
        published=published,
        actors=actors,
        agencies=extraction.agencies,
        url=str(url) if url else None,
        content_hash=digest,
        removed=[(r.start, r.end, r.reason) for r in extraction.removed],
        places=extraction.places,
        source_name=source_name if source else None,
    )
