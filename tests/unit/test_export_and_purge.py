"""`spotsigns export` and `spotsigns purge`, as commands, on a real database."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text, update

from spotsigns.config import REPO_ROOT, Settings
from spotsigns.report.fields import Contact, Report
from spotsigns.storage.models import AuditEvent, Tip
from spotsigns.storage.store import build_tip_store


def spotsigns(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings.env, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.run([sys.executable, "-m", "spotsigns", *args], env=env, capture_output=True, text=True, timeout=60, check=False)


def test_export_never_includes_contact_details_or_pseudonyms(db_settings: Settings) -> None:
    store = build_tip_store(db_settings)
    contact = Contact(name="Pat Reporter", phone="07700 900321", email="pat@example.org")
    store.record_report(
        Report(setting="farm", location="Hill Farm", contact_ok=True, contact=contact), channel="web_chat", reporter_pseudonym="p-secret-1"
    )
    store.record_report(Report(setting="house", location='=HYPERLINK("http://x")', signs=("long_hours", "windows_covered")), channel="api")

    jsonl = spotsigns(db_settings, "export", "--format", "jsonl")
    assert jsonl.returncode == 0, jsonl.stderr
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [r["setting"] for r in rows] == ["farm", "house"]
    assert rows[1]["urgency"] == "medium"
    assert rows[1]["reasons"] == ["two_or_more_signs:2"]
    assert rows[0]["status"] == "new"
    assert rows[0]["contact_ok"] is True

    exported_csv = spotsigns(db_settings, "export", "--format", "csv")
    assert exported_csv.returncode == 0
    table = list(csv.DictReader(io.StringIO(exported_csv.stdout)))
    assert table[1]["location"].startswith("'=")  # a spreadsheet will not run it
    assert table[1]["signs"] == "long_hours;windows_covered"

    for output in (jsonl.stdout, exported_csv.stdout):
        for secret in ("07700 900321", "pat@example.org", "Pat Reporter", "p-secret-1", "ciphertext", "pseudonym"):
            assert secret not in output
    store.close()


def test_export_refuses_an_unknown_format(settings: Settings) -> None:
    result = spotsigns(settings, "export", "--format", "xml")
    assert result.returncode != 0
    assert "invalid choice" in result.stderr


def test_purge_erases_old_contact_details_and_transcripts_and_is_audited(db_settings: Settings) -> None:
    store = build_tip_store(db_settings)
    old = store.record_report(Report(location="a", contact_ok=True, contact=Contact(phone="07700 900111")), channel="web_chat")
    new = store.record_report(Report(location="b", contact_ok=True, contact=Contact(phone="07700 900222")), channel="web_chat")
    with store.sessions.begin() as session:
        session.execute(update(Tip).where(Tip.reference == old.reference).values(created_at=datetime.now(UTC) - timedelta(days=400)))

    trackers = Path(db_settings.tracker_database)
    trackers.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(trackers) as db:  # Rasa's SQL tracker store table, as Rasa creates it
        db.execute(
            "create table events (id integer primary key, sender_id text, type_name text,"
            " timestamp real, intent_name text, action_name text, data text)"
        )
        db.execute(
            "insert into events (sender_id, type_name, timestamp, data) values ('p-old', 'user', ?, '{\"text\": \"old\"}')",
            ((datetime.now(UTC) - timedelta(days=400)).timestamp(),),
        )
        db.execute(
            "insert into events (sender_id, type_name, timestamp, data) values ('p-new', 'user', ?, '{\"text\": \"new\"}')",
            (datetime.now(UTC).timestamp(),),
        )

    result = spotsigns(db_settings, "purge", "--older-than-days", "180")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["contacts"] == 1
    assert json.loads(result.stdout)["tracker_events"] == 1
    with store.sessions() as session:
        remaining = (
            session.execute(text("select tips.reference from tip_contacts join tips on tips.id = tip_contacts.tip_id")).scalars().all()
        )
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "purged")).one()
    assert remaining == [new.reference]
    assert audit.detail["contacts"] == 1
    assert "07700" not in json.dumps(audit.detail)
    with sqlite3.connect(trackers) as db:
        assert db.execute("select sender_id from events").fetchall() == [("p-new",)]
    assert store.get(old.reference).location == "a"  # the anonymised tip itself stays
    store.close()
