"""A planned query (:mod:`search.request.plan`) as Lucene syntax Solr parses with ``{!lucene}``.

The same matching as the Whoosh engine: a word matches its exact form in the
title or body, or its stem; a phrase matches its exact words in order; a
prefix matches the words it starts; ``-word`` excludes; ``OR`` joins clauses
of one group; groups are all required up to three, and beyond that at least
:meth:`QueryPlan.required_count` of them must match. Lucene's query syntax has
no "at least k of these sub-queries", so that count is a filter,
``{!frange}`` over the sum of one indicator per group. As in Whoosh, when the
required groups match nothing, any group will do (:func:`loose`).

A prefix names the words it stands for (:mod:`search.engine.solr.prefix_terms`,
the Whoosh engine's rule), as a ``{!terms}`` set per field whose list is a
request parameter (no clause limit, no escaping); unexpanded, it is Solr's
wildcard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from search.engine.solr.fields import Analysis
from search.engine.solr.prefix_terms import Expansion
from search.engine.solr.syntax import TERMS_SEPARATOR, escaped, quoted, terms_list
from search.request.plan import QueryPlan
from search.request.syntax import Clause
from search.store.expansions import root_key
from search.text.analyzers import analyze_word

# The Whoosh engine's weights (engine/whoosh/bm25_weights.py), kept apart on purpose:
# ranking is each engine's own, matching is what must agree.
TITLE_BOOST = 2.0
EXACT_BOOST = 0.3
STEM_BOOST = 1.0
#: Other inflections of a long query's word (same root key) add score, never match.
EXPANSION_BOOST = 0.5
MAX_EXPANSIONS = 8
MATCH_NOTHING = "(-*:*)"


def _boosted(fieldname: str, literal: str, boost: float) -> str:
    return f"{fieldname}:{literal}^{boost:g}"


def _terms_set(fieldname: str, words: tuple[str, ...], boost: float, params: dict) -> str:
    """A ``{!terms}`` clause matching any of ``words`` (passed as parameter ``pN``)."""
    key = f"p{len(params)}"
    params[key] = terms_list(words)
    params["tsep"] = TERMS_SEPARATOR
    return f"{{!terms f={fieldname} separator=$tsep v=${key}}}^{boost:g}"


def _prefix_query(
    analysed: tuple[str | None, str | None],
    fields: Analysis,
    expanded: Expansion | None,
    params: dict[str, str],
) -> str:
    exact, stemmed = analysed
    if not exact:
        return MATCH_NOTHING
    variants = (
        (fields.title_exact, TITLE_BOOST * EXACT_BOOST, exact),
        (fields.body_exact, EXACT_BOOST, exact),
        (fields.title_stem, TITLE_BOOST * STEM_BOOST, stemmed),
        (fields.body_stem, STEM_BOOST, stemmed),
    )
    parts: list[str] = []
    for name, boost, form in variants:
        if expanded is None and form:
            # Wildcards skip most of the query analyzer: the forms are always Python's.
            parts.append(_boosted(name, escaped(form) + "*", boost))
        elif expanded is not None and expanded.get(name):
            parts.append(_terms_set(name, expanded[name], boost, params))
    return "(" + " OR ".join(parts) + ")" if parts else MATCH_NOTHING


def clause_query(
    clause: Clause,
    fields: Analysis,
    expanded: Expansion | None = None,
    params: dict[str, str] | None = None,
) -> str:
    """One clause over the four variant fields; :data:`MATCH_NOTHING` if nothing is left.

    ``expanded`` is what a prefix clause stands for (``None``: a wildcard), and
    ``params`` collects the parameters the query refers to."""
    analysed = [analyze_word(t) for t in clause.tokens]
    parts: list[str] = []
    if clause.prefix:
        return _prefix_query(analysed[0], fields, expanded, {} if params is None else params)
    if clause.phrase:
        if fields.pre_analysed:
            words = [e for e, _ in analysed if e]
            text = " ".join(words)
        else:
            words = [t for t, (e, _) in zip(clause.tokens, analysed, strict=True) if e]
            text = " ".join(words)
        if not words:
            return MATCH_NOTHING
        for name, boost in ((fields.title_exact, TITLE_BOOST), (fields.body_exact, 1.0)):
            parts.append(_boosted(name, quoted(text), boost * EXACT_BOOST))
        return "(" + " OR ".join(parts) + ")"
    exact, stemmed = analysed[0]
    if not exact:
        return MATCH_NOTHING
    typed = clause.tokens[0]
    for name, boost in ((fields.title_exact, TITLE_BOOST), (fields.body_exact, 1.0)):
        parts.append(
            _boosted(name, quoted(exact if fields.pre_analysed else typed), boost * EXACT_BOOST)
        )
    if stemmed:
        for name, boost in ((fields.title_stem, TITLE_BOOST), (fields.body_stem, 1.0)):
            term = stemmed if fields.pre_analysed else typed
            parts.append(_boosted(name, quoted(term), boost * STEM_BOOST))
    return "(" + " OR ".join(parts) + ")"


#: A prefix token → the words it stands for per field (missing or ``None``: a wildcard).
Prefixes = Mapping[str, Expansion | None]


def group_query(
    group: list[Clause], fields: Analysis, prefixes: Prefixes, params: dict[str, str]
) -> str:
    """OR within a group."""
    parts = [clause_query(c, fields, _expanded(c, prefixes), params) for c in group]
    return "(" + " OR ".join(parts) + ")"


def _expanded(clause: Clause, prefixes: Prefixes) -> Expansion | None:
    return prefixes.get(clause.tokens[0]) if clause.prefix else None


@dataclass
class SolrQuery:
    """``q`` (what matches and scores), extra filters, and parameters they refer to."""

    q: str
    filters: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    scored: bool = True


def inflection_bonus(clause: Clause, fields: Analysis, inflections: Mapping[str, list[str]]) -> str:
    """Optional clauses scoring a word's other inflections in the stemmed body (the
    Whoosh engine's root-key expansion); empty for a phrase, a prefix or a lone stem."""
    if clause.phrase or clause.prefix:
        return ""
    stemmed = analyze_word(clause.tokens[0])[1]
    if not stemmed:
        return ""
    related = [t for t in inflections.get(root_key(stemmed), []) if t != stemmed]
    return " ".join(
        _boosted(fields.body_stem, quoted(t), EXPANSION_BOOST) for t in related[:MAX_EXPANSIONS]
    )


