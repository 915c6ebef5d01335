"""Articles as Solr documents: from an extracted article, or from a stored Solr document.

Bahth's own analysis (``*_x_pre``, ``*_s_pre``) is indexed but not stored, so a
document copied from one collection into the next (``bahth index update``
builds a new collection from the live one) gets those fields again from its
stored title and body: they depend on nothing else, and Python analyses them
exactly as a build did.

``body_pa`` is the body for snippets in Bahth's analysis: Solr's pre-analysed
JSON, the stored body with one token per word at the word's offsets, ``x:``
its exact form and ``s:`` its stem stacked on it (the marks of
:mod:`search.engine.solr.highlight`), so the unified highlighter marks words
on the body as printed exactly where :func:`search.text.matching.find_matches`
would.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from search.ingest.articles import Article
from search.ingest.extract.entities import weak_values
from search.request.facets import KEYWORD_FACETS, MULTI_FACETS
from search.text.analyzers import analyze_word, exact_analyzer, stemmed_analyzer
from search.text.normalise import TOKEN_PATTERN

_EXACT = exact_analyzer()
_STEMMED = stemmed_analyzer()
#: Stored fields a copy leaves out: Solr's own (``_version_``) and ones analysed again.
_NOT_COPIED = {"_version_", "score"}


def _terms(analyzer: Any, text: str) -> str:
    return " ".join(t.text for t in analyzer(text))


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Python offsets → Java's (UTF-16 units: a character beyond the BMP, an emoji, is two)."""
    if all(ord(c) <= 0xFFFF for c in text):
        return lambda i: i
    units = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
    return units.__getitem__


def pre_analysed(text: str) -> str:
    """Solr's JSON pre-analysed value of ``text``: each word's ``x:`` exact form and
    ``s:`` stem (none for a stopword) at the word's offsets, split as snippets split."""
    at = _utf16_offsets(text)
    tokens: list[dict[str, Any]] = []
    for word in TOKEN_PATTERN.finditer(text):
        exact, stemmed = analyze_word(word.group())
        if not exact:
            continue
        start, end = at(word.start()), at(word.end())
        tokens.append({"t": f"x:{exact}", "s": start, "e": end, "i": 1})
        if stemmed:
            tokens.append({"t": f"s:{stemmed}", "s": start, "e": end, "i": 0})
    return json.dumps({"v": "1", "str": text, "tokens": tokens}, ensure_ascii=False)


def analysed_fields(title: str, body: str) -> dict[str, str]:
    """The fields Python analyses, from a title and a body."""
    return {
        "title_x_pre": _terms(_EXACT, title),
        "body_x_pre": _terms(_EXACT, body),
        "title_s_pre": _terms(_STEMMED, title),
        "body_s_pre": _terms(_STEMMED, body),
        "body_pa": pre_analysed(body) if body else "",
    }


def _facet_values(article: Article, attribute: str) -> list[str]:
    value = getattr(article, attribute, None)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [v.value for v in values if getattr(v, "value", None)]


def _kept(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if v not in (None, [], "")}


def solr_document(article: Article) -> dict[str, Any]:
    """One article as Solr stores it: display fields, both analyses, facet fields."""
    doc: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "text": article.text,
        "url": article.url,
        "content_hash": article.content_hash,
        "story": article.story,
        "provenance": json.dumps(article.provenance(), ensure_ascii=False),
        "agencies": [a.value for a in article.agencies],
        **analysed_fields(article.title, article.body),
    }
    for spec in KEYWORD_FACETS:
        values = _facet_values(article, spec.article_attribute or spec.name)
        if values:
            doc[spec.name] = values if spec.kind != "keyword" else values[0]
    if article.published:
        day = article.published.date
        doc["published"] = f"{day.isoformat()}T00:00:00Z"
    if article.source_name:
        doc["source_name"] = article.source_name
    doc["weak"] = weak_values(
        [v for spec in MULTI_FACETS for v in getattr(article, spec.article_attribute or spec.name)]
    )
    return _kept(doc)


def copied_document(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored Solr document (``fl=*``) as it must be sent to another collection."""
    doc = {k: v for k, v in stored.items() if k not in _NOT_COPIED}
    doc.update(analysed_fields(doc.get("title") or "", doc.get("body") or ""))
    return _kept(doc)
