"""`spotsigns export`: tips for analysis and partners. Never contact details, never the
reporter pseudonym. CSV cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from spotsigns.report.fields import STORED_FIELDS
from spotsigns.storage.models import Tip

# The declaration's stored fields (spotsigns.report.fields), between what the tip store records
# about the tip. The reporter pseudonym and contact details are never exported.
_BEFORE: Final = ("reference", "created_at", "updated_at", "channel", "status", "urgency", "reasons")
_AFTER: Final = ("is_complete", "escalated_at")
COLUMNS: Final = (*_BEFORE, *STORED_FIELDS, *_AFTER)
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def _row(tip: Tip) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(tip, name) for name in (*_BEFORE[:-1], *STORED_FIELDS, *_AFTER)}
    row["reasons"] = list(tip.triage_reasons)
    row["signs"] = list(tip.signs)
    for moment in ("created_at", "updated_at", "escalated_at"):
        row[moment] = row[moment].isoformat() if row[moment] else None
    return {column: row[column] for column in COLUMNS}


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
