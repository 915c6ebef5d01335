"""Smoke check of the running SolrCloud against Bahth: indexing, matching, highlights, facets.

Run against a cluster started by ``deploy/solr/cluster start``::

    PYTHONPATH=. .venv/bin/python deploy/solr/smoke.py [--solr-url URL] [--collection bahth]

Steps (each prints ``ok``/``FAIL``; the exit code is 1 if any check fails):

1. the collection has 2 shards, every replica active;
2. the five seed articles (``seeds/``, through Bahth's own ``prepare_article``: clean body,
   outlet, date, actors) plus one synthetic article holding ``والعلاقاتُ`` (the seeds have no
   diacritised form) are indexed; seeds without a stated date get a fixed smoke date so the
   month facet has more than one bucket;
3. ``علاقة`` matches ``والعلاقاتُ``; the unified highlighter's marks, taken off the returned
   field, leave the stored original text, and each mark covers exactly a word of it at the
   same offsets; the matched documents are those Bahth's analyzer says contain the stem;
4. JSON facets: a ``{!tag=source}`` filter with ``domain: {excludeTags: source}`` counts every
   outlet, while hits are only the filtered one; a range facet on ``published``, gap ``+1MONTH``;
5. the same on the pre-analysed fields (``body_pre``: Bahth's stems as words; ``body_pa``:
   Solr's PreAnalyzedField with Bahth's tokens and offsets, highlighted on the original);
6. the field analysis API (``/analysis/field``) against Bahth's analyzers on tricky words:
   a table of agreements and disagreements (reported, not failed: see deploy/solr/README.md),
   and token by token over the seed bodies;
7. with ``--failover``: stop the node holding the shard leaders, search (no failure, same
   count) and index while it is down, start it again; both replicas of every shard then hold
   the same documents and the articles sent meanwhile are all found.

Quiet unless something fails: a passing run prints one summary line (checks passed, the
analysis agreement); a failing one, or ``--verbose``, prints every step, table included.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import requests

from search.ingest.articles import prepare_article
from search.ingest.corpus import iter_raw_records
from search.text.analyzers import exact_analyzer, stemmed_analyzer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PRE, POST = "\ue000", "\ue001"  # highlight marks that cannot occur in the text

SMOKE_DOC = {
    "id": "smoke-diacritics",
    "title": "تطوّرُ العلاقاتِ بين البلدين",
    "body": (
        "قال الوزيرُ إنّ التعاونَ والعلاقاتُ الثنائيةَ تشهدُ تطوّراً لافتًا، "
        "وإنّ الـــعلاقة مع بكين مستمرة منذ عام ٢٠٢٤."
    ),
    "source": "بحث (اختبار)",
    "published": "2026-03-15T00:00:00Z",
    "actors": ["بكين"],
    "places": ["بكين"],
}

# Words where Bahth's analysis is easy to get wrong: marks, letter forms, digits, invisible
# characters, clitics, names, radical waw, spelling variants, suffix chains.
TRICKY = [
    "والعلاقاتُ",
    "علاقة",
    "العلاقات",
    "للعلاقات",
    "وعلاقاتها",
    "علاقاتهما",
    "أَعْلَنَ",
    "تطوّراً",
    "لافتًا",
    "الـــصين",
    "إسرائيل",
    "آمال",
    "ٱلرَّحْمَٰنِ",
    "مستشفى",
    "على",
    "إلى",
    "مدرسة",
    "سياسية",
    "٢٠٢٤",
    "۱۴۰۳",
    "کتاب",
    "ایران",
    "می\u200cخواهم",
    "بوتين",
    "وبوتين",
    "لبوتين",
    "البحرين",
    "والبحرين",
    "بكين",
    "وزير",
    "وزيرة",
    "والوزير",
    "وزارة",
    "وقتها",
    "بينج",
    "ترمب",
    "مدارسهم",
    "يحاولون",
    "المعلمين",
    "كتابهما",
    "COVID-19",
    "ﺍﻟﺴﻼﻡ",
    "ﻻ",
    "ہندوستان",
    "ۀ",
    "نے",
    "بوتين\u200eترامب",
    "ذلك",
    "والذي",
]


class Smoke:
    def __init__(self, url: str, collection: str) -> None:
        self.url = url.rstrip("/")
        self.collection = collection
        self.failed = 0
        self.passed = 0
        self.http = requests.Session()

    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f": {detail}" if detail else ""))
        if not ok:
            self.failed += 1
        else:
            self.passed += 1
        return ok

    def get(self, path: str, **params: object) -> dict:
        r = self.http.get(f"{self.url}{path}", params={"wt": "json", **params}, timeout=60)
        r.raise_for_status()
        return r.json()

    def post(self, path: str, body: object, **params: object) -> dict:
        r = self.http.post(
            f"{self.url}{path}", params={"wt": "json", **params}, json=body, timeout=60
        )
        if r.status_code >= 400:
            raise RuntimeError(f"{path}: HTTP {r.status_code}: {r.text[:500]}")
        return r.json()

    def select(self, **params: object) -> dict:
        return self.post(f"/{self.collection}/select", {"params": params})


# ---------------------------------------------------------------------------- helpers


def bahth_tokens(analyzer, text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True, positions=True)]


def pre_analysed(text: str) -> str:
    """Solr's JSON pre-analysed value: the original text and Bahth's stemmed tokens with offsets."""
    tokens = []
    last = -1
    for t in stemmed_analyzer()(text, chars=True, positions=True):
        tokens.append({"t": t.text, "s": t.startchar, "e": t.endchar, "i": max(1, t.pos - last)})
        last = t.pos
    return json.dumps({"v": "1", "str": text, "tokens": tokens}, ensure_ascii=False)


def marked_spans(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove highlight marks; return the plain text and the marked spans' offsets in it."""
    plain, spans, start = [], [], None
    pos = 0
    for ch in marked:
        if ch == PRE:
            start = pos
        elif ch == POST:
            spans.append((start, pos))
        else:
            plain.append(ch)
            pos += 1
    return "".join(plain), spans


