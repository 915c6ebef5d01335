"""Tantivy doing the speed bench's work on the same articles (``bench/speed.py``).

Schema: ``id`` (raw), ``title`` and ``body`` (default tokenizer: split on
non-alphanumerics, lower-case; no Arabic normalisation or stemming),
``source`` (raw, fast: the terms aggregation) and ``published`` (date,
indexed and fast: range filters, sorting and month counts). Articles without
a body are skipped, as ``bahth index build --skip-invalid`` does.

Per query: the words are parsed by the index's query parser over title and
body (title boosted 2, as Bahth does), conjunction by default, quoted
phrases kept; filters are ANDed in as term and range queries; top 10 by score
(by ``published``, newest first, without words) with one HTML snippet each
(``SnippetGenerator`` on the body); facet counts of source and month through
``Searcher.aggregate``. Tantivy 0.27's ``date_histogram`` refuses
``calendar_interval``, so months are counted by a ``range`` aggregation with
one bucket per calendar month of the corpus. Counts are disjunctive as in
Bahth: a facet's own filter is left out of its aggregation query. Tantivy has
no actors: actor filters are ignored and there is no actor facet.

Run as a script (``build``), it builds an index and prints JSON; ``speed.py``
runs it as a subprocess to measure time and peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import tantivy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from query_mix import MixQuery, read_jsonl  # noqa: E402

MONTHS_FILE = "months.json"
HEAP_BYTES = 256_000_000
SNIPPET_CHARS = 300
AGG_SOURCE = {"source": {"terms": {"field": "source", "size": 30}}}


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=True)
    builder.add_text_field("body", stored=True)
    builder.add_text_field("source", stored=True, fast=True, tokenizer_name="raw")
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    return builder.build()


def _day(stamp: str) -> dt.datetime | None:
    try:
        day = dt.datetime.fromisoformat(stamp).date()
    except (TypeError, ValueError):
        return None
    return dt.datetime(day.year, day.month, day.day)


def build(corpus: Path, folder: Path, threads: int = 2) -> dict[str, Any]:
    """Index every article with a body; returns the document count."""
    folder.mkdir(parents=True, exist_ok=True)
    index = tantivy.Index(schema(), path=str(folder))
    writer = index.writer(heap_size=HEAP_BYTES, num_threads=threads)
    count, months = 0, set()
    for rec in read_jsonl(corpus):
        body = str(rec.get("text") or "")
        if not body.strip():
            continue
        doc = tantivy.Document(id=str(rec["doc_id"]), title=str(rec.get("title") or ""), body=body)
        if rec.get("source"):
            doc.add_text("source", str(rec["source"]))
        day = _day(str(rec.get("time_iso") or ""))
        if day is not None:
            doc.add_date("published", day)
            months.add(day.strftime("%Y-%m"))
        writer.add_document(doc)
        count += 1
    writer.commit()
    writer.wait_merging_threads()
    (folder / MONTHS_FILE).write_text(json.dumps(sorted(months)), "utf-8")
    return {"documents": count}


def _nanos(year: int, month: int) -> float:
    return dt.datetime(year, month, 1, tzinfo=dt.UTC).timestamp() * 1e9


def _month_agg(months: list[str]) -> dict[str, Any]:
    ranges = []
    for label in months:
        year, month = int(label[:4]), int(label[5:])
        following = (year + month // 12, month % 12 + 1)
        ranges.append({"key": label, "from": _nanos(year, month), "to": _nanos(*following)})
    return {"month": {"range": {"field": "published", "ranges": ranges}}}


class TantivySide:
    """An open tantivy index and the bench's query work on it."""

    def __init__(self, folder: Path) -> None:
        self.index = tantivy.Index.open(str(folder))
        self.index.reload()
        self.searcher = self.index.searcher()
        self.schema = self.index.schema
        months = json.loads((folder / MONTHS_FILE).read_text("utf-8"))
        self.agg_month = _month_agg(months)

    @property
    def doc_count(self) -> int:
        return self.searcher.num_docs

    def _and(self, parts: list[tantivy.Query]) -> tantivy.Query:
        if not parts:
            return tantivy.Query.all_query()
        if len(parts) == 1:
            return parts[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])

    def _filters(self, mq: MixQuery) -> dict[str, tantivy.Query]:
        out = {}
        if mq.sources:
            terms = [tantivy.Query.term_query(self.schema, "source", s) for s in mq.sources]
            out["source"] = (
                terms[0]
                if len(terms) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, t) for t in terms])
            )
        if mq.date_from or mq.date_to:
            start = dt.datetime.fromisoformat(mq.date_from) if mq.date_from else None
            end = dt.datetime.fromisoformat(mq.date_to) if mq.date_to else None
            out["date"] = tantivy.Query.range_query(
                self.schema, "published", tantivy.FieldType.Date, start, end
            )
        return out

    def search(self, mq: MixQuery) -> dict[str, Any]:
        """Top 10 with snippets, total, source and month counts."""
        text = None
        if mq.q:
            text = self.index.parse_query(
                mq.q, ["title", "body"], field_boosts={"title": 2.0}, conjunction_by_default=True
            )
        base = [text] if text is not None else []
        filters = self._filters(mq)
        query = self._and(base + list(filters.values()))
        if text is not None:
            result = self.searcher.search(query, 10, count=True)
        else:
            result = self.searcher.search(query, 10, count=True, order_by_field="published")
        generator = None
        if text is not None:
            generator = tantivy.SnippetGenerator.create(self.searcher, text, self.schema, "body")
            generator.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for _, address in result.hits:
            doc = self.searcher.doc(address)
            body = doc.get_first("body") or ""
            snippet = generator.snippet_from_doc(doc).to_html() if generator else body[:200]
            hits.append(
                {"id": doc.get_first("id"), "title": doc.get_first("title"), "snippet": snippet}
            )
        return {"total": result.count, "hits": hits, "facets": self._facets(base, filters)}

    def _facets(self, base: list[tantivy.Query], filters: dict[str, tantivy.Query]) -> dict:
        """Disjunctive counts: one aggregation per distinct query needed."""
        if not filters:
            return self.searcher.aggregate(self._and(base), {**AGG_SOURCE, **self.agg_month})
        out: dict[str, Any] = {}
        for name, agg in (("source", AGG_SOURCE), ("date", self.agg_month)):
            others = [q for other, q in filters.items() if other != name]
            out.update(self.searcher.aggregate(self._and(base + others), agg))
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["build"])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(build(args.corpus, args.index, args.threads)))


if __name__ == "__main__":
    main()
