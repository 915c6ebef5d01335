"""Publisher (the ``source`` facet) and cited agencies, from the text alone.

The publisher is the outlet that put this page out; an agency the story
*quotes* (``بحسب وكالة أنباء شينخوا``) is not the publisher and goes to
``agencies``. Cleaning records where the text names its own publisher
(:class:`~search.ingest.extract.model.PublisherHint`); this module ranks those
hints and maps names to one canonical outlet through the outlets table.

Ranking, strongest first: a first-line byline (``الثورة نت/``), a masthead,
the wire dateline that opens the story (``بكين - 4 - 2 (كونا) --``), a
``المصدر:`` sign-off, a bare credit line (``Sputnik``), and a closing credit
paragraph (``… موقع متن نيوز …``). Page-level signals come first: a paper
printing a KUNA story under its own masthead is the publisher, KUNA an agency.
"""

from __future__ import annotations

import re

from pyarabic import araby

from search.ingest.extract.cleaning import CleanedText
from search.ingest.extract.model import FacetValue
from search.ingest.extract.outlets import content_outlets, find_outlets, outlet_named

#: Hint rules in order of strength.
RULE_ORDER = (
    "byline",
    "masthead",
    "agency_dateline",
    "source_line",
    "credit_line",
    "closing_credit",
)
#: Rules whose name may be taken as printed when the outlets table lacks it.
_TRUST_UNKNOWN = frozenset({"byline", "masthead", "source_line"})
_SITE_NAME = re.compile(r"موقع\s+((?:[^\s،,.:؛]+\s*){1,3}?)(?=\s+(?:عبر|من|في|على|حيث)\s|[،,.]|$)")


def _display(name: str) -> str:
    return " ".join(araby.strip_diacritics(name).split())


def _from_hint(cleaned: CleanedText, rule: str, start: int, end: int) -> FacetValue | None:
    """The publisher a hint names: a table outlet, or the printed name where trusted."""
    text = cleaned.text[start:end]
    origin = f"rule:{rule}"
    outlet = outlet_named(text)
    if outlet is not None:
        return FacetValue(outlet.canonical, "outlet", origin, (start, end))
    words = cleaned.words_in([(start, end)])
    mentions = find_outlets(words)
    if mentions and rule in ("closing_credit", "credit_line"):
        first = mentions[0]
        span = (words[first.index].start, words[first.index + first.length - 1].end)
        return FacetValue(first.value.canonical, "outlet", origin, span)
    if rule == "closing_credit" and (site := _SITE_NAME.search(text)):
        name = site.group(1).strip()
        return FacetValue(
            _display(name),
            "outlet",
            origin,
            (start + site.start(1), start + site.start(1) + len(name)),
        )
    if rule in _TRUST_UNKNOWN and text.strip():
        return FacetValue(_display(text), "outlet", origin, (start, end))
    return None


def find_publisher(cleaned: CleanedText) -> FacetValue | None:
    """The strongest publisher hint that resolves to a name, or None."""
    ranked = sorted(cleaned.hints, key=lambda h: (RULE_ORDER.index(h.rule), h.start))
    for hint in ranked:
        value = _from_hint(cleaned, hint.rule, hint.start, hint.end)
        if value is not None:
            return value
    return None


def find_agencies(cleaned: CleanedText, publisher: FacetValue | None) -> list[FacetValue]:
    """Outlets the story cites (title, body, ``نقلا عن`` credits), the publisher excepted."""
    content = cleaned.content_spans()
    spans = sorted(content + [(ln.start, ln.end) for ln in cleaned.lines if ln.rule == "cited"])
    if spans == content:  # no credit lines: the content's outlets, shared with actors
        words = cleaned.content_words()
        mentions = content_outlets(cleaned)
    else:
        words = cleaned.words_in(spans)
        mentions = find_outlets(words)
    found: dict[str, FacetValue] = {}
    for match in mentions:
        name = match.value.canonical
        if (publisher is not None and name == publisher.value) or name in found:
            continue
        span = (words[match.index].start + match.clitic, words[match.index + match.length - 1].end)
        found[name] = FacetValue(name, match.value.kind, "rule:cited_outlet", span)
    return list(found.values())