def seed_documents() -> list[dict]:
    docs = []
    fallback = [
        dt.date(2026, 1, 10),
        dt.date(2026, 1, 20),
        dt.date(2026, 2, 5),
        dt.date(2026, 3, 1),
    ]
    for n, record in enumerate(iter_raw_records(REPO / "seeds")):
        a = prepare_article(record)
        day = a.published.date if a.published else fallback[n % len(fallback)]
        docs.append(
            {
                "id": a.id,
                "title": a.title,
                "body": a.body,
                "text": a.text,
                "source": a.source.value if a.source else "unknown",
                "published": f"{day.isoformat()}T00:00:00Z",
                "actors": [x.value for x in a.actors],
                "places": [x.value for x in a.actors if x.type in ("country", "place", "city")],
                "agencies": [x.value for x in a.agencies],
                "content_hash": a.content_hash,
                "provenance": json.dumps(a.provenance(), ensure_ascii=False, default=str),
            }
        )
    smoke = dict(SMOKE_DOC, text=SMOKE_DOC["body"])
    docs.append(smoke)
    for d in docs:  # Bahth's own analysis, for the comparison fields
        d["body_pre"] = " ".join(t for t, _, _ in bahth_tokens(stemmed_analyzer(), d["body"]))
        d["body_pa"] = pre_analysed(d["body"])
    return docs


def solr_final_tokens(smoke: Smoke, field_type: str, text: str) -> list[tuple[str, int, int]]:
    resp = smoke.http.post(
        f"{smoke.url}/{smoke.collection}/analysis/field",
        data={"wt": "json", "analysis.fieldtype": field_type, "analysis.fieldvalue": text},
        timeout=60,
    )
    resp.raise_for_status()
    r = resp.json()
    stages = r["analysis"]["field_types"][field_type]["index"]
    last = stages[-1]
    return [(t["text"], t["start"], t["end"]) for t in last]


# ---------------------------------------------------------------------------- steps


def step_cluster(s: Smoke) -> None:
    st = s.get("/admin/collections", action="CLUSTERSTATUS", collection=s.collection)
    coll = st["cluster"]["collections"][s.collection]
    shards = coll["shards"]
    states = [r["state"] for sh in shards.values() for r in sh["replicas"].values()]
    s.check(
        len(shards) == 2 and len(states) == 4 and set(states) == {"active"},
        "collection has 2 shards x 2 replicas, all active",
        f"{len(shards)} shards, replica states {Counter(states)}",
    )


