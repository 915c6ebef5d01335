"""What the engine searched that differs from what the reader typed, worded as such.

Normalisation (diacritics, alef and teh marbuta forms) never changes what is
searched, so showing its output only reads as a misspelling of the query. A
change is shown only where the search differs from the words typed: a word
respelled to the corpus spelling of a name (``بينج`` → ``بينغ``), or a common
word that is not required (it only adds to the score, :mod:`search.request.plan`).
"""

from __future__ import annotations

from dataclasses import dataclass

from search.request.plan import QueryPlan
from search.request.syntax import ParsedQuery
from search.text.analyzers import analyze_word
from search.text.normalise import normalize_word

RESPELLED = "respelled"
NOT_REQUIRED = "not_required"
#: A word in Latin letters also searched as the Arabic spellings the index holds
#: (:mod:`search.query.latin`); ``searched`` lists them, separated by ``، ``.
TRANSLITERATED = "transliterated"
#: A word in Latin letters searched only as written: the index's Arabic spellings are
#: still being listed (a SolrCloud collection just published, :mod:`search.query.latin`).
LATIN_PENDING = "latin_pending"


@dataclass(frozen=True)
class QueryChange:
    """One difference between the query typed and the search run."""

    kind: str  # RESPELLED, NOT_REQUIRED, TRANSLITERATED or LATIN_PENDING
    typed: str  # the word as typed
    searched: str  # what was searched instead ("" for a word not required)


def query_changes(parsed: ParsedQuery, plan: QueryPlan) -> tuple[QueryChange, ...]:
    """The respellings and the words not required, in query order, each once."""
    changes: list[QueryChange] = []
    clauses = [c for group in parsed.groups for c in group] + list(parsed.excluded)
    for clause in clauses:
        if clause.prefix:
            continue  # a prefix is searched as typed (its words are shown as marks)
        for token in clause.tokens:
            exact = analyze_word(token)[0]
            if exact and exact != normalize_word(token):
                changes.append(QueryChange(RESPELLED, token, exact))
    for group in plan.optional:
        for clause in group:
            changes.append(QueryChange(NOT_REQUIRED, clause.tokens[0], ""))
    return tuple(dict.fromkeys(changes))
