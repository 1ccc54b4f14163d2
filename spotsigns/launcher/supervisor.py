"""`spotsigns serve`: take over the var dir (stop a killed run's leftovers, tighten file modes),
then keep every service running, restarting one that exits with backoff while the others serve."""

import contextlib
import fcntl
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from spotsigns.config import Settings
from spotsigns.launcher.process_groups import UMASK, ServeError, kill_groups, leftover_groups, private_dir
from spotsigns.launcher.service_logs import ServiceLog
from spotsigns.launcher.services import Backoff, Child, service_env, services, stop_all

# --- taking over a var dir -----------------------------------------------------------------


def tighten_modes(settings: Settings) -> None:
    """Directories 0700 and files 0600 under the var dir, and the SQLite files wherever they are."""
    var_dir = settings.var_dir
    private_dir(var_dir)
    files: list[Path] = []
    for root, dirs, names in os.walk(var_dir):
        for name in dirs:
            path = Path(root, name)
            if not path.is_symlink():
                with contextlib.suppress(OSError):
                    path.chmod(0o700)
        files.extend(Path(root, name) for name in names)
    databases = [settings.tracker_database]
    if settings.database_url.startswith("sqlite:///"):
        databases.append(settings.database_url.removeprefix("sqlite:///"))
    for database in databases:
        files.extend(Path(database + suffix) for suffix in ("", "-wal", "-shm", "-journal"))
    for path in files:
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o600)


class VarDirLock:
    """`<var dir>/run/serve.pid`, locked while a supervisor runs on the var dir (the lock goes
    with the process, also when it is killed)."""

    def __init__(self, var_dir: Path) -> None:
        self.path = private_dir(var_dir / "run") / "serve.pid"
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(self._fd, 32).decode("ascii", errors="replace").strip() or "?"
            os.close(self._fd)
            raise ServeError(f"another spotsigns serve (pid {holder}) is running on {var_dir}; stop it first") from None
        os.ftruncate(self._fd, 0)
        os.write(self._fd, f"{os.getpid()}\n".encode("ascii"))

    def release(self) -> None:
        if self._fd >= 0:
            os.ftruncate(self._fd, 0)  # no stale pid for the next reader
            os.close(self._fd)
            self._fd = -1


def take_over(settings: Settings) -> VarDirLock:
    """Claim the var dir for this supervisor: no other live supervisor on it, the services a
    killed one left running are stopped, and its files are private. Raises ServeError."""
    os.umask(UMASK)
    lock = VarDirLock(settings.var_dir)
    try:
        leftovers = leftover_groups(settings.var_dir)
        if leftovers:
            print(f"stopping {len(leftovers)} service process group(s) left from an earlier run: {sorted(leftovers)}", file=sys.stderr)
            kill_groups(leftovers)
        tighten_modes(settings)
    except BaseException:
        lock.release()
        raise
    return lock


# --- the supervisor ------------------------------------------------------------------------


class Supervisor:
    """Keeps a set of services running: a service that exits is restarted after its backoff
    delay while the others go on serving. `run` returns once `stopping` is set, with every
    service stopped."""

    def __init__(
        self, children: list[Child], env: dict[str, str], journal: ServiceLog, *, backoff: Callable[[], Backoff] = Backoff
    ) -> None:
        self.children = children
        self.env = env
        self.journal = journal
        self.stopping = threading.Event()
        self.backoff = {child.name: backoff() for child in children}
        self.next_start = {child.name: 0.0 for child in children}
        self.all_started = threading.Event()

    def say(self, message: str, **fields: object) -> None:
        print(message, file=sys.stderr)
        self.journal.event(message, **fields)

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                for child in self.children:
                    if self.stopping.is_set():
                        break
                    self._tend(child)
                self.stopping.wait(0.2)
        finally:
            self.say("stopping", event="stopping")
            stop_all(reversed(self.children))

    def _tend(self, child: Child) -> None:
        now = time.monotonic()
        if child.process is not None:
            code = child.process.poll()
            if code is None:
                return
            uptime = now - child.started_at
            child.kill_group()  # its orphans (Sanic's worker) would hold the port
            child.process = None
            delay = self.backoff[child.name].delay(uptime)
            self.next_start[child.name] = time.monotonic() + delay
            self.say(f"{child.name} exited ({code}) after {uptime:.1f} s; restarting in {delay:g} s; log: {child.log}",
                     event="exited", child=child.name, code=code, uptime=round(uptime, 3), restart_in=delay)  # fmt: skip
        elif now >= self.next_start[child.name]:
            restart = self.backoff[child.name].failures > 0
            try:
                child.start(self.env)
            except (ServeError, OSError) as exc:
                delay = self.backoff[child.name].delay(0.0)
                self.next_start[child.name] = time.monotonic() + delay
                self.say(f"{child.name} could not start: {exc}; trying again in {delay:g} s",
                         event="start_failed", child=child.name, restart_in=delay)  # fmt: skip
                return
            assert child.process is not None
            self.say(f"{'restarted' if restart else 'started'} {child.name} (pid {child.process.pid}, log: {child.log})",
                     event="restarted" if restart else "started", child=child.name, pid=child.process.pid)  # fmt: skip
            if all(c.process is not None for c in self.children):
                self.all_started.set()


def supervise(settings: Settings, model: Path, *, lock: VarDirLock | None = None) -> int:
    """Start every service and keep them running; Ctrl-C (SIGINT/SIGTERM) stops them all.
    Returns 1 with a one-line message when the set cannot start (another supervisor runs on
    the var dir, a port is held by something that is not ours)."""
    os.umask(UMASK)
    try:
        lock = lock or take_over(settings)
        children = services(settings, model)
        for child in children:  # before anything starts: say so if the set cannot run
            child.ensure_port_free()
    except ServeError as exc:
        print(f"spotsigns serve: {exc}", file=sys.stderr)
        if lock is not None:
            lock.release()
        return 1
    journal = ServiceLog(
        settings.var_dir / "logs" / "supervisor.log", "supervisor", max_bytes=settings.log_max_bytes, backups=settings.log_backups
    )
    supervisor = Supervisor(children, service_env(settings), journal)

    def request_stop(_signum: int, _frame: object) -> None:
        supervisor.stopping.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)

    def announce() -> None:
        if supervisor.all_started.wait() and not supervisor.stopping.is_set():
            print(f"Spot the Signs: http://{settings.host}:{settings.port}/ (Rasa needs ~20 s to load; /readyz says when)", file=sys.stderr)

    threading.Thread(target=announce, daemon=True).start()
    try:
        supervisor.run()
    finally:
        journal.close()
        lock.release()
    return 0
