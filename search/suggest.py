"""'Did you mean': respell words the index does not know.

Only words with no postings in any variant are respelled, each to the most
frequent indexed word within two edits (Whoosh's corrector over the exact
body field), so a correct but unlucky query is never 'corrected'.
"""

from __future__ import annotations

from whoosh.searching import Searcher

from search.analysis import analyze_word
from search.query_syntax import ParsedQuery

MAX_EDITS = 2


def _known(searcher: Searcher, exact: str, stemmed: str | None) -> bool:
    if searcher.doc_frequency("body", exact) or searcher.doc_frequency("title", exact):
        return True
    return bool(stemmed and searcher.doc_frequency("body_stem", stemmed))


def suggest_query(searcher: Searcher, parsed: ParsedQuery) -> str | None:
    """A respelled query, or ``None`` when no word needs (or has) a fix."""
    corrector = searcher.corrector("body")
    changed = False
    words: list[str] = []
    for group in parsed.groups:
        for clause in group:
            for token in clause.tokens:
                exact, stemmed = analyze_word(token)
                if not exact:
                    continue
                if stemmed is None or _known(searcher, exact, stemmed):
                    words.append(exact)
                    continue
                fixes = corrector.suggest(exact, limit=1, maxdist=MAX_EDITS, prefix=1)
                if fixes and fixes[0] != exact:
                    words.append(fixes[0])
                    changed = True
                else:
                    words.append(exact)
    return " ".join(words) if changed else None