def step_index(s: Smoke, docs: list[dict]) -> None:
    s.post(f"/{s.collection}/update", {"delete": {"query": "*:*"}}, commit="true")
    s.post(f"/{s.collection}/update", docs, commit="true")
    n = s.select(q="*:*", rows=0, defType="lucene")["response"]["numFound"]
    s.check(n == len(docs), f"indexed {len(docs)} documents", f"numFound={n}")
    per_shard = s.select(q="*:*", rows=0, defType="lucene", **{"shards.info": "true"})
    counts = {
        k.split("/")[-2] if "/" in k else k: v.get("numFound")
        for k, v in per_shard["shards.info"].items()
    }
    s.check(
        len(counts) == 2 and all(v > 0 for v in counts.values()),
        "documents spread over both shards",
        str(sorted(counts.values())),
    )


def step_match_and_highlight(s: Smoke, docs: list[dict]) -> None:
    query = "علاقة"
    stem = bahth_tokens(stemmed_analyzer(), query)[0][0]
    expected = {
        d["id"]
        for d in docs
        if any(
            t == stem for t, _, _ in bahth_tokens(stemmed_analyzer(), d["title"] + "\n" + d["body"])
        )
    }
    r = s.select(
        q=query,
        qf="title body",
        fl="id,body",
        rows=50,
        hl="true",
        **{
            "hl.fl": "body",
            "hl.method": "unified",
            "hl.bs.type": "WHOLE",
            "hl.fragsize": 0,
            "hl.tag.pre": PRE,
            "hl.tag.post": POST,
            "hl.maxAnalyzedChars": 1_000_000,
        },
    )
    got = {d["id"] for d in r["response"]["docs"]}
    s.check(
        got == expected,
        f"'{query}' matches the documents Bahth's analyzer says hold '{stem}'",
        f"{len(got)} found, {len(expected)} expected, "
        f"missing {sorted(expected - got)}, extra {sorted(got - expected)}",
    )
    s.check(
        "smoke-diacritics" in got,
        f"'{query}' matches 'والعلاقاتُ' (diacritised, with proclitic and plural)",
    )
    bodies = {d["id"]: d["body"] for d in docs}
    bad = []
    marks = 0
    for doc_id, hl in r["highlighting"].items():
        for marked in hl.get("body", []):
            plain, spans = marked_spans(marked)
            if plain != bodies[doc_id]:
                bad.append(f"{doc_id}: highlighted text is not the stored text")
                continue
            words = {(a, b) for _, a, b in bahth_tokens(exact_analyzer(), plain)}
            for a, b in spans:
                marks += 1
                if (a, b) not in words:
                    bad.append(
                        f"{doc_id}: mark {a}-{b} {plain[a:b]!r} is not one word of the original"
                    )
                elif bahth_tokens(stemmed_analyzer(), plain[a:b])[0][0] != stem:
                    bad.append(f"{doc_id}: mark {plain[a:b]!r} does not stem to {stem}")
    s.check(
        not bad and marks > 0,
        f"{marks} highlight marks sit on whole original words that stem to '{stem}'",
        "; ".join(bad[:5]),
    )
    smoke_hl = r["highlighting"].get("smoke-diacritics", {}).get("body", [""])[0]
    plain, spans = marked_spans(smoke_hl)
    target = "والعلاقاتُ"
    at = SMOKE_DOC["body"].index(target)
    s.check(
        (at, at + len(target)) in spans,
        f"highlight offsets of '{target}' are {at}-{at + len(target)} in the original"
        " (the mark keeps the damma)",
        f"marks {[(a, b, plain[a:b]) for a, b in spans]}",
    )


