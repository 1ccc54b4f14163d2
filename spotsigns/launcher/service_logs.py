"""Service logs: each service's output, one JSON object a line, in its own size-rotated file
(mode 0600). A line that is not a JSON object already (Rasa's output, a traceback) is wrapped."""

import contextlib
import json
import logging
import logging.handlers
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Final

from spotsigns.launcher.process_groups import private_dir

MAX_LINE_BYTES: Final = 64 * 1024  # a longer line is cut into several log records
DEFAULT_LOG_MAX_BYTES: Final = 10 * 1024 * 1024
DEFAULT_LOG_BACKUPS: Final = 5


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are 0600 whatever the umask (also after a rollover)."""

    def _open(self) -> IO[str]:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def log_line(service: str, line: str) -> str | None:
    """The log line for one line of a service's output: a JSON object as it is, anything else
    wrapped into `{"time", "service", "message"}`; None for a blank line."""
    line = line.rstrip("\r\n")
    if not line.strip():
        return None
    if line.lstrip().startswith("{"):
        try:
            if isinstance(json.loads(line), dict):
                return line
        except ValueError:
            pass
    return json.dumps({"time": _now(), "service": service, "message": line}, ensure_ascii=True)


class ServiceLog:
    """`<var dir>/logs/<name>.log`, size-rotated (LOG_MAX_BYTES, LOG_BACKUPS), one JSON object a
    line. Thread-safe: the pipe readers of a service's old and new process may overlap."""

    def __init__(self, path: Path, service: str, *, max_bytes: int = DEFAULT_LOG_MAX_BYTES, backups: int = DEFAULT_LOG_BACKUPS) -> None:
        private_dir(path.parent)
        self.path = path
        self.service = service
        self._handler = _PrivateRotatingFileHandler(path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8")
        self._handler.setFormatter(logging.Formatter("%(message)s"))

    def write(self, raw: str | bytes) -> None:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
        line = log_line(self.service, text)
        if line is not None:
            self._handler.handle(logging.LogRecord(self.service, logging.INFO, __file__, 0, line, None, None))

    def event(self, message: str, **fields: object) -> None:
        """A line of the supervisor's own."""
        self.write(json.dumps({"time": _now(), "service": self.service, "message": message, **fields}, ensure_ascii=True))

    def pump(self, stream: IO[bytes]) -> None:
        """Copy a child's output to the log until every process holding the pipe closed it."""
        with stream:
            for raw in iter(lambda: stream.readline(MAX_LINE_BYTES), b""):
                # Keep reading whatever happens to the file (a full disk): a child blocked on a
                # full pipe would stop serving.
                with contextlib.suppress(Exception):
                    self.write(raw)

    def close(self) -> None:
        self._handler.close()
