"""Names typed in Latin letters, searched as the Arabic spellings the index holds.

A reporter types ``Putin`` as the wire spells it; the articles write ``بوتين``.
For each word of Latin letters (typed as a plain word, not in quotes), the
packaged transliteration model (:mod:`search.text.latin`) scores the Arabic words
this index version holds under the word's likeliest consonant skeletons, and the
best few become alternatives of the word (an OR in its group), so the Latin word
itself still matches where the corpus prints it. A run of Latin words that is a
Latin name of the names table (``Xi Jinping``) is searched as that name's Arabic
spellings instead, as phrases. Every word so searched is echoed as a
:data:`~search.request.changes.TRANSLITERATED` change; quoting the word
(:func:`as_written`) searches it alone.

A query with no Latin letter costs one regular-expression test. The skeleton
index of a version's words is built once per version (one listing of the
lexicon) and kept; a Latin word then costs a few bucket look-ups and scorings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from search.engine.base import Engine
from search.request.changes import LATIN_PENDING, TRANSLITERATED, QueryChange
from search.request.syntax import Clause, ParsedQuery
from search.text.latin.candidates import SkeletonIndex
from search.text.latin.fold import HAS_LATIN, PARTICLES, fold_latin
from search.text.latin.model import load_model
from search.text.names import load_alias_table
from search.text.normalise import TOKEN_PATTERN, normalize_word

#: Shortest Latin word the model spells (a stray ``q`` would stand for anything; two
#: letters are a name's part often enough: ``Kim Jong Un``, ``Xi``).
MIN_LATIN = 2
#: Longest run of Latin words looked up in the names table.
LONGEST_NAME = 4
_ARABIC = re.compile("[\u0600-\u06ff]")
#: Latin articles written before a name (``al-Assad``): Arabic joins them to the name,
#: whose spellings with ``ال`` the candidates already hold, so they are not searched alone.
ARTICLES = frozenset({"al", "el", "ul"})
#: A name ending in ``allah`` (``Nasrallah``, ``Abdullah``) is written as two words in
#: Arabic too: its first part's spellings, then ``الله``.
_ALLAH = re.compile("(?:a|u|o|e)?llah$")
#: The part of a search's time limit a Latin query may wait for candidates being listed.
WAIT_SHARE = 0.5


@dataclass(frozen=True)
class LatinRewrite:
    """The query as searched (Latin words with their Arabic alternatives) and the
    changes to echo."""

    parsed: ParsedQuery
    changes: tuple[QueryChange, ...] = ()

    @property
    def typed(self) -> frozenset[str]:
        return frozenset(t for c in self.changes for t in c.typed.split())


def skeleton_index(engine: Engine, wait_s: float = 0.0) -> SkeletonIndex | None:
    """The version's words by skeleton (the engine keeps them; a Whoosh version saves
    them at build time), or None while the engine is still listing them."""
    return engine.latin_skeletons(wait_s)


@lru_cache(maxsize=1)
def latin_names() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded Latin name (its words) → the Arabic spellings of the names table entry."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for entry in load_alias_table()[1]:
        spellings = tuple(dict.fromkeys([entry.canonical, *entry.variants]))
        for name in entry.latin_names:
            words = tuple(fold_latin(w) for w in TOKEN_PATTERN.findall(name))
            if words and all(words):
                table.setdefault(words, spellings)
    return table


def _latin_word(clause: Clause) -> bool:
    """A plain word (no quotes, no ``*``) of Latin letters and no Arabic."""
    return (
        not clause.phrase
        and not clause.prefix
        and len(clause.tokens) == 1
        and bool(HAS_LATIN.search(clause.tokens[0]))
        and not _ARABIC.search(clause.tokens[0])
    )


def _named(groups: list[list[Clause]], start: int) -> tuple[int, tuple[str, ...]]:
    """The longest run of one-word Latin groups from ``start`` that the names table
    knows: its length and the name's Arabic spellings (0, () when none)."""
    words: list[str] = []
    best: tuple[int, tuple[str, ...]] = (0, ())
    for group in groups[start : start + LONGEST_NAME]:
        if len(group) != 1 or not _latin_word(group[0]):
            break
        words.append(fold_latin(group[0].tokens[0]))
        spellings = latin_names().get(tuple(words))
        if spellings:  # a surname typed alone: its one-word spellings (ranked as typed)
            one = tuple(a for a in spellings if len(a.split()) == 1) if len(words) == 1 else ()
            best = (len(words), one or spellings)
    return best


