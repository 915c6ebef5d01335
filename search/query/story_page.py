"""One story's page: every version, first published first, compared with the first.

A version's differences are whole sentences: a sentence is "added" when the
first version has no sentence with the same normalised words, "dropped" the
other way round. Sentences, not words, because that is how outlets change a
wire report (a lede trimmed, a paragraph of background added, a quote cut), and
a reader can scan a marked sentence where word-level marks would be noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from search.engine.base import Engine, EngineDocument
from search.query.labels import source_label
from search.query.response import render_marked
from search.text.normalise import find_tokens, normalize_word

_SENTENCE_END = re.compile(r"[^.!?؟\n]*(?:[.!?؟]+|\n|$)")
#: A story page lists at most this many versions (a story is a handful of outlets).
MAX_VERSIONS = 200


def sentences(body: str) -> list[tuple[int, int]]:
    """Spans of the body's sentences (ended by . ! ? ؟ or a line end), trimmed."""
    spans = []
    for match in _SENTENCE_END.finditer(body):
        start, end = match.start(), match.end()
        while start < end and body[start].isspace():
            start += 1
        while end > start and body[end - 1].isspace():
            end -= 1
        if find_tokens(body[start:end]):
            spans.append((start, end))
    return spans


def sentence_key(text: str) -> str:
    return " ".join(normalize_word(w) for w in find_tokens(text))


@dataclass(frozen=True)
class StoryEntry:
    id: str
    source: str | None
    source_label: str
    published: str | None
    title: str
    url: str | None
    first: bool
    body: str
    added_spans: tuple[tuple[int, int], ...]  # sentences of ``body`` the first lacks
    dropped: tuple[str, ...]  # sentences of the first this version lacks

    @property
    def added(self) -> list[str]:
        return [self.body[a:b] for a, b in self.added_spans]

    def body_html(self) -> str:
        """The body escaped, each added sentence in ``<ins>`` (our only markup)."""
        return render_marked(self.body, self.added_spans, escape, "<ins>", "</ins>")


@dataclass(frozen=True)
class StoryPage:
    story: str
    versions: tuple[StoryEntry, ...]

    @property
    def size(self) -> int:
        return len(self.versions)


def _entry(doc: EngineDocument, first: EngineDocument | None, names: dict[str, str]) -> StoryEntry:
    spans = sentences(doc.body)
    added: tuple[tuple[int, int], ...] = ()
    dropped: tuple[str, ...] = ()
    if first is not None:
        first_spans = sentences(first.body)
        theirs = {sentence_key(first.body[a:b]) for a, b in first_spans}
        ours = {sentence_key(doc.body[a:b]) for a, b in spans}
        added = tuple((a, b) for a, b in spans if sentence_key(doc.body[a:b]) not in theirs)
        dropped = tuple(
            first.body[a:b] for a, b in first_spans if sentence_key(first.body[a:b]) not in ours
        )
    article = doc.article
    return StoryEntry(
        article.id, article.source, source_label(article.source, names), article.published,
        article.title, article.url, first is None, doc.body, added, dropped,
    )  # fmt: skip


def story_page(engine: Engine, story: str) -> StoryPage | None:
    """The story's versions, or None when no article has this story."""
    documents = engine.story_documents(story)[:MAX_VERSIONS]
    if not documents:
        return None
    documents.sort(key=lambda d: (d.article.published or "9999-99-99", d.article.id))
    names = engine.source_names()
    first = documents[0]
    entries = [_entry(first, None, names)] + [_entry(d, first, names) for d in documents[1:]]
    return StoryPage(story, tuple(entries))
