"""The OpenAPI document of the JSON endpoints (bot/openapi.py): valid OpenAPI 3.1 (the
official meta-schema as schemathesis ships it, every schema valid JSON Schema 2020-12, every
$ref resolvable), its enums and limits are those of spotsigns/report/fields.py, it agrees with the
API's own answers (201 or 422) on examples, and the gateway serves it at GET /api/openapi.json."""

from __future__ import annotations

import copy
import dataclasses
import json
import uuid
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
import schemathesis
from sanic_testing.testing import SanicASGITestClient
from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

from bot.app import create_app
from bot.openapi import OPENAPI_PATH, openapi_document
from spotsigns.config import Settings
from spotsigns.report import fields
from spotsigns.report.triage import URGENCIES
from spotsigns.storage.db import migrate


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(json.dumps(openapi_document()))  # as a client reads it


def schemas(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


@pytest.fixture
def gateway(settings: Settings) -> SanicASGITestClient:
    migrate(settings)
    return create_app(settings, name=f"openapi_{uuid.uuid4().hex}").asgi_client


def report_validator(document: dict[str, Any]) -> jsonschema_rs.Validator:
    """The request body schema of POST /api/reports, with the document's components."""
    return jsonschema_rs.Draft202012Validator({**schemas(document)["Report"], "components": document["components"]})


# --- valid OpenAPI 3.1 ------------------------------------------------------------------


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.1.")
    OPENAPI_31_VALIDATOR.validate(document)
    schema = schemathesis.openapi.from_dict(document)
    schema.validate()
    operations = {result.ok().label for result in schema.get_all_operations()}  # every operation loads
    assert operations == {
        "POST /api/reports",
        "OPTIONS /api/reports",
        "POST /webhooks/rest/webhook",
        "OPTIONS /webhooks/rest/webhook",
        "GET /healthz",
        "GET /readyz",
        f"GET {OPENAPI_PATH}",
    }


def test_the_meta_schema_check_catches_a_broken_document(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    broken["paths"]["/healthz"]["get"]["responses"]["200"]["unexpected"] = True
    with pytest.raises(jsonschema_rs.ValidationError):
        OPENAPI_31_VALIDATOR.validate(broken)


@pytest.mark.parametrize("name", sorted(openapi_document()["components"]["schemas"]))
def test_every_schema_is_valid_json_schema_2020_12(document: dict[str, Any], name: str) -> None:
    jsonschema_rs.meta.validate({"$schema": "https://json-schema.org/draft/2020-12/schema", **schemas(document)[name]})


def test_every_reference_resolves(document: dict[str, Any]) -> None:
    found = list(refs(document))
    assert found
    for ref in found:
        assert isinstance(resolve(document, ref), dict), ref


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    ids = [op["operationId"] for path in document["paths"].values() for op in path.values()]
    assert len(ids) == len(set(ids))


# --- one source of the fields --------------------------------------------------------------


def without_null(values: list[Any]) -> list[Any]:
    assert values[-1] is None, "an optional choice also accepts null (unknown)"
    return values[:-1]


def test_the_report_fields_are_those_of_spec_section_2(document: dict[str, Any]) -> None:
    report = schemas(document)["Report"]
    assert set(report["properties"]) == {f.name for f in dataclasses.fields(fields.Report)}
    assert report["required"] == ["location"]
    assert report["additionalProperties"] is False


def test_the_enums_are_the_values_in_fields_py(document: dict[str, Any]) -> None:
    properties = schemas(document)["Report"]["properties"]
    assert without_null(properties["setting"]["enum"]) == list(fields.SETTINGS)
    assert without_null(properties["when_seen"]["enum"]) == list(fields.WHEN_SEEN)
    assert without_null(properties["children_involved"]["enum"]) == list(fields.TRISTATE)
    assert without_null(properties["immediate_danger"]["enum"]) == list(fields.TRISTATE)
    assert without_null(properties["language"]["enum"]) == list(fields.LANGUAGES)
    assert properties["signs"]["items"]["enum"] == list(fields.SIGNS)
    assert schemas(document)["ReportAccepted"]["properties"]["urgency"]["enum"] == list(URGENCIES)


def test_the_limits_are_those_in_fields_py(document: dict[str, Any]) -> None:
    properties = schemas(document)["Report"]["properties"]
    assert properties["location"]["maxLength"] == fields.MAX_LOCATION_CHARS
    assert properties["description"]["maxLength"] == fields.MAX_DESCRIPTION_CHARS
    assert (properties["people_count"]["minimum"], properties["people_count"]["maximum"]) == (0, fields.MAX_PEOPLE_COUNT)
    assert properties["people_count"]["type"] == ["integer", "null"]
    contact = schemas(document)["Contact"]
    assert set(contact["properties"]) == {f.name for f in dataclasses.fields(fields.Contact)}
    assert contact["additionalProperties"] is False
    assert {p["maxLength"] for p in contact["properties"].values()} == {200}
    assert {tuple(p["type"]) for p in contact["properties"].values()} == {("string", "null")}


def test_the_documented_responses(document: dict[str, Any]) -> None:
    reports = document["paths"]["/api/reports"]["post"]
    assert set(reports["responses"]) == {"201", "422", "415", "403", "429"}
    assert "Idempotent-Replayed" in reports["responses"]["201"]["headers"]
    assert "Retry-After" in reports["responses"]["429"]["headers"]
    key = resolve(document, reports["parameters"][0]["$ref"])
    assert (key["name"], key["in"], key["required"]) == ("Idempotency-Key", "header", False)
    assert reports["requestBody"]["content"].keys() == {"application/json"}
    chat = document["paths"]["/webhooks/rest/webhook"]["post"]
    assert set(chat["responses"]) == {"200", "400", "413", "415", "403", "429", "503"}
    assert chat["responses"]["503"]["content"] == chat["responses"]["200"]["content"]  # the same array shape
    for path in ("/api/reports", "/webhooks/rest/webhook"):
        preflight = document["paths"][path]["options"]
        assert set(preflight["responses"]) == {"204", "403"}
        assert "Access-Control-Allow-Origin" in preflight["responses"]["204"]["headers"]
    readyz = document["paths"]["/readyz"]["get"]["responses"]
    assert set(readyz) == {"200", "503"}
    assert schemas(document)["Readiness"]["properties"]["checks"]["required"] == ["database", "rasa", "action_server"]


# --- the schema agrees with the API's checks ---------------------------------------------

GOOD = {
    "setting": "nail_bar", "location": "Top Nails, 4 King Street", "when_seen": "this_week",
    "signs": ["cannot_speak_freely", "long_hours"], "people_count": 3, "children_involved": "no",
    "immediate_danger": "no", "reporter_is_victim": False, "description": "Staff are there 12 hours a day.",
    "contact_ok": True, "contact": {"name": "Sam", "phone": "07700 900123", "email": None, "safe_times": "after 6"},
    "language": "pl",
}  # fmt: skip


@pytest.mark.parametrize(
    "body",
    [
        GOOD,
        {"location": "5 Mill Road"},
        {"location": "5 Mill Road", "setting": None, "signs": None, "people_count": None, "contact": None, "language": None},
        {"location": "x" * fields.MAX_LOCATION_CHARS, "people_count": fields.MAX_PEOPLE_COUNT},
        {"location": "5 Mill Road", "people_count": 0, "signs": list(fields.SIGNS)},
        {},
        {"location": ""},
        {"location": "   "},
        {"location": None},
        {"location": 5},
        {"location": "x" * (fields.MAX_LOCATION_CHARS + 1)},
        {"location": "a", "description": "d" * (fields.MAX_DESCRIPTION_CHARS + 1)},
        {"location": "a", "setting": "spaceship"},
        {"location": "a", "signs": ["bad_sign"]},
        {"location": "a", "signs": "long_hours"},
        {"location": "a", "people_count": -1},
        {"location": "a", "people_count": fields.MAX_PEOPLE_COUNT + 1},
        {"location": "a", "people_count": True},
        {"location": "a", "people_count": "3"},
        {"location": "a", "immediate_danger": True},
        {"location": "a", "reporter_is_victim": "yes"},
        {"location": "a", "language": "fr"},
        {"location": "a", "contact": {"fax": "1"}},
        {"location": "a", "contact": {"name": "n" * 201}},
        {"location": "a", "contact": "Sam"},
        {"location": "a", "unknown": 1},
        {"location": "\u0000"},
        {"location": "\u200b\u200e"},
        {"location": " \u200b Mill Road"},
        {"location": "a", "description": "\u0000"},
    ],
    ids=lambda body: json.dumps(body)[:60],
)
async def test_the_schema_and_the_api_agree(gateway: SanicASGITestClient, document: dict[str, Any], body: dict[str, Any]) -> None:
    _, response = await gateway.post("/api/reports", json=body)
    assert response.status in (201, 422), response.text
    assert report_validator(document).is_valid(body) == (response.status == 201), response.text


# --- served by the gateway ---------------------------------------------------------------


async def test_the_gateway_serves_the_document(gateway: SanicASGITestClient, settings: Settings) -> None:
    _, response = await gateway.get(OPENAPI_PATH)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json == json.loads(json.dumps(openapi_document(settings.max_message_chars)))
    message = response.json["components"]["schemas"]["ChatMessage"]["properties"]["message"]
    assert message["maxLength"] == settings.max_message_chars
