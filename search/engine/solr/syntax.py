"""The one way a value enters Solr's query syntax: every special character escaped.

Bahth writes Lucene syntax around values it does not control: filter values
typed in a URL (``source=…``), a facet's selected values in ``json.facet``,
words of the query and of highlight queries, a prefix's letters. Each goes
through :func:`escaped` (or :func:`quoted`, the same inside a phrase), which puts
a backslash before every character Lucene or Solr gives a meaning to, so a
value is only ever a value: ``x) OR *:* OR (y`` is a term, ``{!join …}`` is not
a local-parameters prefix, ``${fq}`` is not a macro. (Macro expansion is also
off on every request, :mod:`search.store.solr_client`; the escaping does not
rely on it.) The query parser removes the backslashes again, inside a phrase
too, so the value analysed and matched is the one given.

Raw values handed to parsers that read no syntax (``{!term}``, ``{!terms}``,
``spellcheck.q``) travel as request parameters named with ``v=$name``; those are
not escaped, as the parser would keep the backslashes.
"""

from __future__ import annotations

#: Characters the standard, Lucene and local-parameters parsers give a meaning to
#: (``$`` starts a macro or parameter reference, ``/`` a regular expression).
SPECIAL = frozenset('\\+-&|!(){}[]^"~*?:/$ \t\n\r\f\v')


def escaped(text: str) -> str:
    """``text`` as one literal term of the Lucene syntax (whitespace escaped too)."""
    return "".join("\\" + c if c in SPECIAL or c.isspace() else c for c in text)


def quoted(text: str) -> str:
    """``text`` as a phrase literal, its special characters escaped within the quotes."""
    return '"' + escaped(text) + '"'


#: Between the values of a ``{!terms}`` list. Solr splits a list on a one-character
#: separator while reading quotes and backslashes in the values (a value starting
#: with ``"`` would swallow the separators after it); on a longer one it splits
#: plainly. No indexed value holds two unit separators.
TERMS_SEPARATOR = "\x1f\x1f"


def terms_list(values: list[str] | tuple[str, ...]) -> str:
    """Values as one ``{!terms}`` list (``separator=`` :data:`TERMS_SEPARATOR`), as they are."""
    return TERMS_SEPARATOR.join(values)
