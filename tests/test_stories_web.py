"""Stories where readers meet them: the JSON API, the results page (a real Chromium
against a real server), the story page and the CLI, on the planted-copies corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from search.cli.main import main
from tests.engine_contract_kit import cli_built_index
from tests.serving import bahth_serve
from tests.story_corpus import story_records

pytest_plugins = ["tests.web_conftest"]
CHROMIUM = "/usr/bin/chromium"
EVERYWHERE = "في"
XSS = "<script>alert(1)</script>"
#: What cleaning leaves of markup in a body (it drops tags): bare < and &, to be escaped.
ANGLES = "x < y && z > w"


def records() -> list[dict[str, Any]]:
    """The planted corpus, the trimmed copy adding a sentence with markup characters
    (and a title that is markup)."""
    found = story_records()
    for record in found:
        if record["id"] == "trim1":
            lines = record["body"].split("\n")
            lines[1] += f" وقال المتحدث {ANGLES} إن الزيارة ناجحة."
            record["body"] = "\n".join(lines)
            record["title"] = XSS
    return found


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_built_index(tmp_path_factory.mktemp("stories-web"), records())


@pytest.fixture
def client(index: Path, web_kit: Any) -> FlaskClient:
    return web_kit.make_app(index).test_client()


def api(client: FlaskClient, query: str) -> dict[str, Any]:
    answer = client.get(f"/api/search?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def test_the_api_shows_each_story_once_and_counts_both(client: FlaskClient) -> None:
    body = api(client, f"q={EVERYWHERE}&per_page=50")
    assert (body["total"], body["stories"], len(body["hits"])) == (8, 6, 6)
    sizes = {
        hit["id"]: (hit["story_size"], [o["id"] for o in hit["others"]]) for hit in body["hits"]
    }
    assert sizes.get("seed1", sizes.get("trim1")) in ((2, ["trim1"]), (2, ["seed1"]))


def test_the_api_shows_every_article_with_collapse_off(client: FlaskClient) -> None:
    body = api(client, f"q={EVERYWHERE}&per_page=50&collapse=off")
    assert len(body["hits"]) == body["total"] == 8
    assert all("story" in hit for hit in body["hits"])


def test_the_api_refuses_an_unknown_collapse_or_count_naming_the_field(client: FlaskClient) -> None:
    for query, field in (("collapse=maybe", "collapse"), ("count=words", "count")):
        answer = client.get(f"/api/search?q=x&{query}")
        assert answer.status_code == 400
        assert field in answer.get_json()["error"]["fields"]


def test_the_story_api_lists_versions_and_marks_only_with_its_own_tags(client: FlaskClient) -> None:
    hits = api(client, f"q={EVERYWHERE}&per_page=50&collapse=off")["hits"]
    story = next(hit["story"] for hit in hits if hit["id"] == "copy2")
    body = client.get(f"/api/stories/{story}").get_json()
    assert [v["id"] for v in body["versions"]] == ["copy2", "seed2"]  # a day earlier first
    story = next(hit["story"] for hit in hits if hit["id"] == "trim1")
    first, trimmed = client.get(f"/api/stories/{story}").get_json()["versions"]
    assert first["id"] == "seed1" and first["first"]  # same day: by id
    assert len(trimmed["added"]) == 1 and ANGLES in trimmed["added"][0]
    assert trimmed["dropped"]  # its second paragraph
    html = trimmed["body_html"]
    assert ANGLES not in html and "x &lt; y &amp;&amp; z &gt; w" in html
    assert html.count("<") == html.count("<ins>") + html.count("</ins>") == 2


def test_an_unknown_or_malformed_story_is_a_404(client: FlaskClient) -> None:
    for story in ("s000000000000", "../etc", "x" * 300):
        assert client.get(f"/api/stories/{story}").status_code == 404
        assert client.get(f"/story/{story}").status_code == 404


def test_the_story_page_escapes_the_text(client: FlaskClient) -> None:
    hits = api(client, f"q={EVERYWHERE}&collapse=off&per_page=50")["hits"]
    story = next(hit["story"] for hit in hits if hit["id"] == "trim1")
    page = client.get(f"/story/{story}").get_data(as_text=True)
    assert XSS not in page and "&lt;script&gt;" in page


def test_the_cli_collapses_and_shows_every_article_on_request(index: Path) -> None:
    runner = CliRunner()
    collapsed = runner.invoke(main, ["search", EVERYWHERE, "--index", str(index), "--json",
                                     "--per-page", "50"])  # fmt: skip
    every = runner.invoke(main, ["search", EVERYWHERE, "--index", str(index), "--json",
                                 "--per-page", "50", "--collapse", "off"])  # fmt: skip
    assert len(json.loads(collapsed.output)["hits"]) == 6
    assert len(json.loads(every.output)["hits"]) == 8
    readable = runner.invoke(main, ["search", EVERYWHERE, "--index", str(index)])
    assert "(6 stories)" in readable.output and "more in story" in readable.output


def test_the_cli_prints_a_story(index: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["search", EVERYWHERE, "--index", str(index), "--json",
                                  "--collapse", "off", "--per-page", "50"])  # fmt: skip
    hits = json.loads(listed.output)["hits"]
    story = next(hit["story"] for hit in hits if hit["id"] == "trim1")
    shown = runner.invoke(main, ["story", story, "--index", str(index)])
    assert shown.exit_code == 0, shown.output
    assert "2 versions" in shown.output and "   - " in shown.output
    missing = runner.invoke(main, ["story", "s000000000000", "--index", str(index)])
    assert missing.exit_code == 1 and "no story" in missing.output


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def test_the_page_folds_other_versions_into_details_that_open_without_javascript(
    index: Path, browser: Any
) -> None:
    with bahth_serve(index) as served:
        base = f"http://{served.host}:{served.port}"
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{base}/?q={EVERYWHERE}&per_page=50")
        assert "8 مقالات في 6 قصص" in page.locator(".story-total").inner_text()
        assert page.locator("li.hit").count() == 6
        others = page.locator("details.story-others").first
        assert "ومصدر آخر" in others.locator("summary").inner_text()
        assert not others.locator("ul").is_visible()
        others.locator("summary").click()
        assert others.locator("ul").is_visible()
        page.click("a.collapse-toggle")
        assert page.locator("li.hit").count() == 8 and "collapse=off" in page.url
        context.close()
