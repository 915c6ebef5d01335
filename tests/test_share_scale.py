"""The share scale on the search page's histogram and in ``/api/timeline``.

On the news index each source publishes every month: a topic's share is its
count over all the selected sources' articles that month, not its raw count.
"""

from __future__ import annotations

import re
from typing import Any

pytest_plugins = ["tests.web_conftest"]


def test_the_timeline_api_gives_counts_and_shares_of_the_sources(web_client: Any) -> None:
    body = web_client.get("/api/timeline?q=بوتين&source=الجزيرة&scale=share").get_json()
    assert body["months"] == ["2025-12", "2026-01", "2026-02"]
    assert body["all_articles"] == [1, 1, 2]  # what الجزيرة published each month
    (series,) = body["series"]
    assert series["counts"] == [1, 1, 1]
    assert series["values"] == [1.0, 1.0, 0.5]


def test_the_histogram_shows_shares_on_the_share_scale(web_client: Any) -> None:
    counted = web_client.get("/?q=ترامب").get_data(as_text=True)
    shared = web_client.get("/?q=ترامب&scale=share").get_data(as_text=True)
    assert "اعرض الحصة" in counted and "٪" not in counted.split('class="histogram"')[1][:2000]
    hidden = re.findall(r'visually-hidden">([^<]*٪\))', shared)
    assert hidden == ["يناير 2026: مقالان (50.00٪)", "فبراير 2026: مقالان (40.00٪)"]
    assert "اعرض العدد" in shared


def test_an_unknown_scale_is_a_400(web_client: Any) -> None:
    assert web_client.get("/?q=ترامب&scale=percent").status_code == 400
    answer = web_client.get("/api/timeline?q=ترامب&scale=percent")
    assert answer.status_code == 400 and "scale" in answer.get_json()["error"]["fields"]
    assert web_client.get("/compare?q=ترامب&scale=percent").status_code == 400
