"""What a reader sees in Chromium: results that fit the screen, a readable article,
a phone layout, dates and the histogram, and no serious accessibility fault.

Every test drives the real page (Playwright, Debian's ``/usr/bin/chromium``)
and leaves screenshots in ``test-artifacts/`` (desktop 1280 px, phone 390 px).
The results pages use fourteen ANT-like long articles written in
``tests/long_articles.py``; the article page uses the seed article whose
scrape carries a masthead, repeated captions and SEO prefixes.
axe-core comes from ``tests/browser/node_modules`` (``npm ci`` in ``.ci/run``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.long_articles import QUERY

pytest_plugins = ["tests.web_conftest"]
sync_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 1600}
PHONE = {"width": 390, "height": 844}
MASTHEAD_ARTICLE = "002_18d75c9059457d1f"
MASTHEAD_LINE = "رئيس مجلس الإدارة"

ABOVE_THE_FOLD = """() => [...document.querySelectorAll('li.hit')]
  .filter(hit => hit.getBoundingClientRect().bottom <= window.innerHeight).length"""

pytestmark = pytest.mark.browser


def state(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(base, viewport, **context options)``: a fresh page that fails the
    test on any console error (a CSP violation is one); an English browser, as the
    issue's reader had."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(base: str, viewport: dict[str, int] = DESKTOP, **options: Any) -> Any:
        context = browser.new_context(base_url=base, viewport=viewport, locale="en-US", **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))


def test_at_least_five_long_articles_fit_above_the_fold_on_a_desktop(
    open_page: Any, web_long_server: str
) -> None:
    page = open_page(web_long_server)
    page.goto(f"/?q={quote(QUERY)}")
    shot(page, "results-desktop.png")
    assert page.locator("li.hit").count() == 10
    assert page.evaluate(ABOVE_THE_FOLD) >= 5
    # Short snippets, the whole title, and the outlet's name rather than its code.
    for text in page.locator(".snippet").all_inner_texts():
        assert len(text.replace("…", "").strip()) <= 320, text
    titles = page.locator(".hit-title").all_inner_texts()
    assert "الحكومة تعلن حزمة إجراءات لدعم الاقتصاد" in titles
    sources = set(page.locator(".hit-meta .source").all_inner_texts())
    assert "سكاي نيوز عربية" in sources and "skynews" not in sources
    facet = page.locator("#facet-source + ul").inner_text()
    assert "فرانس 24" in facet and "france24" not in facet


def test_on_a_phone_filters_fold_above_the_results_without_horizontal_scroll(
    open_page: Any, web_long_server: str
) -> None:
    page = open_page(web_long_server, PHONE)
    page.goto(f"/?q={quote(QUERY)}")
    shot(page, "results-phone.png")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    panel = page.locator("summary.filters-toggle")
    assert panel.inner_text().startswith("تصفية")
    assert panel.bounding_box()["y"] < page.locator("li.hit").first.bounding_box()["y"]
    assert not page.locator("#facet-source").is_visible()  # folded while no filter is on
    assert page.evaluate(ABOVE_THE_FOLD) >= 1
    panel.click()
    assert page.locator("#facet-source").is_visible()
    # A filter on: the panel is open at first, with the chip counted in its title.
    with page.expect_navigation():
        page.locator(".facet-value", has_text="فرانس 24").click()
    assert "(1 مطبّق)" in page.locator("summary.filters-toggle").inner_text()
    assert page.locator("#facet-source").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "results-phone-filtered.png")


def test_the_filter_panel_opens_without_javascript(open_page: Any, web_long_server: str) -> None:
    page = open_page(web_long_server, PHONE, java_script_enabled=False)
    page.goto(f"/?q={quote(QUERY)}")
    assert not page.locator("#facet-date").is_visible()
    page.locator("summary.filters-toggle").click()
    assert page.locator("#facet-date").is_visible()


def test_a_month_link_filters_and_the_way_back_shows_all_dates(
    open_page: Any, web_long_server: str
) -> None:
    page = open_page(web_long_server)
    page.goto(f"/?q={quote(QUERY)}")
    total = page.locator(".summary strong").inner_text()
    # The scale and the year boundaries are on screen, not just on hover.
    scale = page.locator(".histogram-scale")
    assert scale.is_visible() and "يوليو 2018" in scale.inner_text()
    years = page.locator(".histogram .year").all_inner_texts()
    assert years == ["2016", "2017", "2018"]
    assert all(label.is_visible() for label in page.locator(".histogram .year").all())
    assert page.locator(".histogram .bar-cell").count() == 31
    with page.expect_navigation():
        page.locator(".histogram a.bar", has_text="يوليو 2018").click()
    assert state(page.url)["from"] == ["2018-07-01"] and state(page.url)["to"] == ["2018-07-31"]
    # July 2018's two articles are one story (the same sentences, a day apart, two
    # outlets): one hit, the other version folded under it
    assert page.locator("li.hit").count() == 1
    assert page.locator("li.hit details.story-others li").count() == 1
    assert "يوليو 2018" in page.locator(".date-selected").inner_text()
    assert page.locator(".histogram a.bar.selected").count() == 1
    shot(page, "results-desktop-month.png")
    with page.expect_navigation():
        page.get_by_role("link", name="كل التواريخ", exact=True).click()
    assert "from" not in state(page.url) and "to" not in state(page.url)
    assert page.locator(".summary strong").inner_text() == total


def test_dates_are_typed_and_shown_as_iso_in_an_english_browser(
    open_page: Any, web_long_server: str
) -> None:
    page = open_page(web_long_server)
    page.goto(f"/?q={quote(QUERY)}&from=2017-01-01")
    field = page.get_by_label("من تاريخ")
    assert field.input_value() == "2017-01-01"
    assert page.get_by_label("إلى تاريخ").get_attribute("placeholder") == "YYYY-MM-DD"
    page.get_by_label("إلى تاريخ").fill("2017-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="طبّق").click()
    assert state(page.url)["to"] == ["2017-12-31"]
    assert page.get_by_label("إلى تاريخ").input_value() == "2017-12-31"
    page.locator(".date-form").screenshot(path=str(ARTIFACTS / "date-filters.png"))
    # A date the pattern refuses is not sent.
    page.get_by_label("إلى تاريخ").fill("12/31/2017")
    page.get_by_role("button", name="طبّق").click()
    assert state(page.url)["to"] == ["2017-12-31"]


def test_pages_link_prev_and_next(open_page: Any, web_long_server: str) -> None:
    page = open_page(web_long_server)
    page.goto(f"/?q={quote(QUERY)}&per_page=5&page=2")
    previous = state(page.locator('head link[rel="prev"]').get_attribute("href"))
    following = state(page.locator('head link[rel="next"]').get_attribute("href"))
    assert "page" not in previous and previous["per_page"] == ["5"]  # page 1 is the default
    assert following["page"] == ["3"]
    assert page.locator('.pager a[rel="next"]').is_visible()


@pytest.mark.parametrize("viewport,name", [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_article_shows_the_cleaned_text_and_folds_away_the_scrape(
    open_page: Any, web_seed_server: str, viewport: dict[str, int], name: str
) -> None:
    page = open_page(web_seed_server, viewport)
    page.goto(f"/doc/{MASTHEAD_ARTICLE}?q={quote('الرئيس')}")
    text = page.locator("article .article-text").first
    assert MASTHEAD_LINE not in text.inner_text()
    assert text.locator("mark").first.inner_text() == "الرئيس"
    published = page.locator("details.as-published")
    assert not published.locator(".article-text").is_visible()
    # Provenance in the main column, below the article, in Arabic words.
    table = page.locator("main table.provenance")
    assert table.bounding_box()["y"] > text.bounding_box()["y"]
    assert "ترويسة الموقع" in table.inner_text() and "masthead" not in table.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if name == "phone":  # the article first; its data sheet after it
        assert page.locator("aside").bounding_box()["y"] > table.bounding_box()["y"]
    shot(page, f"article-{name}.png")
    published.locator("summary").click()
    removed = published.locator("del.removed")
    assert MASTHEAD_LINE in removed.first.inner_text()
    assert removed.first.locator(".why").inner_text() == "ترويسة الموقع"
    assert published.locator(".article-text mark").count() >= 1
    shot(page, f"article-{name}-published.png")


AXE_PAGES = [
    ("results", "long", f"/?q={quote(QUERY)}"),
    ("empty", "long", f"/?q={quote('كلمةلاوجودلها')}"),
    ("article", "seed", f"/doc/{MASTHEAD_ARTICLE}?q={quote('الرئيس')}"),
    ("actor", "seed", f"/actor/{quote('بوتين')}"),
]


@pytest.mark.parametrize("name,index,path", AXE_PAGES, ids=[p[0] for p in AXE_PAGES])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_serious_or_critical_violation(
    open_page: Any,
    web_long_server: str,
    web_seed_server: str,
    name: str,
    index: str,
    path: str,
    viewport: dict[str, int],
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: npm ci --prefix tests/browser")
    base = web_long_server if index == "long" else web_seed_server
    # The page's CSP allows only its own scripts; the test's axe is let in.
    page = open_page(base, viewport, bypass_csp=True)
    page.goto(path)
    # Folded content is checked too: the phone's filter panel, the text as published.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document).then(r => ({passes: r.passes.length, violations: r.violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))}))"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    size = "phone" if viewport is PHONE else "desktop"
    (ARTIFACTS / f"axe-{name}-{size}.json").write_text(json.dumps(result, indent=1))
    assert result["passes"] > 10  # axe did run its rules
    assert [v for v in result["violations"] if v["impact"] in ("serious", "critical")] == []


def test_every_control_has_an_arabic_label_and_focus_is_visible(
    open_page: Any, web_long_server: str
) -> None:
    page = open_page(web_long_server)
    page.goto(f"/?q={quote(QUERY)}")
    names = page.evaluate(
        """() => [...document.querySelectorAll('input:not([type=hidden]), select, button')]
          .map(el => (el.labels && el.labels[0] ? el.labels[0].innerText : el.innerText).trim())"""
    )
    assert names and all(any("\u0600" <= ch <= "\u06ff" for ch in n) for n in names), names
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
