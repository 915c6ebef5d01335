"""Fixtures of the web tests: small built indexes, the app, a live server, a browser.

Registered with ``pytest_plugins = ["tests.web_conftest"]`` by the web test
modules. The seed index has no sources, dates or actors yet, so facets and
the histogram are tested on ``NEWS``: twelve articles, three sources, three
months.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import waitress
from flask import Flask
from flask.testing import FlaskClient
from waitress import wasyncore

from search.index.build import build_index
from web import create_app

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

PUTIN, XI, TRUMP = "فلاديمير بوتين", "شي جين بينغ", "دونالد ترامب"
AHRAM, JAZEERA, SPUTNIK = "الأهرام", "الجزيرة", "سبوتنيك"


def _article(n: int, source: str, day: str, actors: list[str], title: str, body: str) -> dict:
    return {
        "id": f"news-{n:02d}",
        "title": title,
        "body": body,
        "source": source,
        "published": day,
        "actors": actors,
    }


NEWS: list[dict[str, Any]] = [
    _article(1, AHRAM, "2025-12-03", [PUTIN], "بوتين يستقبل وفدا صينيا في موسكو",
             "استقبل الرئيس الروسي فلاديمير بوتين وفدا صينيا رفيعا في الكرملين لبحث التعاون."),
    _article(2, JAZEERA, "2025-12-15", [PUTIN, XI], "قمة روسية صينية في بكين",
             "التقى الرئيس الروسي بوتين بالرئيس الصيني شي جين بينغ في بكين لبحث العلاقات."),
    _article(3, SPUTNIK, "2025-12-28", [XI], "الصين تعلن خطة اقتصادية جديدة",
             "أعلن الرئيس الصيني شي جين بينغ خطة لتعزيز النمو الاقتصادي في العام الجديد."),
    _article(4, AHRAM, "2026-01-05", [TRUMP], "ترامب يتحدث عن التجارة مع الصين",
             "قال الرئيس الأمريكي دونالد ترامب إن التجارة مع الصين تحتاج إلى توازن جديد."),
    _article(5, JAZEERA, "2026-01-11", [PUTIN, TRUMP], "اتصال هاتفي بين بوتين وترامب",
             "جرى اتصال هاتفي بين الرئيس الروسي بوتين والرئيس الأمريكي ترامب حول الأمن."),
    _article(6, SPUTNIK, "2026-01-19", [PUTIN], "بوتين: العلاقات مع الصين في أفضل حالاتها",
             "صرح الرئيس بوتين بأن العلاقات الروسية الصينية تمر بأفضل مراحلها التاريخية."),
    _article(7, AHRAM, "2026-01-27", [XI], "شي جين بينغ يزور القاهرة",
             "وصل الرئيس الصيني شي جين بينغ إلى القاهرة في زيارة رسمية تستمر يومين."),
    _article(8, JAZEERA, "2026-02-02", [PUTIN, XI], "بكين وموسكو توقعان اتفاقية للطاقة",
             "وقعت روسيا والصين اتفاقية للطاقة بحضور بوتين وشي جين بينغ عبر الفيديو."),
    _article(9, SPUTNIK, "2026-02-04", [PUTIN], "بوتين يهنئ الشعب الصيني بالعام الجديد",
             "بعث الرئيس الروسي فلاديمير بوتين برقية تهنئة إلى الشعب الصيني بعيد الربيع."),
    _article(10, AHRAM, "2026-02-14", [TRUMP], "ترامب يفرض رسوما جمركية جديدة",
             "فرض الرئيس الأمريكي ترامب رسوما جمركية جديدة على واردات من عدة دول."),
    _article(11, JAZEERA, "2026-02-20", [XI, TRUMP], "لقاء مرتقب بين شي وترامب",
             "يستعد الرئيس الصيني شي جين بينغ للقاء الرئيس الأمريكي ترامب في قمة اقتصادية."),
    _article(12, SPUTNIK, "2026-02-25", [PUTIN], "بوتين يتحدث عن مستقبل الاقتصاد الروسي",
             "تحدث بوتين عن مستقبل الاقتصاد الروسي وعن الشراكة مع الصين في منتدى اقتصادي."),
]  # fmt: skip

SCRIPT = "<script>alert(1)</script>"
XSS_DOC = {
    "id": "xss-1",
    "title": f"عنوان {SCRIPT} خبيث",
    "body": f"نص خبيث {SCRIPT} عن بوتين وعن الصين.",
    "source": f"مصدر {SCRIPT}",
    "published": "2026-02-04",
    "actors": [f"فاعل {SCRIPT}"],
    "url": "javascript:alert(1)",
}


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def build_jsonl_index(folder: Path, records: list[dict[str, Any]]) -> Path:
    """Build ``records`` into ``folder/index`` (from ``folder/corpus.jsonl``)."""
    folder.mkdir(parents=True, exist_ok=True)
    corpus = write_jsonl(folder / "corpus.jsonl", records)
    root = folder / "index"
    build_index(corpus, root, skip_invalid=False, workers=1)
    return root


@pytest.fixture(scope="session")
def web_kit() -> ModuleType:
    """This module: its data and helpers, for test modules that must not import it
    (a plugin module imported before pytest registers it cannot be assertion-rewritten)."""
    return sys.modules[__name__]


@pytest.fixture(scope="session")
def web_seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("seed") / "index"
    build_index(SEEDS, root, workers=1)
    return root


@pytest.fixture(scope="session")
def web_news_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_jsonl_index(tmp_path_factory.mktemp("news"), NEWS)


@pytest.fixture(scope="session")
def web_xss_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_jsonl_index(tmp_path_factory.mktemp("xss"), [XSS_DOC, *NEWS[:2]])


def make_app(index_dir: Path) -> Flask:
    return create_app({"INDEX_DIR": index_dir, "TESTING": True})


@pytest.fixture(scope="session")
def web_news_app(web_news_index: Path) -> Flask:
    return make_app(web_news_index)


@pytest.fixture
def web_client(web_news_app: Flask) -> FlaskClient:
    return web_news_app.test_client()


@pytest.fixture
def web_seed_client(web_seed_index: Path) -> FlaskClient:
    return make_app(web_seed_index).test_client()


@pytest.fixture
def web_xss_client(web_xss_index: Path) -> FlaskClient:
    return make_app(web_xss_index).test_client()


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` on waitress in a thread, on a free port; yields the base URL."""
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Let the workers finish what they serve, then close every socket from the
        # loop's own thread (closing them from here races with its select()).
        server.task_dispatcher.shutdown(timeout=5)
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))
        except OSError:  # the trigger is closed: the loop has already shut down
            wasyncore.close_all(server._map)
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def web_live_server(web_news_index: Path) -> Iterator[str]:
    with serving(make_app(web_news_index)) as url:
        yield url


@pytest.fixture(scope="session")
def web_long_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fourteen ANT-like long articles (``tests/long_articles.py``), 31 months."""
    from tests.long_articles import long_articles

    return build_jsonl_index(tmp_path_factory.mktemp("long"), long_articles())


@pytest.fixture(scope="session")
def web_long_server(web_long_index: Path) -> Iterator[str]:
    with serving(make_app(web_long_index)) as url:
        yield url


@pytest.fixture(scope="session")
def web_seed_server(web_seed_index: Path) -> Iterator[str]:
    with serving(make_app(web_seed_index)) as url:
        yield url
