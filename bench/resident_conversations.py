"""Scripted residents through the real stack, scored per field (issue 10).

Starts its own stack (Rasa with the trained model, action server, gateway) on free ports in a
temporary directory, plays every conversation of tests/resident_conversations/ (written by
people who never saw the bot's data, tests or code; never trained on) by web chat or by the
signed Twilio webhook, and scores the stored tips against what each resident meant: per field,
overall and per language, with the police false alarms, the reports ended by mistake and the
questions asked twice. tests/e2e/test_resident_conversations.py asserts the bars on the same set.

    .venv/bin/python bench/resident_conversations.py [--only en,pl] [--transcripts out.md] [--json out.json]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import emit
from spotsigns.launcher.training import ensure_model
from spotsigns.storage.db import migrate
from tests.resident_script import FIELDS, SETS, Gateway, load_set, play_all, scores, transcript_text
from tests.stack import isolated_settings, start_stack

TWILIO_TOKEN = "bench-twilio-auth-token"
PUBLIC_BASE_URL = "https://report.example.gov.uk"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--set",
        choices=sorted(SETS),
        default="first",
        help="first: 89, read while tuning; second: 48, third to fifth: 80, sealed, then read; sealed: 80, never read",
    )
    parser.add_argument("--only", help="comma-separated languages or conversation ids")
    parser.add_argument("--workers", type=int, default=4, help="conversations played at once")
    parser.add_argument("--transcripts", type=Path, help="write every transcript, with what went wrong, here")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--logs", type=Path, help="copy the stack's logs here (to read after a failure)")
    args = parser.parse_args()
    conversations = load_set(SETS[args.set])
    if args.only:
        wanted = set(args.only.split(","))
        conversations = [c for c in conversations if c.language in wanted or c.id in wanted]
    with tempfile.TemporaryDirectory(prefix="spotsigns-bench-") as tmp:
        var_dir = Path(tmp) / "var"
        base = {**os.environ, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "PUBLIC_BASE_URL": PUBLIC_BASE_URL}
        settings = isolated_settings(var_dir, "benchmark-pseudonym-key-0123456789abcdef", base=base)
        migrate(settings)
        stack = start_stack(settings, ensure_model())
        try:
            app_db = Path(settings.database_url.removeprefix("sqlite:///"))
            gateway = Gateway(stack.url, app_db, settings.pseudonym_key, TWILIO_TOKEN, PUBLIC_BASE_URL)
            started = time.perf_counter()
            outcomes = play_all(gateway, conversations, workers=args.workers)
            wall = time.perf_counter() - started
        finally:
            stack.stop()
            if args.logs:
                shutil.copytree(var_dir / "logs", args.logs, dirs_exist_ok=True)
    if args.transcripts:
        args.transcripts.write_text("\n\n".join(transcript_text(o) for o in outcomes) + "\n", encoding="utf-8")
    table = scores(outcomes)
    for group, row in sorted(table.items(), key=lambda item: (item[0] != "all", item[0])):
        cells = "  ".join(f"{name}={row[name][0]}/{row[name][1]}" for name in FIELDS if name in row)
        print(f"{group:4s} {cells}", file=sys.stderr)
    results = {
        "conversations": len(outcomes),
        "seconds": round(wall, 1),
        "false_alarms": sorted(o.conversation.id for o in outcomes if o.false_alarm),
        "ended_by_mistake": sorted(o.conversation.id for o in outcomes if o.ended_by_mistake),
        "deliberate_stops_not_stopped": sorted(
            o.conversation.id for o in outcomes if o.conversation.expected.get("stopped") and not o.played.stopped
        ),
        "asked_twice": sum(len(o.played.reasked) for o in outcomes),
        "tapped_report_a_concern": sorted(o.conversation.id for o in outcomes if o.played.tapped_report),
        "no_words_for_a_question": sum(len(o.played.unanswered) for o in outcomes),
        "accuracy": {group: {name: round(r / n, 3) for name, (r, n) in row.items()} for group, row in table.items()},
        "counts": {group: {name: f"{r}/{n}" for name, (r, n) in row.items()} for group, row in table.items()},
    }
    emit(results, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
