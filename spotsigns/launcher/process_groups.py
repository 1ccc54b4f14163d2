"""Processes, process groups and ports of the services: who is ours (tagged with the var dir),
killing whole groups (orphans included), and who holds a port."""

import contextlib
import errno
import os
import signal
import socket
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import psutil

SERVICE_ENV: Final = "SPOTSIGNS_SERVICE"
PORT_WAIT_SECONDS: Final = 3.0  # for a port that an exiting process still holds
KILL_GRACE_SECONDS: Final = 5.0  # SIGTERM → SIGKILL for leftovers of a killed supervisor
UMASK: Final = 0o077  # files 0600, directories 0700; the services inherit it


class ServeError(RuntimeError):
    """Why `spotsigns serve` cannot start; the message is one line for the operator."""


class PortBusy(ServeError):
    def __init__(self, port: int, holder: str) -> None:
        super().__init__(f"port {port} is in use by {holder}; stop it or choose another port")
        self.port = port
        self.holder = holder


def service_tag(var_dir: Path, name: str) -> str:
    return f"{var_dir}:{name}"


def _tag_of(process: psutil.Process) -> str | None:
    try:
        return process.environ().get(SERVICE_ENV)
    except (psutil.Error, OSError):
        return None


def is_ours(process: psutil.Process, var_dir: Path) -> bool:
    """Whether `process` is a service (or a process a service started) of this var dir."""
    tag = _tag_of(process)
    return tag is not None and tag.rpartition(":")[0] == str(var_dir)


def _protected_groups() -> set[int]:
    """Process groups that must never be signalled: ours and our ancestors'."""
    groups = {os.getpgrp()}
    with contextlib.suppress(psutil.Error):
        for process in [psutil.Process(), *psutil.Process().parents()]:
            with contextlib.suppress(OSError):
                groups.add(os.getpgid(process.pid))
    return groups


def group_members(pgid: int) -> list[int]:
    """Living (not zombie) processes of process group `pgid`."""
    members = []
    for process in psutil.process_iter():
        try:
            if os.getpgid(process.pid) == pgid and process.status() != psutil.STATUS_ZOMBIE:
                members.append(process.pid)
        except (psutil.Error, OSError):
            continue
    return members


def kill_groups(groups: Iterable[int], *, grace: float = KILL_GRACE_SECONDS) -> None:
    """SIGTERM every group, SIGKILL what is still alive after `grace` seconds (0: SIGKILL at once)."""
    targets = set(groups) - _protected_groups()
    first = signal.SIGTERM if grace > 0 else signal.SIGKILL
    for pgid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, first)
    deadline = time.monotonic() + grace
    while targets and time.monotonic() < deadline:
        targets = {pgid for pgid in targets if group_members(pgid)}
        if targets:
            time.sleep(0.1)
    for pgid in targets:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while targets and time.monotonic() < deadline:
        targets = {pgid for pgid in targets if group_members(pgid)}
        if targets:
            time.sleep(0.05)


def leftover_groups(var_dir: Path) -> set[int]:
    """Process groups of services of `var_dir` that no supervisor of ours started: found by
    their SPOTSIGNS_SERVICE tag, and by the pid files under `<var dir>/run/`."""
    groups: set[int] = set()
    me = os.getpid()
    for process in psutil.process_iter(["environ"]):
        environ = process.info.get("environ") or {}
        tag = environ.get(SERVICE_ENV)
        if process.pid != me and tag is not None and tag.rpartition(":")[0] == str(var_dir):
            with contextlib.suppress(OSError):
                groups.add(os.getpgid(process.pid))
    for pid_file in (var_dir / "run").glob("*.pid"):
        if pid_file.name == "serve.pid":
            continue
        try:
            pid = int(pid_file.read_text(encoding="ascii").strip())
            process = psutil.Process(pid)
            # Not a pid that was reused since: the process is older than its pid file and leads its group.
            if (
                process.create_time() <= pid_file.stat().st_mtime + 1
                and os.getpgid(pid) == pid
                and process.status() != psutil.STATUS_ZOMBIE
            ):
                groups.add(pid)
        except (ValueError, OSError, psutil.Error):
            continue
    return groups - _protected_groups()


def port_in_use(host: str, port: int) -> bool:
    """Whether something listens on (or has bound) `host:port` so that a server cannot bind it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is no obstacle
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.errno == errno.EADDRINUSE
    return False


def port_holders(port: int) -> list[psutil.Process]:
    """The processes listening on TCP `port` (those we may see)."""
    holders: dict[int, psutil.Process] = {}
    try:
        connections = psutil.net_connections(kind="tcp")
    except (psutil.Error, OSError):
        return []
    for connection in connections:
        if connection.laddr and connection.laddr.port == port and connection.status == psutil.CONN_LISTEN and connection.pid:
            with contextlib.suppress(psutil.Error):
                holders.setdefault(connection.pid, psutil.Process(connection.pid))
    return list(holders.values())


def describe(process: psutil.Process) -> str:
    try:
        command = " ".join(process.cmdline()) or process.name()
    except psutil.Error:
        command = "?"
    if len(command) > 160:
        command = command[:157] + "..."
    return f"pid {process.pid} ({command})"


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner can enter (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(PermissionError):
        path.chmod(0o700)
    return path
