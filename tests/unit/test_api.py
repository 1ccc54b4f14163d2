"""POST /api/reports through the real gateway application and tip store (SQLite and
PostgreSQL): field-level 422s for every kind of bad input, 201 for a good report, and
Idempotency-Key making a double submit one tip."""

from __future__ import annotations

import json
import uuid

import pytest
from sanic_testing.testing import SanicASGITestClient
from sqlalchemy import func, select

from bot.app import create_app
from spotsigns.config import Settings
from spotsigns.storage.models import OutboxMessage, Tip
from spotsigns.storage.store import build_tip_store

GOOD = {
    "setting": "nail_bar", "location": "Top Nails, 4 King Street", "when_seen": "this_week",
    "signs": ["cannot_speak_freely", "long_hours"], "people_count": 3, "children_involved": "no",
    "immediate_danger": "no", "reporter_is_victim": False, "description": "Staff are there 12 hours a day.",
}  # fmt: skip


@pytest.fixture
def api(db_settings: Settings) -> SanicASGITestClient:
    return create_app(db_settings, name=f"api_{uuid.uuid4().hex}").asgi_client


def tips_count(settings: Settings) -> int:
    store = build_tip_store(settings)
    with store.sessions() as session:
        count = session.scalar(select(func.count()).select_from(Tip))
    store.close()
    return int(count or 0)


async def test_a_good_report_is_accepted(api: SanicASGITestClient, db_settings: Settings) -> None:
    _, response = await api.post("/api/reports", json=GOOD)
    assert response.status == 201
    body = response.json
    assert body["urgency"] == "medium"  # two signs, one of them a control sign
    assert set(body) == {"reference", "urgency", "next_steps"}
    assert "location" not in response.headers  # no GET for a tip: a reference must not reveal one
    store = build_tip_store(db_settings)
    tip = store.get(body["reference"])
    assert (tip.channel, tip.setting, tip.location, tip.people_count) == ("api", "nail_bar", "Top Nails, 4 King Street", 3)
    with store.sessions() as session:
        kinds = session.scalars(select(OutboxMessage.kind).where(OutboxMessage.tip_id == tip.id)).all()
    assert kinds == ["inbox_notification"]
    store.close()


async def test_an_emergency_through_the_api_is_escalated(api: SanicASGITestClient) -> None:
    _, response = await api.post("/api/reports", json={"location": "5 Mill Road", "immediate_danger": "yes"})
    assert response.status == 201
    assert response.json["urgency"] == "emergency"
    assert "999" in response.json["next_steps"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**GOOD, "setting": "spaceship"}, "setting"),
        ({**GOOD, "signs": ["looks_dodgy"]}, "signs"),
        ({**GOOD, "people_count": "three"}, "people_count"),
        ({**GOOD, "reporter_is_victim": "no"}, "reporter_is_victim"),
        ({**GOOD, "children_involved": 1}, "children_involved"),
        ({**GOOD, "signs": "long_hours"}, "signs"),
        ({k: v for k, v in GOOD.items() if k != "location"}, "location"),
        ({**GOOD, "location": "   "}, "location"),
        ({**GOOD, "favourite_colour": "blue"}, "favourite_colour"),
        ({**GOOD, "contact_ok": True, "contact": "07700 900123"}, "contact"),
    ],
)
async def test_bad_fields_get_field_errors(api: SanicASGITestClient, db_settings: Settings, payload: dict, field: str) -> None:
    _, response = await api.post("/api/reports", json=payload)
    assert response.status == 422
    assert field in response.json["errors"], response.json
    assert tips_count(db_settings) == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        (b"[1, 2, 3]", "body"),
        (b"\xff\xfe", "body"),
        (json.dumps({**GOOD, "description": "x" * (2 * 1024 * 1024)}).encode(), "body"),
    ],
)
async def test_unusable_bodies_get_a_422(api: SanicASGITestClient, db_settings: Settings, body: bytes, field: str) -> None:
    _, response = await api.post("/api/reports", content=body, headers={"Content-Type": "application/json"})
    assert response.status == 422
    assert field in response.json["errors"]
    assert tips_count(db_settings) == 0


async def test_the_same_idempotency_key_twice_makes_one_tip(api: SanicASGITestClient, db_settings: Settings) -> None:
    headers = {"Idempotency-Key": "form-submit-7f3a2c"}
    _, first = await api.post("/api/reports", json=GOOD, headers=headers)
    _, second = await api.post("/api/reports", json=GOOD, headers=headers)
    assert (first.status, second.status) == (201, 201)
    assert first.json["reference"] == second.json["reference"]
    assert second.headers["idempotent-replayed"] == "true"
    assert tips_count(db_settings) == 1
    _, conflict = await api.post("/api/reports", json={**GOOD, "location": "somewhere else"}, headers=headers)
    assert conflict.status == 422
    assert "Idempotency-Key" in conflict.json["errors"]
    _, bad_key = await api.post("/api/reports", json=GOOD, headers={"Idempotency-Key": "has spaces in it"})
    assert bad_key.status == 422
    assert tips_count(db_settings) == 1
