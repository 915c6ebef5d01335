"""The search page in a real headless Chromium against a real waitress server.

The whole journey a reader makes: browse, page, type a query, tick a facet,
follow a histogram bar, go back, change the sort, open an article; with a
screenshot of the results page left in ``test-artifacts/results.png``.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from flask.testing import FlaskClient

from tests.serving import bahth_serve

pytest_plugins = ["tests.web_conftest"]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
JAZEERA = "الجزيرة"

sync_api = pytest.importorskip("playwright.sync_api")
INLINE_CODE = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)


def state(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def follow(page: object, locator: object) -> None:
    """Click a link or button and wait for the page it leads to."""
    with page.expect_navigation():  # type: ignore[attr-defined]
        locator.click()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object, web_live_server: str) -> Iterator[object]:
    """A page that fails the test on any console error (a CSP violation is one)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=web_live_server, viewport={"width": 1280, "height": 900}, locale="ar"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


@pytest.mark.browser
def test_search_journey(page: object) -> None:
    p = page
    p.goto("/")  # type: ignore[attr-defined]
    assert p.locator("html").get_attribute("dir") == "rtl"
    assert p.locator("html").get_attribute("lang") == "ar"
    assert p.locator(".summary").inner_text().startswith("12 مقالًا")

    # Page: twelve articles, ten a page.
    follow(p, p.get_by_role("link", name="التالية"))
    assert state(p.url)["page"] == ["2"]
    assert p.locator(".hit").count() == 2
    assert p.locator('.pager [aria-current="page"]').inner_text() == "2"

    # Type a query (the search box keeps it; Enter submits the GET form).
    p.get_by_label("ابحث في الأخبار").fill("بوتين")
    with p.expect_navigation():
        p.keyboard.press("Enter")
    assert state(p.url)["q"] == ["بوتين"] and "page" not in state(p.url)
    assert p.get_by_label("ابحث في الأخبار").input_value() == "بوتين"
    assert p.locator(".summary").inner_text().startswith("7 مقالات")
    assert p.locator(".snippet mark").first.inner_text() == "بوتين"
    assert p.locator("aside .facet-value").count() > 3
    assert p.locator(".histogram .bar").count() == 3
    ARTIFACTS.mkdir(exist_ok=True)
    p.screenshot(path=str(ARTIFACTS / "results.png"), full_page=True)

    # Tick a facet: the chip appears, the other sources stay visible.
    follow(p, p.locator("aside .facet-value", has_text=JAZEERA))
    assert state(p.url)["source"] == [JAZEERA]
    assert p.locator(".summary").inner_text().startswith("3 مقالات")
    assert p.locator(".chip", has_text=JAZEERA).is_visible()
    assert p.locator("aside .facet-value.selected").inner_text().find(JAZEERA) >= 0

    # Follow a histogram bar: December 2025 as a from/to range.
    follow(p, p.locator(".histogram a.bar", has_text="ديسمبر 2025"))
    assert state(p.url)["from"] == ["2025-12-01"] and state(p.url)["to"] == ["2025-12-31"]
    assert p.locator(".hit").count() == 1
    assert p.locator(".chip").count() == 3

    # Back restores the previous state; the URL is the whole state.
    p.go_back()
    assert "from" not in state(p.url)
    assert p.locator(".hit").count() == 3

    # Sort (JavaScript submits on change).
    p.get_by_label("الترتيب").select_option("newest")
    p.wait_for_url(re.compile(r"sort=newest"))
    dates = p.locator(".hit time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates == sorted(dates, reverse=True)

    # Remove the source chip, then open an article with the query marked.
    follow(p, p.locator(".chip", has_text=JAZEERA))
    assert "source" not in state(p.url) and state(p.url)["sort"] == ["newest"]
    follow(p, p.locator(".hit-title a").first)
    assert urlsplit(p.url).path.startswith("/doc/")
    assert unquote(state(p.url)["q"][0]) == "بوتين"
    assert p.locator(".article-text mark").first.inner_text() == "بوتين"
    assert p.locator("table.provenance").is_visible()


@pytest.mark.browser
def test_works_without_javascript_and_from_the_keyboard(
    browser: object, web_live_server: str
) -> None:
    context = browser.new_context(base_url=web_live_server, java_script_enabled=False)  # type: ignore[attr-defined]
    p = context.new_page()
    p.goto("/?q=بوتين")
    p.get_by_label("الترتيب").select_option("oldest")
    with p.expect_navigation():
        p.get_by_role("button", name="رتّب").click()
    assert state(p.url)["sort"] == ["oldest"] and state(p.url)["q"] == ["بوتين"]
    # Keyboard: the first Tab reaches the skip link, which lands in <main>.
    p.goto("/?q=بوتين")
    p.keyboard.press("Tab")
    assert p.evaluate("document.activeElement.className") == "skip-link"
    p.keyboard.press("Enter")
    assert p.evaluate("document.activeElement.id") == "main"
    # The date form submits from/to as a GET form.
    p.fill("#from", "2026-01-01")
    with p.expect_navigation():
        p.get_by_role("button", name="طبّق").click()
    assert state(p.url)["from"] == ["2026-01-01"]
    assert p.locator(".hit").count() == 5
    context.close()


@pytest.mark.browser
def test_bad_parameter_shows_arabic_message(browser: object, web_live_server: str) -> None:
    page = browser.new_page(base_url=web_live_server)  # type: ignore[attr-defined]
    response = page.goto("/?q=بوتين&per_page=0")
    assert response.status == 400
    assert "عدد النتائج في الصفحة" in page.locator('[role="alert"]').inner_text()
    assert page.get_by_label("ابحث في الأخبار").input_value() == "بوتين"
    page.close()


def test_bahth_serve_builds_the_seed_index_and_answers(tmp_path: Path) -> None:
    """``bahth serve`` on a fresh checkout: builds the seed index, then serves."""
    with bahth_serve(tmp_path / "idx") as server:
        base = f"http://{server.host}:{server.port}/"
        for path, kind in [
            ("", "text/html"),
            ("api/search?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86", "application/json"),
            ("api/openapi.json", "application/json"),
        ]:
            with urllib.request.urlopen(base + path, timeout=10) as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith(kind)
                assert response.read()


# --- the HTML as served (Flask's test web_client, no browser) ------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/?q=بوتين", "/?q=بوتبن", "/?per_page=0", "/doc/news-01?q=بوتين", "/doc/nope", "/x"],
)
def test_pages_carry_no_inline_code(web_client: FlaskClient, url: str) -> None:
    html = web_client.get(url).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert not INLINE_CODE.search(html), INLINE_CODE.search(html)


