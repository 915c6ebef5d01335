"""Engines the contract tests run on, each with its writer, over one small corpus.

An engine joins the contract by adding an entry to :data:`ENGINES`: a function
that writes a corpus with the engine's own writer and returns the engine.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from search.cli.main import main
from search.engine import open_engine
from search.engine.base import Engine
from search.engine.whoosh.engine import WhooshEngine
from search.errors import BahthError
from search.index.writer_seam import BuildOptions
from search.index.writers import open_writer
from search.store.solr_client import SolrClient, SolrUnavailableError, solr_urls

#: Eight articles: diacritics and clitics, a phrase and its words apart, three
#: sources (one named by its records), two months, one undated, actors on some.
CORPUS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "title": "العلاقاتُ الصينية الروسية",
        "source": "كونا",
        "published": "2026-01-10",
        "actors": ["شي جين بينغ", "روسيا"],
        "body": "أكد الرئيس شي جين بينغ أن والعلاقاتُ بين البلدين قوية ومتينة.",
    },
    {
        "id": "a2",
        "title": "قمة في موسكو",
        "source": "كونا",
        "published": "2026-01-20",
        "actors": ["روسيا"],
        "body": "وصل الوفد إلى موسكو لبحث التعاون الاقتصادي والعلاقة التجارية.",
    },
    {
        "id": "a3",
        "title": "شي يزور الكويت",
        "source": "سبوتنيك",
        "source_name": "سبوتنيك عربي",  # declared on one article, the source's name on all
        "published": "2026-02-04",
        "actors": ["شي جين بينغ"],
        "body": "قال جين إن شي سيزور الكويت الشهر المقبل في زيارة رسمية.",
    },
    {
        "id": "a4",
        "title": "أسعار النفط",
        "source": "سبوتنيك",
        "published": "2026-02-11",
        "body": "ارتفعت أسعار النفط في الأسواق العالمية اليوم بعد قرار أوبك.",
    },
    {
        "id": "a5",
        "title": "الطاقة المتجددة",
        "source": "الأهرام",
        "published": "2026-02-15",
        "body": "تتوسع مشاريع الطاقة الشمسية في مصر والكويت بسرعة كبيرة.",
    },
    {
        "id": "a6",
        "title": "بيان وزارة الخارجية",
        "source": "الأهرام",
        "body": "أصدرت وزارة الخارجية بيانا عن العلاقات مع روسيا والصين.",
    },
    {
        "id": "a7",
        "title": "مباراة كرة القدم",
        "source": "الأهرام",
        "published": "2026-01-05",
        "body": "فاز الفريق في المباراة النهائية أمام جمهور كبير.",
    },
    {
        "id": "a8",
        "title": "تقرير اقتصادي",
        "source": "كونا",
        "published": "2026-02-28",
        "body": "يتناول التقرير النفط والطاقة والتجارة بين الكويت وروسيا.",
    },
]


def write_corpus(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def cli_built_index(folder: Path, records: list[dict[str, Any]]) -> Path:
    """A Whoosh index of ``records`` built as a reader would, with ``bahth index build``."""
    corpus = write_corpus(folder / "corpus.jsonl", records)
    index = folder / "index"
    built = CliRunner().invoke(
        main, ["index", "build", "--corpus", str(corpus), "--index", str(index), "--silent"]
    )
    assert built.exit_code == 0, built.output
    return index


def whoosh_engine(folder: Path, records: list[dict[str, Any]], update: bool) -> Engine:
    root = folder / "index"
    writer = open_writer("whoosh", root)
    corpus = write_corpus(folder / "corpus.jsonl", records)
    (writer.update if update else writer.build)(corpus, BuildOptions(workers=1))
    return WhooshEngine(root)


def solr_reachable() -> str | None:
    """Why the Solr contract cannot run here, or ``None`` when a cluster answers.

    Locally, no cluster means the Solr half is skipped with that reason; in CI
    (``BAHTH_REQUIRE_SOLR=1``, set by ``.ci/run`` after starting the cluster) it fails.
    """
    try:
        SolrClient(solr_urls(), timeout=5, retries=1).aliases()
    except (SolrUnavailableError, BahthError) as error:
        if os.environ.get("BAHTH_REQUIRE_SOLR") == "1":
            pytest.fail(f"BAHTH_REQUIRE_SOLR=1 but {error}")
        return f"no SolrCloud reachable ({error}); start one with deploy/solr/cluster start"
    return None


_MADE: set[str] = set()


def drop_solr_aliases() -> None:
    """Delete the contract's aliases and their collections (a CI cluster is one JVM:
    collections left from every test would pile up as cores)."""
    client = SolrClient(solr_urls(), timeout=60, retries=1)
    for alias in sorted(_MADE):
        try:
            target = client.aliases().get(alias)
            client.collections("DELETEALIAS", name=alias)
            if target:
                client.collections("DELETE", name=target)
        except BahthError:
            return  # the cluster is gone already
    _MADE.clear()


def solr_engine(folder: Path, records: list[dict[str, Any]], update: bool) -> Engine:
    """A collection per test folder (an alias named after it), written by ``SolrWriter``."""
    reason = solr_reachable()
    if reason:
        pytest.skip(reason)
    alias = "contract_" + hashlib.sha1(str(folder).encode()).hexdigest()[:10]
    if not _MADE:
        atexit.register(drop_solr_aliases)
    _MADE.add(alias)
    writer = open_writer("solr", collection=alias)
    corpus = write_corpus(folder / "corpus.jsonl", records)
    (writer.update if update else writer.build)(corpus, BuildOptions(workers=1))
    return open_engine("solr", collection=alias)


#: name → write(folder, records, update) → engine serving exactly ``records``
ENGINES: dict[str, Callable[[Path, list[dict[str, Any]], bool], Engine]] = {
    "whoosh": whoosh_engine,
    "solr": solr_engine,
}
