"""Snippets: a few short fragments of an article's body around its densest matches.

Matches come as character spans of the body (the engine finds them: our
analyzer for Whoosh, Solr's highlighter for Solr), so a fragment covers the
words exactly as printed. A reader scans a results page, so a snippet is
short: at most :data:`MAX_CHARS` characters of text in all (about three lines),
in up to :data:`FRAGMENTS` pieces. The pieces are the stretches where the
most *different* query words meet (then the most matches), because a
fragment that shows two words of the query together says more than three
mentions of one. Each piece is cut at word boundaries and rendering (HTML for
the web, text for the terminal) is the response's job
(:meth:`search.query.response.Snippet.render`).
"""

from __future__ import annotations

from search.query.response import Fragment, Snippet, Span
from search.request.params import DEFAULT_SNIPPET_CHARS, MAX_SNIPPET_CHARS

FRAGMENTS = 3
#: Characters of article text a snippet shows at most (ellipses not counted).
MAX_CHARS = DEFAULT_SNIPPET_CHARS
#: The most a caller may ask for (the API's ``snippet_chars``): still a snippet.
LIMIT_CHARS = MAX_SNIPPET_CHARS
#: Matches closer than this share a fragment (a third of the default budget).
CLUSTER_CHARS = MAX_CHARS // FRAGMENTS


def _opening(text: str, budget: int) -> Snippet:
    """The article's first words, when no match can be shown."""
    end = len(text) if len(text) <= budget else text.rfind(" ", 0, budget + 1)
    end = end if end > 0 else min(len(text), budget)
    opening = Fragment(0, text[:end], cut_after=end < len(text))
    return Snippet((opening,), opening=True)


def _clusters(text: str, spans: list[Span], width: int) -> list[tuple[float, int, int]]:
    """For each match, the matches that fit with it in ``width`` characters: a
    candidate fragment as (score, first span index, last span index).

    The score counts the distinct words matched first, then the matches (two
    pointers: linear in the number of spans)."""
    out = []
    last = 0
    for first, (start, _) in enumerate(spans):
        last = max(last, first)
        while last + 1 < len(spans) and spans[last + 1][1] - start <= width:
            last += 1
        words = {text[s:e].casefold() for s, e in spans[first : last + 1]}
        out.append((len(words) + (last - first + 1) / (len(spans) + 1), first, last))
    return out


def _pick(text: str, spans: list[Span], width: int) -> list[tuple[int, int]]:
    """The best non-overlapping clusters (span index ranges), in text order."""
    taken: list[tuple[int, int]] = []
    for _, first, last in sorted(_clusters(text, spans, width), key=lambda c: (-c[0], c[1])):
        if len(taken) == FRAGMENTS:
            break
        if all(last < a or first > b for a, b in taken):
            taken.append((first, last))
    return sorted(taken)


def _widen(text: str, start: int, end: int, budget: int, floor: int, ceiling: int) -> Span:
    """``start``-``end`` grown to about ``budget`` characters, within ``floor``-``ceiling``,
    then trimmed to whole words (never cutting into the matches themselves)."""
    spare = max(0, budget - (end - start))
    lo = max(floor, start - spare // 2)
    hi = min(ceiling, end + spare - (start - lo))
    lo = max(floor, lo - (spare - (start - lo) - (hi - end)))
    if lo > 0 and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else start
    if hi < len(text) and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else end
    return lo, hi


def make_snippet(text: str, spans: list[Span], max_chars: int = MAX_CHARS) -> Snippet:
    """At most ``max_chars`` characters of ``text`` around its densest ``spans``
    (in text order, non-overlapping), or its opening words when none is given."""
    max_chars = max(CLUSTER_CHARS, min(max_chars, LIMIT_CHARS))
    spans = sorted((s, e) for s, e in spans if 0 <= s < e <= len(text))
    if not spans:
        return _opening(text, max_chars)
    width = max(CLUSTER_CHARS, max_chars // FRAGMENTS)
    picked = _pick(text, spans, width)
    budget = max_chars // len(picked)
    windows: list[Span] = []
    for index, (first, last) in enumerate(picked):
        floor = windows[-1][1] if windows else 0
        ceiling = spans[picked[index + 1][0]][0] if index + 1 < len(picked) else len(text)
        lo, hi = _widen(text, spans[first][0], spans[last][1], budget, floor, ceiling)
        if windows and lo <= windows[-1][1] + 1:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    fragments = tuple(
        Fragment(
            start=start,
            text=text[start:end],
            marks=tuple((s - start, e - start) for s, e in spans if s >= start and e <= end),
            cut_before=start > 0,
            cut_after=end < len(text),
        )
        for start, end in windows
    )
    return Snippet(fragments)
