"""The `spotsigns` console command (SPEC §5)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from spotsigns.config import ConfigError, Settings
from spotsigns.fields import ReportError, report_from_mapping
from spotsigns.triage import triage


def _serve(args: argparse.Namespace) -> int:
    from spotsigns.db import migrate
    from spotsigns.services import supervise
    from spotsigns.training import ensure_model

    settings = Settings.load()
    migrate(settings)
    return supervise(settings, ensure_model())


def _gateway(args: argparse.Namespace) -> int:
    from bot.app import serve

    serve(Settings.load())
    return 0


def _train(args: argparse.Namespace) -> int:
    from spotsigns.training import ensure_model

    print(ensure_model(force=args.force))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from spotsigns.db import migrate

    migrate(Settings.load())
    print("database is at the newest migration", file=sys.stderr)
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
        detection = detector.detect(line.strip())
        print(detection.language if detection else args.default, flush=True)
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
    detect = commands.add_parser("detect-language", help="detect the language of messages read one a line from stdin")
    detect.add_argument("--default", default="en", help="code printed when a message is too short to tell (default: en)")
    detect.set_defaults(func=_detect_language)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a clear one-line message, not a stack trace
        from spotsigns.training import TrainingError

        if isinstance(exc, TrainingError):
            print(f"error: {exc}", file=sys.stderr)
            return 1
        raise
