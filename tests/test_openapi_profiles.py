"""The OpenAPI document describes the actor and place JSON routes, and what they
answer is what it says."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from openapi_spec_validator import validate

from tests.test_api import get_json
from web.profile_schemas import ProfileSchema

pytest_plugins = ["tests.web_conftest"]


@pytest.mark.parametrize("kinds", ["actors", "places"])
def test_the_document_lists_each_profile_route_with_its_answers(
    web_client: FlaskClient, kinds: str
) -> None:
    spec = get_json(web_client, "/api/openapi.json")
    validate(spec)
    get = spec["paths"][f"/api/{kinds}/{{name}}"]["get"]
    assert set(get["responses"]) == {"200", "400", "404", "503"}
    ok = get["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Profile"}
    assert [p["name"] for p in get["parameters"]] == ["name"]


@pytest.mark.parametrize("kinds", ["actors", "places"])
def test_a_profile_answer_matches_the_documented_schema(
    web_client: FlaskClient, kinds: str
) -> None:
    facets = get_json(web_client, "/api/search?q=")["facets"][kinds]["results"]
    name = facets[0]["value"]
    body = get_json(web_client, f"/api/{kinds}/{quote(name, safe='')}")
    assert ProfileSchema().validate(body) == {}
    assert body["name"] == name and body["articles"] > 0
