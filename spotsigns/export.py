"""`spotsigns export`: tips for analysis and partners. Never contact details, never the
reporter pseudonym. CSV cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.models import Tip

COLUMNS: Final = (
    "reference", "created_at", "updated_at", "channel", "language", "status", "urgency", "reasons", "setting", "location",
    "when_seen", "signs", "people_count", "children_involved", "immediate_danger", "reporter_is_victim", "description",
    "contact_ok", "is_complete", "escalated_at",
)  # fmt: skip
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _row(tip: Tip) -> dict[str, Any]:
    return {
        "reference": tip.reference,
        "created_at": tip.created_at.isoformat(),
        "updated_at": tip.updated_at.isoformat(),
        "channel": tip.channel,
        "language": tip.language,
        "status": tip.status,
        "urgency": tip.urgency,
        "reasons": list(tip.triage_reasons),
        "setting": tip.setting,
        "location": tip.location,
        "when_seen": tip.when_seen,
        "signs": list(tip.signs),
        "people_count": tip.people_count,
        "children_involved": tip.children_involved,
        "immediate_danger": tip.immediate_danger,
        "reporter_is_victim": tip.reporter_is_victim,
        "description": tip.description,
        "contact_ok": tip.contact_ok,
        "is_complete": tip.is_complete,
        "escalated_at": tip.escalated_at.isoformat() if tip.escalated_at else None,
    }


def iter_rows(sessions: sessionmaker[Session]) -> Iterator[dict[str, Any]]:
    with sessions() as session:
        for tip in session.scalars(select(Tip).order_by(Tip.id).execution_options(yield_per=500)):
            yield _row(tip)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_export(sessions: sessionmaker[Session], fmt: str, out: IO[str]) -> int:
    count = 0
    if fmt == "jsonl":
        for row in iter_rows(sessions):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in iter_rows(sessions):
            writer.writerow({key: _cell(value) for key, value in row.items()})
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count
