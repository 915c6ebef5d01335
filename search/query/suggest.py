""" "Did you mean": offered only when it helps, as the user would type it (every engine).

A wrong "correction" costs more than none: it tells a reader that a word the
corpus knows (``إيران``) is misspelt, or turns markup or a Latin name into
an unrelated Arabic word. So a suggestion needs all of this:

* the query finds at most :data:`FEW_HITS` articles (filters included); a
  query that finds more is spelt as the corpus spells it;
* a word to respell: a positive word or phrase word (never an exclusion, a
  prefix's ``*`` word or a stopword) of Arabic letters only, at least
  :data:`MIN_WORD_CHARS` long, found in at most :data:`RARE_DF` articles in
  any variant; Latin words, numbers and markup are never respelled;
* a replacement: an indexed word within one edit (two for words of
  :data:`TWO_EDITS_FROM` letters or more, when none is within one), with the
  same first letter, not a stopword, and in at least :data:`RATIO` times as
  many articles as the word (ranked by edits, then by article count);
* the respelled query, run with the same filters, finds clearly more: at
  least one article when the query found none, otherwise at least
  ``max(RATIO × total, total + MIN_GAIN)``. At most :data:`MAX_TRIES`
  respellings are run (each word's best replacement together first, then
  each word's next ones); the one finding most is offered.

A word of a longer query that no article holds in any variant (``صلاخ`` in
«ليفربول محمد صلاخ») is named to the reader however many articles the other
words find (:func:`unmatched_words`), and respelled as above with only those
words replaced, offered when the respelling finds any article: one suggestion
for the whole query, within the same budget.

The suggestion is the query text with only the respelled words replaced
(:func:`search.request.syntax.respell`), so quotes, ``OR``, exclusions and
prefixes stay as typed. What differs between engines is only where words and
their article counts come from: the engine's :class:`~search.engine.base.Lexicon`
(the Whoosh engine reads its own, the Solr engine asks the cluster's spellchecker
and counts with facets), which also sets the hint's time budget.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from search.engine.base import Engine, Lexicon, SearchRequest
from search.request.deadline import Deadline
from search.request.plan import FEW_HITS, build_plan
from search.request.syntax import ParsedQuery, parse_query, respell
from search.text.analyzers import analyze_word
from search.text.edits import edit_distance

RARE_DF = 3
RATIO = 2
MIN_GAIN = 3
MIN_WORD_CHARS = 3
TWO_EDITS_FROM = 6
CANDIDATES = 3
MAX_TRIES = 4
#: Content words looked up for :func:`unmatched_words` (one count each on Solr).
MAX_CHECKED = 8

ARABIC_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")


def replacements(
    lexicon: Lexicon, exact: str, least_df: int, deadline: Deadline | None = None
) -> list[str]:
    """Indexed spellings of a word, nearest and most frequent first."""
    seen: set[str] = {exact}
    out: list[str] = []
    for edits in (1, 2):
        if edits == 2 and (out or len(exact) < TWO_EDITS_FROM):
            break
        words = []
        for word in lexicon.near(exact, edits, deadline):
            if word in seen or not ARABIC_WORD.fullmatch(word) or word[0] != exact[0]:
                continue
            seen.add(word)
            if edit_distance(exact, word, edits) > edits:
                continue
            if analyze_word(word)[1] is None:
                continue  # a stopword never replaces a word
            words.append(word)
        counts = lexicon.body_frequencies(words) if words else {}
        ranked = sorted((-df, word) for word, df in counts.items() if df >= least_df)
        out += [word for _, word in ranked]
    return out[:CANDIDATES]


def respellable(
    lexicon: Lexicon, parsed: ParsedQuery, deadline: Deadline | None = None
) -> dict[str, list[str]]:
    """Typed token → its replacements, for the words worth respelling."""
    found: dict[str, list[str]] = {}
    for group in parsed.groups:
        for clause in group:
            if clause.prefix:
                continue
            for token in clause.tokens:
                exact, stemmed = analyze_word(token)
                if token in found or not exact or stemmed is None:
                    continue
                if len(exact) < MIN_WORD_CHARS or not ARABIC_WORD.fullmatch(exact):
                    continue
                df = lexicon.frequency(exact, stemmed)
                if df > RARE_DF:
                    continue
                fixes = replacements(lexicon, exact, max(RATIO * df, 1), deadline)
                if fixes:
                    found[token] = fixes
    return found


def needed(total: int) -> int:
    """Hits a respelled query must find to be offered."""
    return 1 if total == 0 else max(RATIO * total, total + MIN_GAIN)


def respelled_totals(
    count: Callable[[SearchRequest], int], request: SearchRequest, budget: Deadline
) -> Callable[[str], int]:
    """``count`` for a query text: parsed and planned as a search is, with the search's
    filters, within ``budget`` (0 once it has passed: a late count never wins)."""

    def total(text: str) -> int:
        if budget.expired():
            return 0
        parsed = parse_query(text)
        return count(SearchRequest(parsed, build_plan(parsed), request.params, budget))

    return total


def unmatched_words(
    lexicon: Lexicon, parsed: ParsedQuery, deadline: Deadline | None = None
) -> tuple[str, ...]:
    """Typed words of the query no article holds in any variant (stopwords, prefixes
    and exclusions aside), in query order; the first :data:`MAX_CHECKED` words."""
    tokens = [t for g in parsed.groups for c in g if not c.prefix for t in c.tokens]
    words: dict[str, tuple[str, str]] = {}
    for token in list(dict.fromkeys(tokens))[:MAX_CHECKED]:
        exact, stemmed = analyze_word(token)
        if exact and stemmed is not None:
            words[token] = (exact, stemmed)
    if not words or (deadline is not None and deadline.expired()):
        return ()
    counts = lexicon.frequencies(list(words.values()))
    return tuple(token for token, df in zip(words, counts, strict=True) if df == 0)


def suggest_query(
    lexicon: Lexicon,
    parsed: ParsedQuery,
    text: str,
    total: int,
    count: Callable[[str], int],
    deadline: Deadline | None = None,
    unmatched: tuple[str, ...] = (),
) -> str | None:
    """A respelling of ``text`` that finds clearly more than its ``total``, or ``None``;
    past :data:`FEW_HITS`, a respelling of its ``unmatched`` words that finds any article.

    ``count`` runs a query text with the search's filters and returns its total.
    """
    options = respellable(lexicon, parsed, deadline) if total <= FEW_HITS or unmatched else {}
    if total > FEW_HITS:
        options = {token: fixes for token, fixes in options.items() if token in unmatched}
    if not options:
        return None
    tries = [{token: fixes[0] for token, fixes in options.items()}]
    for token, fixes in options.items():
        tries += [{**tries[0], token: fix} for fix in fixes[1:]]
    best, best_total = None, (needed(total) if total <= FEW_HITS else 1) - 1
    for fixes in tries[:MAX_TRIES]:
        respelled = respell(text, fixes)
        found = count(respelled)
        if found > best_total and respelled != text:
            best, best_total = respelled, found
    return best


@dataclass(frozen=True)
class Hint:
    """What the reader is told about the words typed: those no article holds, and one
    respelling of the whole query (or ``None``)."""

    unmatched: tuple[str, ...] = ()
    suggestion: str | None = None


def suggest(engine: Engine, request: SearchRequest, total: int) -> Hint:
    """The engine's words and counts, one version for the whole call, within the
    lexicon's budget: a hint must not cost more than the search, so scan and respelled
    counts share one budget, and a count cut short counts what it found.

    Past :data:`FEW_HITS`, only a query of two words or more is looked at (one word
    that matched nothing finds nothing)."""
    content = [c for g in request.parsed.groups for c in g if not c.prefix]
    if total > FEW_HITS and sum(len(c.tokens) for c in content) < 2:
        return Hint()
    lexicon = engine.lexicon()
    budget = Deadline(lexicon.time_limit_ms)
    unmatched = unmatched_words(lexicon, request.parsed, budget)
    if total > FEW_HITS and not unmatched:
        return Hint()
    count_text = respelled_totals(lexicon.count, request, budget)
    suggestion = suggest_query(
        lexicon, request.parsed, request.params.q, total, count_text, budget, unmatched
    )
    return Hint(unmatched, suggestion)