def test_bad_page_parameters_are_400_in_arabic(web_client: FlaskClient) -> None:
    for query, label in [
        ("per_page=0", "عدد النتائج في الصفحة"),
        ("page=abc", "رقم الصفحة"),
        ("from=2026-13-40", "من تاريخ"),
        ("sort=x", "الترتيب"),
        ("from=2026-02-01&to=2026-01-01", "تاريخ البداية"),
    ]:
        response = web_client.get(f"/?q=بوتين&{query}")
        assert response.status_code == 400
        assert label in response.get_data(as_text=True)
    assert web_client.get("/doc/nope").status_code == 404
    assert "لا يوجد مقال" in web_client.get("/doc/nope").get_data(as_text=True)


def test_histogram_bars_and_month_filter(web_client: FlaskClient) -> None:
    html = web_client.get("/?q=بوتين").get_data(as_text=True)
    bars = re.findall(r'class="bar (h-\d+)[^"]*" href="([^"]+)"', html)
    assert [height for height, _ in bars] == ["h-13", "h-13", "h-20"]  # 2, 2 and 3 articles
    assert "from=2025-12-01&amp;to=2025-12-31" in bars[0][1]
    selected = web_client.get("/?q=بوتين&from=2026-01-01&to=2026-01-31").get_data(as_text=True)
    assert 'class="bar h-13 selected"' in selected
    assert "من: <bdi>1 يناير 2026</bdi>" in selected


def test_the_query_is_echoed_as_typed_without_its_normalised_form(web_client: FlaskClient) -> None:
    # Issue 32 item 3 changed this: the normalised form (بوتين) is no longer shown.
    html = web_client.get("/?q=بُوتِين").get_data(as_text=True)
    assert "لـ«<bdi>بُوتِين</bdi>»" in html
    assert "بحثنا عن" not in html


def test_suggestion_link_and_help(web_client: FlaskClient) -> None:
    html = web_client.get("/?q=بوتبن").get_data(as_text=True)
    assert "هل تقصد" in html and "?q=%D8%A8%D9%88%D8%AA%D9%8A%D9%86" in html
    assert "لم نجد مقالات مطابقة" in html


def test_formatting_helpers() -> None:
    from web.formatting import arabic_date, article_count, safe_marks

    assert arabic_date("2026-02-04") == "4 فبراير 2026"
    assert [article_count(n) for n in (0, 1, 2, 3, 11, 100)] == [
        "لا مقالات", "مقال واحد", "مقالان", "3 مقالات", "11 مقالًا", "100 مقال"
    ]  # fmt: skip
    hostile = "<mark>a</mark><script>x</script>&lt;b&gt;<mark><mark>c</mark>"
    assert safe_marks(hostile) == (
        "<mark>a</mark>&lt;script&gt;x&lt;/script&gt;&lt;b&gt;<mark>c</mark>"
    )
