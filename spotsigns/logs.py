"""Log format for every process: one JSON object a line, never message text or identifiers.

JSON escapes newlines and control characters, so nothing a client sends can start a line of
its own; callers still log codes and counts, not what the client wrote. The supervisor
(`spotsigns serve`) writes each service's output to its own size-rotated file.
"""

from __future__ import annotations

import logging
import sys
import time

from pythonjsonlogger.json import JsonFormatter

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class _UtcJsonFormatter(JsonFormatter):
    converter = time.gmtime  # ISO 8601 UTC, like the lines the supervisor wraps

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + f".{int(record.msecs):03d}+00:00"


def json_formatter() -> logging.Formatter:
    return _UtcJsonFormatter(FORMAT, rename_fields={"asctime": "time", "levelname": "level", "name": "logger"}, json_ensure_ascii=True)


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for this process (and the libraries it uses); tracebacks, when a
    library logs one, stay inside the one JSON line as `exc_info`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(json_formatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per readiness probe otherwise