def step_facets(s: Smoke, docs: list[dict]) -> None:
    sources = Counter(d["source"] for d in docs)
    chosen = sources.most_common()[-1][0]
    r = s.select(
        q="*:*",
        defType="lucene",
        rows=0,
        fq='{!tag=source}source:"' + chosen.replace('"', '\\"') + '"',
        **{
            "json.facet": json.dumps(
                {
                    "source": {
                        "type": "terms",
                        "field": "source",
                        "limit": -1,
                        "domain": {"excludeTags": "source"},
                    },
                    "source_filtered": {"type": "terms", "field": "source", "limit": -1},
                    "actors": {"type": "terms", "field": "actors", "limit": 5},
                },
                ensure_ascii=False,
            )
        },
    )
    got = {b["val"]: b["count"] for b in r["facets"]["source"]["buckets"]}
    s.check(
        got == dict(sources),
        "source facet with excludeTags counts every outlet (disjunctive)",
        f"{got}",
    )
    filtered = {b["val"]: b["count"] for b in r["facets"]["source_filtered"]["buckets"]}
    s.check(
        r["response"]["numFound"] == sources[chosen] and filtered == {chosen: sources[chosen]},
        f"hits and the untagged facet see only the filtered outlet ({chosen})",
        f"numFound={r['response']['numFound']} {filtered}",
    )
    actors = Counter(a for d in docs for a in d["actors"])
    top = {b["val"]: b["count"] for b in r["facets"]["actors"]["buckets"]}
    s.check(
        bool(top) and all(actors[k] >= v for k, v in top.items()),
        "actors facet (multi-valued keyword)",
        f"{top}",
    )

    months = Counter(d["published"][:7] for d in docs)
    r = s.select(
        q="*:*",
        defType="lucene",
        rows=0,
        **{
            "json.facet": json.dumps(
                {
                    "months": {
                        "type": "range",
                        "field": "published",
                        "start": "2025-12-01T00:00:00Z",
                        "end": "2026-06-01T00:00:00Z",
                        "gap": "+1MONTH",
                    },
                }
            )
        },
    )
    got = {b["val"][:7]: b["count"] for b in r["facets"]["months"]["buckets"] if b["count"]}
    s.check(
        got == dict(months), "range facet on published, gap +1MONTH", f"{dict(sorted(got.items()))}"
    )


def step_pre_analysed(s: Smoke, docs: list[dict]) -> None:
    stem = bahth_tokens(stemmed_analyzer(), "علاقة")[0][0]
    expected = {d["id"] for d in docs if stem in d["body_pre"].split()}
    r = s.select(q=f"body_pre:{stem}", defType="lucene", fl="id", rows=50)
    got = {d["id"] for d in r["response"]["docs"]}
    s.check(
        got == expected,
        "body_pre (Bahth's stems sent from Python) matches the same documents",
        f"{len(got)}/{len(expected)}",
    )
    r = s.select(
        q=f"body_pa:{stem}",
        defType="lucene",
        fl="id",
        rows=50,
        hl="true",
        **{
            "hl.fl": "body_pa",
            "hl.method": "unified",
            "hl.bs.type": "WHOLE",
            "hl.fragsize": 0,
            "hl.tag.pre": PRE,
            "hl.tag.post": POST,
        },
    )
    got = {d["id"] for d in r["response"]["docs"]}
    s.check(
        got == expected,
        "body_pa (PreAnalyzedField, Bahth's tokens) matches the same documents",
        f"{len(got)}/{len(expected)}",
    )
    marked = r["highlighting"].get("smoke-diacritics", {}).get("body_pa", [""])[0]
    plain, spans = marked_spans(marked)
    target = "والعلاقاتُ"
    at = SMOKE_DOC["body"].index(target)
    s.check(
        plain == SMOKE_DOC["body"] and (at, at + len(target)) in spans,
        "body_pa highlights the original text at Bahth's offsets",
        f"{[(a, b, plain[a:b]) for a, b in spans]}",
    )


def step_analysis(s: Smoke, words: list[str]) -> tuple[int, int]:
    print("\nanalysis: Solr configset vs Bahth (search.text.analyzers), final terms")
    print(
        f"{'word':<22} {'exact: bahth':<22} {'solr':<22} {'stemmed: bahth':<22} {'solr':<22} agree"
    )
    agree = 0
    for w in words:
        b_ex = [t for t, _, _ in bahth_tokens(exact_analyzer(), w)]
        b_st = [t for t, _, _ in bahth_tokens(stemmed_analyzer(), w)]
        s_ex = [t for t, _, _ in solr_final_tokens(s, "text_ar_exact", w)]
        s_st = [t for t, _, _ in solr_final_tokens(s, "text_ar", w)]
        ok = b_ex == s_ex and b_st == s_st
        agree += ok
        shown = "".join(c if unicodedata.category(c)[0] != "C" else f"<U+{ord(c):04X}>" for c in w)
        print(
            f"{shown:<22} {' '.join(b_ex):<22} {' '.join(s_ex):<22} "
            f"{' '.join(b_st):<22} {' '.join(s_st):<22} {'yes' if ok else 'NO'}"
        )
    print(f"analysis agreement: {agree}/{len(words)} words")
    return agree, len(words)