def _clause(spelling: str) -> Clause:
    tokens = tuple(TOKEN_PATTERN.findall(spelling))
    return Clause(tokens, phrase=len(tokens) > 1)


def _latin_text(clause: Clause) -> str | None:
    """The Latin word of a clause to transliterate: a plain Latin word, or the name of
    ``al-Assad`` typed with its article joined (searched with ``ال``)."""
    if _latin_word(clause):
        return clause.tokens[0]
    tokens = clause.tokens
    joined = len(tokens) == 2 and not clause.prefix and fold_latin(tokens[0]) in ARTICLES
    if joined and all(_latin_word(Clause((t,))) for t in tokens):
        return tokens[1]
    return None


def _is_article(groups: list[list[Clause]], at: int) -> bool:
    """``al``/``el`` typed apart before another Latin word."""
    here, after = groups[at], groups[at + 1] if at + 1 < len(groups) else []
    return (
        len(here) == 1
        and _latin_word(here[0])
        and fold_latin(here[0].tokens[0]) in ARTICLES
        and len(after) == 1
        and _latin_word(after[0])
    )


def _spellings(index: SkeletonIndex, latin: str) -> list[str]:
    """The Arabic spellings searched for one folded Latin word: a particle's own
    spelling (``bin`` → ``بن``), else the index's likeliest words, and for a name
    ending in ``allah`` its first part's spellings followed by ``الله``."""
    particle = PARTICLES.get(latin)
    if particle is not None and latin not in ARTICLES:
        return [particle]
    if len(latin) < MIN_LATIN:
        return []
    found = [s.arabic for s in index.spellings(load_model(), latin)]
    stem = _ALLAH.sub("", latin)
    if stem != latin and len(stem) >= 3:
        first = [s.arabic for s in index.spellings(load_model(), stem)]
        found += [f"{a} الله" for a in first if not a.startswith("ال")][:2]
    return found


def transliterate(
    engine: Engine, parsed: ParsedQuery, text: str, limit_ms: float = 0.0
) -> LatinRewrite:
    """``parsed`` with every plain Latin word given its Arabic alternatives; while the
    engine is still listing its candidates (at most :data:`WAIT_SHARE` of ``limit_ms``
    is waited for them), a Latin word is searched as written and echoed as
    :data:`~search.request.changes.LATIN_PENDING`."""
    if not HAS_LATIN.search(text):
        return LatinRewrite(parsed)
    groups: list[list[Clause]] = []
    changes: list[QueryChange] = []
    index: SkeletonIndex | None = None
    asked = False
    at = 0
    while at < len(parsed.groups):
        group = parsed.groups[at]
        length, spellings = _named(parsed.groups, at)
        if length:
            typed = tuple(g[0].tokens[0] for g in parsed.groups[at : at + length])
            groups.append([Clause(typed, phrase=length > 1), *map(_clause, spellings)])
            changes.append(QueryChange(TRANSLITERATED, " ".join(typed), "، ".join(spellings)))
            at += length
            continue
        if _is_article(parsed.groups, at):
            at += 1
            continue
        extended = list(group)
        for clause in group:
            word = _latin_text(clause)
            if word is None:
                continue
            if not asked:
                index, asked = skeleton_index(engine, limit_ms * WAIT_SHARE / 1000), True
            if index is None:
                changes.append(QueryChange(LATIN_PENDING, " ".join(clause.tokens), ""))
                continue
            found = [a for a in _spellings(index, fold_latin(word)) if a != normalize_word(word)]
            if found:
                extended += [_clause(a) for a in found]
                typed = " ".join(clause.tokens)
                changes.append(QueryChange(TRANSLITERATED, typed, "، ".join(found)))
        groups.append(extended)
        at += 1
    if not changes:
        return LatinRewrite(parsed)
    rewritten = ParsedQuery(groups, list(parsed.excluded), parsed.question)
    return LatinRewrite(rewritten, tuple(dict.fromkeys(changes)))


def as_written(text: str, typed: str) -> str:
    """``text`` with the Latin words ``typed`` quoted: searched as written, alone."""
    words = typed.split()
    pattern = r"(?<![\w\"])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![\w\"])"
    return re.sub(pattern, lambda m: f'"{m.group()}"', text, count=1)
