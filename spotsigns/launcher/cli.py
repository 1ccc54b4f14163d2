"""The `spotsigns` console command (SPEC §5)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from spotsigns.config import ConfigError, Settings
from spotsigns.report.triage import triage
from spotsigns.report.validation import ReportError, report_from_mapping


def _serve(args: argparse.Namespace) -> int:
    from spotsigns.launcher.process_groups import UMASK, ServeError
    from spotsigns.launcher.supervisor import supervise, take_over
    from spotsigns.launcher.training import ensure_model
    from spotsigns.storage.db import migrate

    os.umask(UMASK)  # databases, logs and keys: 0600, directories 0700 (the services inherit it)
    settings = Settings.load()
    try:
        lock = take_over(settings)  # one supervisor per var dir; stop what a killed one left running
    except ServeError as exc:
        print(f"spotsigns serve: {exc}", file=sys.stderr)
        return 1
    try:
        migrate(settings)
        model = ensure_model()
    except BaseException:
        lock.release()
        raise
    return supervise(settings, model, lock=lock)


def _gateway(args: argparse.Namespace) -> int:
    from bot.app import serve

    serve(Settings.load())
    return 0


def _train(args: argparse.Namespace) -> int:
    from spotsigns.launcher.training import ensure_model

    print(ensure_model(force=args.force))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from spotsigns.storage.db import migrate

    migrate(Settings.load())
    print("database is at the newest migration", file=sys.stderr)
    return 0


def _outbox(args: argparse.Namespace) -> int:
    """Run the delivery worker until stopped (or one cycle with --once)."""
    import asyncio
    import signal

    from spotsigns.delivery.transports import build_transports
    from spotsigns.delivery.worker import OutboxWorker
    from spotsigns.logs import configure_logging
    from spotsigns.storage.contacts import ContactCipher
    from spotsigns.storage.db import make_engine, session_factory

    configure_logging()
    settings = Settings.load()
    sessions = session_factory(make_engine(settings.database_url))
    worker = OutboxWorker(sessions, settings, build_transports(settings), ContactCipher(settings.contact_key), worker_id=args.worker_id)

    async def main() -> None:
        if args.once:
            await worker.run_once()
            return
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await worker.run(stop)

    asyncio.run(main())
    return 0


def _export(args: argparse.Namespace) -> int:
    """Tips as JSON lines or CSV on stdout: urgency, reasons, status; never contact details."""
    from spotsigns.storage.db import make_engine, session_factory
    from spotsigns.storage.export import write_export

    settings = Settings.load()
    count = write_export(session_factory(make_engine(settings.database_url)), args.format, sys.stdout)
    print(f"exported {count} tips", file=sys.stderr)
    return 0


def _purge(args: argparse.Namespace) -> int:
    from pathlib import Path

    from spotsigns.storage.db import make_engine, session_factory
    from spotsigns.storage.retention import purge

    settings = Settings.load()
    days = settings.retention_days if args.older_than_days is None else args.older_than_days
    if days < 0:
        print("error: --older-than-days must be 0 or more", file=sys.stderr)
        return 2
    result = purge(session_factory(make_engine(settings.database_url)), Path(settings.tracker_database), retention_days=days)
    print(
        json.dumps(
            {
                "contacts": result.contacts,
                "pending_contacts": result.pending_contacts,
                "tracker_events": result.tracker_events,
                "cutoff": result.cutoff,
            }
        )
    )
    return 0


def _triage(args: argparse.Namespace) -> int:
    """JSON reports, one a line, in; one {"urgency", "reasons"} a line out."""
    failures = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ReportError({"report": "must be a JSON object"})
            messages = data.pop("messages", [])
            if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
                raise ReportError({"messages": "must be a list of strings"})
            result = triage(report_from_mapping(data), messages)
        except json.JSONDecodeError as exc:
            failures += 1
            print(f"line {number}: not valid JSON ({exc.msg})", file=sys.stderr)
            print(json.dumps({"error": "invalid_json", "line": number}))
        except ReportError as exc:
            failures += 1
            print(f"line {number}: {exc}", file=sys.stderr)
            print(json.dumps({"error": "invalid_report", "line": number, "fields": exc.errors}))
        else:
            print(json.dumps(result.as_dict()), flush=True)
    return 1 if failures else 0


def _detect_language(args: argparse.Namespace) -> int:
    """One message a line in; one ISO 639-1 code a line out (the gateway's detector)."""
    from bot.language import LanguageDetector

    detector = LanguageDetector()
    for line in sys.stdin:
        guess = detector.guess(line.strip())
        # Probability 0: nothing to go on ("", "ok", "👍"), so the caller's default.
        print(guess.language if guess.probability > 0 else args.default, flush=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spotsigns", description="Spot the Signs: report suspected modern slavery to your council.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("serve", help="migrate, train if needed, and run Rasa, the action server and the gateway").set_defaults(func=_serve)
    commands.add_parser("gateway", help="run only the public gateway (Rasa and actions run elsewhere)").set_defaults(func=_gateway)
    train = commands.add_parser("train", help="train the Rasa model unless the cached one is current")
    train.add_argument("--force", action="store_true", help="retrain even if a model for this data exists")
    train.set_defaults(func=_train)
    commands.add_parser("migrate", help="bring the database schema up to date").set_defaults(func=_migrate)
    commands.add_parser("triage", help="triage JSON reports read one a line from stdin").set_defaults(func=_triage)
    export = commands.add_parser("export", help="write every tip to stdout (never contact details)")
    export.add_argument("--format", choices=("jsonl", "csv"), required=True)
    export.set_defaults(func=_export)
    purge = commands.add_parser("purge", help="erase contact details and chat transcripts past the retention period")
    purge.add_argument("--older-than-days", type=int, help="override RETENTION_DAYS for this run")
    purge.set_defaults(func=_purge)
    outbox = commands.add_parser("outbox", help="run the delivery worker (police escalations, inbox notifications)")
    outbox.add_argument("--once", action="store_true", help="one delivery cycle, then exit")
    outbox.add_argument("--worker-id", help="name of this worker in the delivery log (default: host:pid:random)")
    outbox.set_defaults(func=_outbox)
    detect = commands.add_parser("detect-language", help="detect the language of messages read one a line from stdin")
    detect.add_argument("--default", default="en", help="code printed when a message is too short to tell (default: en)")
    detect.set_defaults(func=_detect_language)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Databases, keys and logs hold reports: readable by this account only (0600/0700).
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a clear one-line message, not a stack trace
        from spotsigns.launcher.training import TrainingError

        if isinstance(exc, TrainingError):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        raise