def step_corpus_agreement(s: Smoke, docs: list[dict]) -> None:
    """Token by token over the seed bodies: terms and offsets of both analyses."""
    same_ex = same_st = total_ex = total_st = 0
    diffs: Counter = Counter()
    for d in docs:
        text = d["title"] + "\n" + d["body"]
        for analyzer, ftype, counter in (
            (exact_analyzer(), "text_ar_exact", "ex"),
            (stemmed_analyzer(), "text_ar", "st"),
        ):
            ours = bahth_tokens(analyzer, text)
            theirs = solr_final_tokens(s, ftype, text)
            pos = {(a, b): t for t, a, b in theirs}
            for t, a, b in ours:
                hit = pos.get((a, b)) == t
                if counter == "ex":
                    total_ex += 1
                    same_ex += hit
                else:
                    total_st += 1
                    same_st += hit
                    if not hit:
                        diffs[(text[a:b], t, pos.get((a, b)))] += 1
            if counter == "st":
                extra = len(theirs) - len(ours)
                if extra:
                    diffs[("<token count>", str(len(ours)), str(len(theirs)))] += 1
    print(
        "\nseed bodies, token by token (same term at the same offsets): "
        f"exact {same_ex}/{total_ex}, "
        f"stemmed {same_st}/{total_st} ({100 * same_st / max(1, total_st):.1f}%)"
    )
    for (word, ours, theirs), n in diffs.most_common(12):
        print(f"  {n:3d}x {word}: bahth {ours}  solr {theirs}")


def replica_doc_counts(node_urls: list[str], collection: str) -> dict[str, list[int]]:
    """numDocs of every core of the collection, by shard, read from each node directly."""
    by_shard: dict[str, list[int]] = {}
    for url in node_urls:
        r = requests.get(
            f"{url}/admin/cores", params={"action": "STATUS", "wt": "json"}, timeout=30
        ).json()
        for core, st in r["status"].items():
            if core.startswith(collection + "_shard"):
                shard = core[len(collection) + 1 :].split("_")[0]
                by_shard.setdefault(shard, []).append(st["index"]["numDocs"])
    return by_shard


def step_failover(s: Smoke, state_path: Path, queries: int = 40) -> None:
    """Stop a node, keep searching and indexing, start it again: nothing fails or is lost."""
    state = json.loads(state_path.read_text())
    control = state["control"]
    nodes = state["nodes"]
    # Stop the node holding the most shard leaders: the harder case (leader election).
    leaders = Counter(r["node"] for sh in state["shards"] for r in sh["replicas"] if r["leader"])
    victim = max(
        nodes, key=lambda n: leaders.get(n["url"].split("//")[1].replace("/solr", "_solr"), 0)
    )
    other = next(n for n in nodes if n["index"] != victim["index"])
    before = s.select(q="علاقة", rows=0)["response"]["numFound"]
    total_before = s.select(q="*:*", defType="lucene", rows=0)["response"]["numFound"]
    r = requests.post(f"{control}/nodes/stop", params={"i": victim["index"]}, timeout=180).json()
    s.check(
        r.get("ok") and r["status"]["health"] == "degraded",
        f"stop node {victim['index']}: collection degraded, every shard led",
        r.get("message", r.get("error", "")) + f", health {r.get('status', {}).get('health')}",
    )
    s.url = other["url"]
    errors, wrong = 0, 0
    for _ in range(queries):
        try:
            n = s.select(q="علاقة", rows=0)["response"]["numFound"]
            wrong += n != before
        except Exception:  # noqa: BLE001 - counted, reported below
            errors += 1
    s.check(
        errors == 0 and wrong == 0,
        f"{queries} searches while node {victim['index']} is down: no failure, same count",
        f"{errors} errors, {wrong} wrong counts (expected {before})",
    )
    new = [
        {
            "id": f"failover-{k}",
            "title": "اختبار",
            "body": f"وثيقة رقم {k} أرسلت أثناء توقف العقدة",
            "source": "بحث (اختبار)",
        }
        for k in range(20)
    ]
    s.post(f"/{s.collection}/update", new, commit="true")
    r = requests.post(f"{control}/nodes/start", params={"i": victim["index"]}, timeout=300).json()
    s.check(
        r.get("ok") and r["status"]["health"] == "healthy",
        f"start node {victim['index']}: every replica active again",
        r.get("message", r.get("error", "")),
    )
    counts = replica_doc_counts([n["url"] for n in nodes], s.collection)
    s.check(
        all(len(set(v)) == 1 and len(v) == 2 for v in counts.values()),
        "both replicas of each shard hold the same documents after recovery",
        str(counts),
    )
    s.url = victim["url"]
    total = s.select(q="*:*", defType="lucene", rows=0)["response"]["numFound"]
    s.check(
        total == total_before + len(new),
        f"all {len(new)} articles sent while the node was down are searchable through it",
        f"{total} = {total_before} + {total - total_before}",
    )
    s.post(f"/{s.collection}/update", {"delete": {"query": "id:failover-*"}}, commit="true")


