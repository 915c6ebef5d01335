"""The comparison page (``/compare``) in Chromium: the chart drawn on the server,
its numbers in a table, and no accessibility violation at desktop and phone widths.

The news index has three sources over three months (``tests/web_conftest.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest_plugins = ["tests.web_conftest"]

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 1000}
PHONE = {"width": 390, "height": 844}
PUTIN, TRUMP = "بوتين", "ترامب"
COMPARE = f"/compare?q={quote(PUTIN)}&q={quote(TRUMP)}&scale=share"


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
def open_page(browser: Any, web_live_server: str) -> Iterator[Any]:
    """A fresh page that fails the test on any console error (a CSP violation is one)."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make(viewport: dict[str, int] = DESKTOP, **options: Any) -> Any:
        context = browser.new_context(base_url=web_live_server, viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == []


def test_the_chart_is_drawn_without_javascript_with_its_numbers_beside_it(
    open_page: Any,
) -> None:
    page = open_page(java_script_enabled=False)
    page.goto(COMPARE)
    chart = page.locator("svg.timeline-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("polyline").count() == 2
    name = page.evaluate(
        "() => document.getElementById('chart-title').textContent + ' ' + "
        "document.getElementById('chart-desc').textContent"
    )
    assert PUTIN in name and TRUMP in name and "2026-01" in name
    rows = page.locator("table.timeline-table tbody tr")
    assert rows.count() == 3  # December, January, February
    assert page.locator("table.timeline-table thead th").count() == 4
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "compare-nojs.png"), full_page=True)


def test_the_csv_link_gives_the_same_numbers(open_page: Any) -> None:
    page = open_page()
    page.goto(COMPARE)
    href = page.get_by_role("link", name="نزّل الأرقام (CSV)").get_attribute("href")
    answer = page.request.get(href)
    text = answer.body().decode("utf-8")
    assert text.startswith("\ufeffmonth,all_articles,")
    assert len(text.strip().splitlines()) == 4


def test_the_form_compares_what_is_typed(open_page: Any) -> None:
    page = open_page()
    page.goto("/compare")
    page.get_by_label("البحث 1").fill(PUTIN)
    page.get_by_label("البحث 2").fill("شي")
    with page.expect_navigation():
        page.get_by_role("button", name="قارن").click()
    assert page.locator("svg.timeline-chart polyline").count() == 2


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_finds_no_violation_on_the_comparison_page(
    open_page: Any, viewport: dict[str, int]
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: npm ci --prefix tests/browser")
    page = open_page(viewport, bypass_csp=True)  # the page's CSP lets only its own scripts in
    page.goto(COMPARE)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document).then(r => ({passes: r.passes.length, violations: r.violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target)}))}))"
    )
    size = "phone" if viewport is PHONE else "desktop"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-compare-{size}.json").write_text(json.dumps(result, indent=1))
    page.screenshot(path=str(ARTIFACTS / f"compare-{size}.png"), full_page=True)
    assert result["passes"] > 10  # axe did run its rules
    assert result["violations"] == []
    wide = page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")
    assert not wide  # no sideways scrolling on a phone
