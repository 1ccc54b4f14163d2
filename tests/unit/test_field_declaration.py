"""Every place that lists the report's fields follows the one declaration in spotsigns/report/fields.py
(issue 8): the tips table and its migrations, the form's slots, the outbox snapshot, the
export, police messages, the reporter's summary, the OpenAPI document and the round trips
between them. Adding a field to the declaration without the rest fails here."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from actions.conversation import REPORT_SLOTS, report_from_slots
from actions.summary import FIELD_NAMES, summary_text
from bot.openapi import openapi_document
from spotsigns.config import REPO_ROOT, Settings
from spotsigns.delivery.messages import Delivery, police_email
from spotsigns.report.fields import ANSWER_FIELDS, FIELDS, REPORT_FIELDS, STORED_FIELDS, Contact, Report, report_from_stored
from spotsigns.storage.db import migrate
from spotsigns.storage.export import COLUMNS
from spotsigns.storage.models import Base, Tip
from spotsigns.storage.outbox import tip_snapshot

# What the tip store records about a tip besides the report itself.
BOOKKEEPING = {
    "id", "reference", "channel", "urgency", "triage_reasons", "status", "is_complete", "reporter_pseudonym",
    "created_at", "updated_at", "escalated_at",
}  # fmt: skip
FULL = Report(
    immediate_danger="unsure", reporter_is_victim=True, setting="nail_bar", location="4 King Street", when_seen="today",
    children_involved="no", signs=("long_hours", "owes_debt"), people_count=3, description="They sleep upstairs.",
    contact_ok=True, contact=Contact(phone="07700 900123"), language="pl",
)  # fmt: skip


def test_the_report_dataclass_is_the_declaration() -> None:
    assert tuple(Report.__dataclass_fields__) == tuple(spec.name for spec in FIELDS)
    assert frozenset(spec.name for spec in FIELDS) == REPORT_FIELDS
    assert all(spec.kind != "choice" or spec.values for spec in FIELDS)


def test_the_tips_table_has_a_column_for_every_stored_field_and_no_other_report_column() -> None:
    columns = {column.key for column in Tip.__table__.columns}
    assert columns - BOOKKEEPING == set(STORED_FIELDS)
    personal = {spec.name for spec in FIELDS if spec.personal}
    assert not personal & columns  # contact details live apart, encrypted


def test_the_migrations_create_exactly_what_the_models_declare(settings: Settings) -> None:
    """A field added to the declaration and the model without a migration fails here."""
    migrate(settings)
    engine = create_engine(settings.database_url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_form_asks_for_the_declared_fields_in_the_declared_order() -> None:
    domain = yaml.safe_load((REPO_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert tuple(domain["forms"]["report_form"]["required_slots"]) == tuple(spec.name for spec in FIELDS)
    assert set(REPORT_SLOTS) | {"language"} == REPORT_FIELDS
    assert set(domain["slots"]) >= REPORT_FIELDS


def test_the_reporters_summary_names_every_answer_in_every_language() -> None:
    assert tuple(FIELD_NAMES) == ANSWER_FIELDS
    locales = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (REPO_ROOT / "locales").glob("*.yml")}
    for language, locale in locales.items():
        for key in FIELD_NAMES.values():
            assert key in locale["strings"], (language, key)
    slots = {**FULL.as_dict(), "signs": list(FULL.signs)}
    assert summary_text(slots).count("\n") == len(ANSWER_FIELDS) - 1


def test_snapshot_export_and_police_message_carry_every_stored_field() -> None:
    now = datetime.now(UTC)
    values = {
        **FULL.stored_values(), "reference": "STS-TEST-0001", "channel": "web_chat", "urgency": "high",
        "triage_reasons": ["reporter_is_victim"], "is_complete": True, "created_at": now, "updated_at": now,
    }  # fmt: skip
    snapshot = tip_snapshot(values)
    assert set(STORED_FIELDS) <= set(snapshot) and "contact" not in snapshot
    assert set(STORED_FIELDS) <= set(COLUMNS) and "contact" not in COLUMNS and "reporter_pseudonym" not in COLUMNS
    delivery = Delivery(1, "police_escalation", "police_email", "key", snapshot, 1)
    body = police_email(Settings.load({"SPOTSIGNS_ENV_FILE": "/nonexistent"}), delivery).get_content()
    for spec in FIELDS:
        if spec.name in STORED_FIELDS:
            assert f"{spec.police_label}:" in body, spec.name
    assert "4 King Street" in body and "They sleep upstairs." in body


def test_the_api_document_describes_exactly_the_declared_fields() -> None:
    schema = openapi_document()["components"]["schemas"]["Report"]
    assert set(schema["properties"]) == REPORT_FIELDS
    assert schema["required"] == [spec.name for spec in FIELDS if spec.required]


def test_a_report_survives_the_round_trips_through_slots_and_the_tip() -> None:
    without_contact = dataclasses.replace(FULL, contact=None)
    assert report_from_slots({**FULL.as_dict(), "signs": list(FULL.signs)}) == without_contact
    assert report_from_stored(FULL.stored_values()) == without_contact
