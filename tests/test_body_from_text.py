"""The cleaned body served from the stored text: identical to the body cleaning made.

The index stores the original ``text`` once; the ``body`` is rebuilt from it
and the removed spans (``search/store/body_text.py``), and stored only where
the rebuild would differ. Checked here on the seed articles (scraped pages:
outlet lines, datelines), the ANT-like long articles and articles with the
other removals cleaning makes, end to end: built, then served by the engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from search.engine import open_engine
from search.index.build import build_index
from search.ingest.articles import prepare_article
from search.ingest.corpus import iter_raw_records
from search.store.body_text import body_from_text, body_to_store
from search.store.layout import current_version_dir
from tests.conftest import SEEDS, write_jsonl
from tests.long_articles import long_articles

SENTENCE = "وقال وزير الخارجية إن المحادثات ستستمر خلال الأسبوع المقبل في العاصمة"
NOISY = [
    {
        "id": "dateline",
        "body": f"بكين - 4 - 2 (كونا) -- {SENTENCE}.\n{SENTENCE} مع الوفد.\n\n{SENTENCE} غدا.",
    },
    {
        "id": "links",
        "body": f"{SENTENCE}.\n\n{SENTENCE} أيضا.\nاقرأ أيضا: {SENTENCE}\n"
        f"اقرأ أيضا: {SENTENCE} مجددا\nhttps://example.com/news/1",
    },
    {
        "id": "repeated",
        "body": f"{SENTENCE}.\n  {SENTENCE} ثانية.  \r\n{SENTENCE}.\n{SENTENCE} ثالثة.",
    },
]


def _served_and_made(corpus: Path, root: Path) -> list[tuple[str, str, str]]:
    """(id, body the engine serves, body cleaning made) of every article."""
    engine = open_engine("whoosh", root)
    out = []
    for record in iter_raw_records(corpus):
        article = prepare_article(record)
        found = engine.document(article.id)
        assert found is not None
        out.append((article.id, found.body, article.body))
    return out


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("body-from-text")
    jsonl = write_jsonl(folder / "articles.jsonl", long_articles() + NOISY)
    built = []
    for name, corpus in (("seeds", SEEDS), ("articles", jsonl)):
        build_index(corpus, folder / name, workers=1)
        built.append((corpus, folder / name))
    return built


def test_every_served_body_is_the_body_cleaning_made(corpora: list[tuple[Path, Path]]) -> None:
    compared = 0
    for corpus, root in corpora:
        for doc_id, served, made in _served_and_made(corpus, root):
            assert served == made, doc_id
            compared += 1
    assert compared == 5 + len(long_articles()) + len(NOISY)


def test_the_test_articles_store_no_second_copy_of_their_text(
    corpora: list[tuple[Path, Path]],
) -> None:
    rebuilt = 0
    for _, root in corpora:
        ix = whoosh_index.open_dir(str(current_version_dir(root)))
        with ix.searcher() as searcher:
            for stored in searcher.all_stored_fields():
                assert "body" not in stored, stored["id"]
                rebuilt += bool(stored.get("body_from_text"))
        ix.close()
    assert rebuilt >= 10  # most bodies differ from their text and are rebuilt from it


def test_a_body_the_rule_cannot_rebuild_is_stored_as_it_is() -> None:
    text = "عنوان:  نص المقال\nسطر ثان"
    body = "  نص المقال\nسطر ثان"  # a cut leaving the line's leading spaces
    removed = [(0, 6, "seo_prefix")]
    assert body_from_text(text, removed) != body
    assert body_to_store(text, body, removed) == (body, False)
    assert body_to_store(text, text, []) == (None, False)
    assert body_to_store(text, "نص المقال\nسطر ثان", removed) == (None, True)
