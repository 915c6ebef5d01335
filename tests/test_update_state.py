"""Updates answer exactly like a full build: random add / replace / delete sequences (hypothesis).

After every step the corpus is updated into one index and built from scratch
into another; both must give the same ids, totals and facet counts for a few
queries. Articles with and without source, date and actors are mixed, since a
segment whose new articles lack a field once shifted every facet value.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from search.engine.whoosh.reader import LiveVersion
from search.index.build import build_index, update_index
from search.request.params import SearchParams
from tests.conftest import search_json

SENTENCES = [
    "أكد الرئيس الصيني شي جين بينغ أهمية العلاقات مع روسيا.",
    "قال وزير الخارجية الروسي سيرغي لافروف إن المحادثات كانت مثمرة.",
    "ناقش الجانبان التعاون الاقتصادي والتجارة بين البلدين.",
    "أعلنت الكويت عن مشاريع جديدة في مجال الطاقة.",
    "وصل الوفد إلى موسكو صباح اليوم في زيارة رسمية.",
    "تتواصل الاستعدادات لقمة شنغهاي للتعاون في الصيف المقبل.",
]
SOURCES = [None, "كونا", "سبوتنيك"]
DATES = [None, "2026-01-15", "2026-02-04", "2025-12-31"]
ACTORS = [None, ["شي جين بينغ"], ["روسيا", "الصين"]]
QUERIES = ["", "العلاقات", "روسيا", "التعاون OR الطاقة", "-موسكو الوفد"]

article_ids = st.integers(min_value=0, max_value=9).map(lambda n: f"art{n}")
contents = st.tuples(
    st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=3),
    st.integers(0, len(SOURCES) - 1),
    st.integers(0, len(DATES) - 1),
    st.integers(0, len(ACTORS) - 1),
)


def answers(index: Path) -> list[tuple]:
    """What a reader sees: ids, totals and facet counts for each query."""
    handle = LiveVersion(index).get()
    seen = []
    for q in QUERIES:
        # every article (collapse off): an update places new articles among the stories it
        # keeps and never moves one, so its stories may differ from a fresh build's
        body = search_json(handle, SearchParams(q=q, per_page=100, collapse=False))
        facets = {
            name: sorted((r["value"], r["count"]) for r in facet["results"])
            for name, facet in body["facets"].items()
        }
        seen.append((q, body["total"], sorted(h["id"] for h in body["hits"]), facets))
    handle.close()
    return seen


class UpdatesMatchFullBuilds(RuleBasedStateMachine):
    """A corpus folder changed at random, kept in step by ``update``."""

    @initialize()
    def start(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="bahth-state-"))
        self.corpus = self.folder / "corpus"
        self.corpus.mkdir()
        self.articles: dict[str, tuple] = {}
        self.built = False

    def _write(self) -> None:
        for path in self.corpus.iterdir():
            path.unlink()
        manifest = []
        for ident, (sentences, source, date, actors) in sorted(self.articles.items()):
            text = f"خبر {ident}\n" + " ".join(SENTENCES[i] for i in sentences) + "\n"
            (self.corpus / f"{ident}.txt").write_text(text, "utf-8")
            meta = {"file": f"{ident}.txt", "id": ident}
            if SOURCES[source]:
                meta["source"] = SOURCES[source]
            if DATES[date]:
                meta["published"] = DATES[date]
            if ACTORS[actors]:
                meta["actors"] = ACTORS[actors]
            manifest.append(json.dumps(meta, ensure_ascii=False))
        (self.corpus / "manifest.jsonl").write_text("\n".join(manifest) + "\n", "utf-8")

    @rule(changes=st.lists(st.tuples(article_ids, st.none() | contents), min_size=1, max_size=3))
    def change_then_update(self, changes: list[tuple[str, tuple | None]]) -> None:
        """Add, replace or (with no content) delete one to three articles, then update."""
        for ident, content in changes:
            if content is None:
                self.articles.pop(ident, None)
            else:
                self.articles[ident] = content
        if not self.articles:
            self.articles["art0"] = ([0], 0, 0, 0)
        self._write()
        index = self.folder / "updated"
        if self.built:
            report = update_index(self.corpus, index, workers=1)
        else:
            report = build_index(self.corpus, index, workers=1)
            self.built = True
        assert report.documents == len(self.articles)
        fresh = self.folder / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        build_index(self.corpus, fresh, workers=1)
        assert answers(index) == answers(fresh)

    @invariant()
    def no_temporary_versions_are_left(self) -> None:
        versions = self.folder / "updated" / "versions"
        if versions.is_dir():
            assert not [p for p in versions.iterdir() if p.name.startswith(".tmp-")]

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


UpdatesMatchFullBuilds.TestCase.settings = settings(
    max_examples=15, stateful_step_count=6, deadline=None
)
test_updates_answer_like_full_builds = UpdatesMatchFullBuilds.TestCase
