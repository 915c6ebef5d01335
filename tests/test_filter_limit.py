"""The filter limit and the facet toggles agree: 50 values are served, 51 are a 400.

``MAX_FILTER_VALUES`` is what the OpenAPI document promises; building the
toggle URL of a 51st value must not turn a valid 50-value request into an
error (issue 12, point 3).
"""

from __future__ import annotations

from types import ModuleType
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from flask.testing import FlaskClient

from search.request.params import MAX_FILTER_VALUES

pytest_plugins = ["tests.web_conftest"]

FACET_OF = {"source": "source", "actor": "actors"}


def filter_values(web_kit: ModuleType, name: str, count: int) -> list[str]:
    """``count`` distinct values: two that the news index has, the rest made up."""
    real = [web_kit.AHRAM, web_kit.JAZEERA] if name == "source" else [web_kit.PUTIN, web_kit.XI]
    return real + [f"{name}-{n}" for n in range(count - len(real))]


def query(name: str, values: list[str]) -> str:
    return urlencode([(name, value) for value in values])


@pytest.mark.parametrize("name", ["source", "actor"])
def test_the_api_serves_exactly_the_limit_of_values(
    web_kit: ModuleType, web_client: FlaskClient, name: str
) -> None:
    values = filter_values(web_kit, name, MAX_FILTER_VALUES)
    response = web_client.get(f"/api/search?{query(name, values)}")
    assert response.status_code == 200
    results = response.get_json()["facets"][FACET_OF[name]]["results"]
    selected = [r for r in results if r["selected"]]
    unselected = [r for r in results if not r["selected"]]
    assert selected and unselected
    # Switching a value off leads to 49 values; a 51st value is not offered.
    for item in selected:
        assert len(parse_qs(urlsplit(item["toggle_url"]).query)[name]) == MAX_FILTER_VALUES - 1
    assert all("toggle_url" not in item for item in unselected)


@pytest.mark.parametrize("name", ["source", "actor"])
def test_the_api_refuses_one_value_past_the_limit_naming_the_field(
    web_kit: ModuleType, web_client: FlaskClient, name: str
) -> None:
    values = filter_values(web_kit, name, MAX_FILTER_VALUES + 1)
    response = web_client.get(f"/api/search?{query(name, values)}")
    assert response.status_code == 400
    assert list(response.get_json()["error"]["fields"]) == [name]


def test_one_value_below_the_limit_still_offers_every_toggle(
    web_kit: ModuleType, web_client: FlaskClient
) -> None:
    values = filter_values(web_kit, "source", MAX_FILTER_VALUES - 1)
    response = web_client.get(f"/api/search?{query('source', values)}")
    results = response.get_json()["facets"]["source"]["results"]
    added = [r for r in results if not r["selected"]]
    assert added
    for item in added:
        assert len(parse_qs(urlsplit(item["toggle_url"]).query)["source"]) == MAX_FILTER_VALUES


@pytest.mark.parametrize("name", ["source", "actor"])
def test_the_page_serves_exactly_the_limit_of_values(
    web_kit: ModuleType, web_client: FlaskClient, name: str
) -> None:
    values = filter_values(web_kit, name, MAX_FILTER_VALUES)
    response = web_client.get(f"/?{query(name, values)}")
    assert response.status_code == 200
    assert values[-1] in response.text  # the 50th value is applied (its chip)


@pytest.mark.parametrize(("name", "label"), [("source", "المصدر"), ("actor", "الفاعل")])
def test_the_page_refuses_one_value_past_the_limit_naming_the_field(
    web_kit: ModuleType, web_client: FlaskClient, name: str, label: str
) -> None:
    values = filter_values(web_kit, name, MAX_FILTER_VALUES + 1)
    response = web_client.get(f"/?{query(name, values)}")
    assert response.status_code == 400
    assert f"«{label}»" in response.text
