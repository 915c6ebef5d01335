"""Every matching article as rows: CSV for spreadsheets, JSON lines for programs.

Rows come from a walk (:mod:`search.query.walk`), a page at a time, and are
written as they come: an export of a million rows holds one page in memory.

CSV is what a spreadsheet opens correctly: UTF-8 with a byte-order mark (Excel
reads UTF-8 without one as a legacy code page, and Arabic becomes mojibake),
RFC 4180 quoting by Python's :mod:`csv` (CRLF rows; quotes, commas and newlines
inside a cell quoted). Titles are untrusted: a cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is a formula to a spreadsheet, so such a
cell gets a leading apostrophe (OWASP's advice), which the spreadsheet shows and
does not evaluate. JSON lines carry the values untouched.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from search.engine.base import Engine, EngineHit
from search.errors import QueryError
from search.query.labels import source_label
from search.query.walk import EXPORT_PAGE, walk_hits
from search.request.params import SearchParams

#: Columns of an export unless ``fields`` chooses, in this order.
DEFAULT_FIELDS = ("id", "title", "outlet", "date", "url", "actors", "places", "score")
#: Columns one may also ask for: the source's code, the cleaned text.
OPTIONAL_FIELDS = ("source", "text")
ALL_FIELDS = DEFAULT_FIELDS + OPTIONAL_FIELDS
FORMATS = ("csv", "jsonl")
#: What makes a spreadsheet read a cell as a formula (or start a new cell).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
#: Values of one multi-valued cell (actors, places) in CSV.
LIST_SEPARATOR = "; "


def export_fields(fields: str | Sequence[str] | None, with_text: bool = False) -> tuple[str, ...]:
    """The columns asked for (comma-separated or a list), checked; ``text`` added when
    ``with_text``."""
    if fields is None or fields == "" or fields == []:
        chosen = list(DEFAULT_FIELDS)
    else:
        names = fields.split(",") if isinstance(fields, str) else list(fields)
        chosen = [n.strip() for n in names if n.strip()]
        unknown = [n for n in chosen if n not in ALL_FIELDS]
        if unknown or not chosen:
            raise QueryError("fields", f"must be among {', '.join(ALL_FIELDS)}")
    if with_text and "text" not in chosen:
        chosen.append("text")
    return tuple(dict.fromkeys(chosen))


def row(hit: EngineHit, fields: Sequence[str], names: Mapping[str, str]) -> dict[str, Any]:
    """One article's values, by column name."""
    article = hit.article
    values: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "outlet": source_label(article.source, names),
        "source": article.source,
        "date": article.published,
        "url": article.url,
        "actors": list(article.facet_values.get("actors", ())),
        "places": list(article.facet_values.get("places", ())),
        "score": round(hit.score, 4) if hit.score is not None else None,
        "text": hit.body,
    }
    return {name: values[name] for name in fields}


def export_rows(
    engine: Engine,
    params: SearchParams,
    fields: Sequence[str] = DEFAULT_FIELDS,
    page_size: int = EXPORT_PAGE,
) -> Iterator[dict[str, Any]]:
    """Every match once, as rows, in the walk's order (rank, or date with ``sort``)."""
    names = engine.source_names()
    for hit in walk_hits(engine, params, bodies="text" in fields, size=page_size):
        yield row(hit, fields, names)


def safe_cell(value: Any) -> str:
    """A CSV cell: lists joined, nothing for None, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(value)
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_chunks(rows: Iterable[Mapping[str, Any]], fields: Sequence[str]) -> Iterator[str]:
    """The CSV text in pieces: BOM and header first, then one piece per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # RFC 4180: CRLF rows, quotes doubled, minimal quoting
    writer.writerow(fields)
    yield BOM + buffer.getvalue()
    for values in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(values[name]) for name in fields])
        yield buffer.getvalue()


def jsonl_chunks(rows: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """One JSON object a line, values as they are."""
    for values in rows:
        yield json.dumps(values, ensure_ascii=False) + "\n"


def export_chunks(
    engine: Engine, params: SearchParams, fmt: str, fields: Sequence[str]
) -> Iterator[str]:
    """The whole export in ``fmt`` as text pieces."""
    if fmt not in FORMATS:
        raise QueryError("format", f"must be one of {', '.join(FORMATS)}")
    rows = export_rows(engine, params, fields)
    return csv_chunks(rows, fields) if fmt == "csv" else jsonl_chunks(rows)
