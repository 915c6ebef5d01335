"""Following a search: its Atom feed (``/feed``) and ``bahth watch``.

The feed is read as feed readers read it (feedparser) and checked against
RFC 4287's schema (``tests/data/atom.rng``, Appendix B in RELAX NG's XML
syntax); an update that adds matching articles adds entries and repeats none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree

from search.cli.main import main
from search.index.writer_seam import BuildOptions
from search.index.writers import open_writer
from tests.engine_contract_kit import CORPUS, write_corpus

pytest_plugins = ["tests.web_conftest"]

ATOM_SCHEMA = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "data" / "atom.rng")))
LATER = [
    {"id": "b1", "title": "روسيا والنفط من جديد", "source": "كونا", "published": "2026-03-02",
     "body": "عادت روسيا إلى سوق النفط بعقود جديدة."},
    {"id": "b2", "title": "عنوان \x07 فيه <b>وسم</b> & رمز", "source": "سبوتنيك",
     "published": "2026-03-05", "body": "روسيا تعلن خطة للطاقة \x0b في آسيا."},
]  # fmt: skip


@pytest.fixture
def index(tmp_path: Path) -> Path:
    root = tmp_path / "index"
    corpus = write_corpus(tmp_path / "first.jsonl", CORPUS)
    open_writer("whoosh", root).build(corpus, BuildOptions(workers=1))
    return root


def update(index: Path, records: list[dict[str, Any]]) -> None:
    """The corpus grown by ``records`` (an update makes the index hold the corpus)."""
    corpus = write_corpus(index.parent / "more.jsonl", CORPUS + records)
    open_writer("whoosh", index).update(corpus, BuildOptions(workers=1))


def feed_of(index: Path, web_kit: Any, query: str) -> tuple[bytes, Any]:
    client = web_kit.make_app(index).test_client()
    answer = client.get(f"/feed?{query}")
    assert answer.status_code == 200
    assert answer.mimetype == "application/atom+xml"
    return answer.data, feedparser.parse(answer.data)


def valid_atom(data: bytes) -> bool:
    return ATOM_SCHEMA.validate(etree.fromstring(data))


def test_the_feed_parses_and_validates_newest_first(index: Path, web_kit: Any) -> None:
    data, feed = feed_of(index, web_kit, "source=كونا")
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert valid_atom(data), ATOM_SCHEMA.error_log
    ids = [entry.id for entry in feed.entries]
    assert ids == [f"tag:bahth,2026:article:{i}" for i in ("a8", "a2", "a1")]
    assert feed.entries[0].author == "كونا"
    assert feed.entries[0].link.endswith("/doc/a8")
    assert feed.entries[0].summary.startswith("يتناول التقرير")


def test_an_update_adds_entries_and_repeats_none(index: Path, web_kit: Any) -> None:
    data, before = feed_of(index, web_kit, "q=روسيا&source=كونا&source=سبوتنيك")
    update(index, LATER)
    later, after = feed_of(index, web_kit, "q=روسيا&source=كونا&source=سبوتنيك")
    assert after.bozo == 0 and valid_atom(later), ATOM_SCHEMA.error_log
    old = [e.id for e in before.entries]
    new = [e.id for e in after.entries]
    assert len(new) == len(set(new)) == len(old) + 2
    assert set(old) < set(new)
    assert new[:2] == ["tag:bahth,2026:article:b2", "tag:bahth,2026:article:b1"]
    assert after.entries[0].title == "عنوان  فيه <b>وسم</b> & رمز"  # text, not markup
    assert after.feed.updated >= before.feed.updated  # the new version's build time
    assert after.feed.id == before.feed.id and "%25" not in after.feed.id


def test_every_search_page_links_its_feed(web_client: Any) -> None:
    page = web_client.get("/?q=بوتين&source=الجزيرة").get_data(as_text=True)
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert "/feed?q=%D8%A8" in page
    assert ">تابع</a>" in page


def test_a_bad_feed_parameter_is_a_400(index: Path, web_kit: Any) -> None:
    assert web_kit.make_app(index).test_client().get("/feed?from=soon").status_code == 400


def watch(index: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["watch", *args, "--index", str(index)])


def test_bahth_watch_prints_matches_since_a_date(index: Path) -> None:
    done = watch(index, "روسيا", "--since", "2026-01-15", "--json")
    assert done.exit_code == 0, done.output
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a8"]  # undated a6 and older a1 left out
    everything = watch(index, "", "--since", "2026-01-15", "--json")
    dates = [json.loads(line)["date"] for line in everything.stdout.splitlines()]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5


def test_bahth_watch_remembers_what_it_printed(index: Path, tmp_path: Path) -> None:
    state = tmp_path / "watch.json"
    first = watch(index, "روسيا", "--since", "2026-01-01", "--state", str(state))
    assert first.exit_code == 0 and "1 new" in first.output
    again = watch(index, "روسيا", "--since", "2026-01-01", "--state", str(state))
    assert again.exit_code == 0 and "0 new" in again.output
    update(index, LATER)
    later = watch(index, "روسيا", "--since", "2026-01-01", "--state", str(state), "--json")
    assert [json.loads(line)["id"] for line in later.stdout.splitlines()] == ["b2", "b1"]


def test_bahth_watch_needs_a_date_or_a_state_and_its_own_state(
    index: Path, tmp_path: Path
) -> None:
    assert watch(index, "روسيا").exit_code == 2
    state = tmp_path / "watch.json"
    watch(index, "روسيا", "--since", "2026-01-01", "--state", str(state))
    other = watch(index, "النفط", "--since", "2026-01-01", "--state", str(state))
    assert other.exit_code == 1 and "another search" in other.output