def translate(
    plan: QueryPlan,
    fields: Analysis,
    strict: bool = True,
    prefixes: Prefixes | None = None,
    inflections: Mapping[str, list[str]] | None = None,
) -> SolrQuery:
    """The plan as Solr parameters; ``strict=False`` is the any-group fallback;
    ``inflections`` (root key → stems) adds a long query's inflection scores."""
    prefixes = prefixes or {}
    query = SolrQuery("")
    params = query.params
    excluded = [
        f"-{clause_query(c, fields, _expanded(c, prefixes), params)}" for c in plan.excluded
    ]
    if plan.is_empty:
        query.q, query.scored = " ".join(["*:*", *excluded]), False
        return query
    groups = [group_query(g, fields, prefixes, params) for g in plan.content]
    optional = [group_query(g, fields, prefixes, params) for g in plan.optional]
    required = plan.required_count() if strict else 1
    if required >= len(groups):
        must = [f"+{g}" for g in groups]
    else:
        must = ["+(" + " ".join(groups) + ")"]
        if required > 1:
            names = []
            for i, g in enumerate(groups):
                query.params[f"g{i}"] = "{!lucene q.op=OR}" + g
                names.append(f"if(exists(query($g{i})),1,0)")
            query.filters.append(f"{{!frange l={required} cache=false}}sum({','.join(names)})")
    bonus = []
    if inflections and not plan.all_required:
        clauses = [c for group in plan.content for c in group]
        bonus = [b for c in clauses if (b := inflection_bonus(c, fields, inflections))]
    query.q = " ".join(must + optional + bonus + excluded)
    return query


def loose_differs(plan: QueryPlan) -> bool:
    """Whether the fallback (any group) would match more than the plan."""
    return not plan.is_empty and plan.required_count() > 1