def state_file() -> Path:
    return Path(os.environ.get("BAHTH_SOLR_RUN_DIR", HERE / "run")) / "state.json"


def solr_url_from_state(args: argparse.Namespace) -> str:
    if args.solr_url:
        return args.solr_url
    if os.environ.get("BAHTH_SOLR_URL"):
        return os.environ["BAHTH_SOLR_URL"]
    state = state_file()
    if not state.exists():
        raise SystemExit(
            f"no --solr-url, no BAHTH_SOLR_URL and no {state}: start the cluster first"
        )
    nodes = [n for n in json.loads(state.read_text())["nodes"] if n["running"]]
    return nodes[0]["url"]


def main() -> int:
    ap = argparse.ArgumentParser(description="Smoke check of the Bahth SolrCloud")
    ap.add_argument("--solr-url", help="a node's URL, e.g. http://127.0.0.1:8983/solr")
    ap.add_argument("--collection", default=os.environ.get("BAHTH_SOLR_COLLECTION", "bahth"))
    ap.add_argument(
        "--strict-analysis", action="store_true", help="fail on any analysis disagreement"
    )
    ap.add_argument(
        "--failover",
        action="store_true",
        help="also stop a node, search and index, start it again (cluster control channel)",
    )
    ap.add_argument("--verbose", action="store_true", help="print every step, even when all pass")
    args = ap.parse_args()
    s = Smoke(solr_url_from_state(args), args.collection)
    report = io.StringIO()
    try:
        with contextlib.redirect_stdout(report):
            agree, total = run_steps(s, args)
    except BaseException:
        print(report.getvalue(), end="")
        raise
    print(outcome(s.passed, s.failed, agree, total, report.getvalue(), args.verbose), end="")
    return 1 if s.failed else 0


def outcome(passed: int, failed: int, agree: int, total: int, steps: str, verbose: bool) -> str:
    """What the run prints: one line when every check passed (CI's log stays readable),
    every step and the analysis table when one failed or ``--verbose`` asks."""
    if failed or verbose:
        return f"{steps}\nsmoke: {failed} failed\n"
    return (
        f"solr smoke: {passed} checks passed; analysis agreement {agree}/{total} tricky words "
        "(Solr's stock filters, reported not failed: --verbose prints the table)\n"
    )


def run_steps(s: Smoke, args: argparse.Namespace) -> tuple[int, int]:
    """Every step in order; the analysis agreement (words agreeing, words compared)."""
    print(f"solr {s.url} collection {s.collection}")
    docs = seed_documents()
    step_cluster(s)
    step_index(s, docs)
    step_match_and_highlight(s, docs)
    step_facets(s, docs)
    step_pre_analysed(s, docs)
    agree, total = step_analysis(s, TRICKY)
    step_corpus_agreement(s, docs)
    if args.failover:
        step_failover(s, state_file())
    if args.strict_analysis:
        s.check(agree == total, "every tricky word analysed as Bahth does")
    return agree, total


if __name__ == "__main__":
    sys.exit(main())
