"""The supervisor of `spotsigns serve` with small stand-in services (Python one-liners): process
groups killed as a whole, also after their leader died; ports freed before a restart; backoff
instead of giving up; leftovers of a killed supervisor stopped; logs wrapped into JSON and
rotated; private file modes."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from spotsigns.config import REPO_ROOT, Settings
from spotsigns.launcher.process_groups import SERVICE_ENV, PortBusy, ServeError, group_members, leftover_groups, port_in_use
from spotsigns.launcher.service_logs import ServiceLog, log_line
from spotsigns.launcher.services import Backoff, Child, write_endpoints
from spotsigns.launcher.supervisor import Supervisor, VarDirLock, take_over, tighten_modes
from tests.stack import free_port

# A service like the action server: the leader starts a worker (inheriting its stdout) that
# holds the port, as Sanic's worker manager does, and both print.
SERVICE = textwrap.dedent(
    """
    import socket, subprocess, sys, time
    port, role = int(sys.argv[1]), sys.argv[2]
    if role == "leader":
        print("leader up: plain text", flush=True)
        print('{"time": "t", "level": "INFO", "logger": "x", "message": "a JSON line"}', flush=True)
        subprocess.Popen([sys.executable, __file__, str(port), "worker", *sys.argv[3:]])
        while True:
            time.sleep(1)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen()
    open(sys.argv[3] if len(sys.argv) > 3 else "/dev/null", "a").close()
    print("worker listening", flush=True)
    print("Traceback (most recent call last):\\n  File x\\nValueError: not JSON", flush=True)
    while True:
        time.sleep(1)
    """
)


def wait_for(condition: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        time.sleep(0.05)


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def keep_umask() -> Iterator[None]:
    """take_over sets the supervisor's umask; give pytest its own back."""
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "service.py"
    path.write_text(SERVICE, encoding="utf-8")
    return path


@pytest.fixture
def cleanup() -> Iterator[list[Child]]:
    children: list[Child] = []
    yield children
    for child in children:
        child.stop(timeout=2)
        child.close()


def service(var_dir: Path, script: Path, name: str, port: int, cleanup: list[Child], *extra: str) -> Child:
    child = Child(
        name, [sys.executable, str(script), str(port), "leader", *extra], var_dir / "logs" / f"{name}.log", port=port, var_dir=var_dir
    )
    cleanup.append(child)
    return child


def worker_of(child: Child) -> int:
    """The pid of the worker the leader started (the one holding the port)."""
    assert child.process is not None
    wait_for(lambda: psutil.Process(child.process.pid).children())
    return psutil.Process(child.process.pid).children()[0].pid


def settings_for(var_dir: Path) -> Settings:
    return Settings.load(
        {
            "SPOTSIGNS_VAR_DIR": str(var_dir),
            "SPOTSIGNS_ENV_FILE": str(var_dir / "no.env"),
            "DATABASE_URL": f"sqlite:///{var_dir / 'spotsigns.db'}",
        }
    )


# --- process groups and ports ---------------------------------------------------------------


def test_a_service_runs_in_its_own_session_tagged_with_the_var_dir(var_dir: Path, script: Path, cleanup: list[Child]) -> None:
    port = free_port()
    child = service(var_dir, script, "action-server", port, cleanup)
    child.start(dict(os.environ))
    worker = worker_of(child)
    wait_for(lambda: port_in_use("127.0.0.1", port))

    assert child.process is not None
    assert os.getpgid(child.process.pid) == child.process.pid == os.getsid(child.process.pid)
    assert os.getpgid(worker) == child.process.pid != os.getpgrp()
    assert psutil.Process(worker).environ()[SERVICE_ENV] == f"{var_dir}:action-server"
    assert (var_dir / "run" / "action-server.pid").read_text().strip() == str(child.process.pid)


def test_a_killed_leaders_orphan_is_killed_and_the_port_freed_before_the_restart(var_dir: Path, script: Path, cleanup: list[Child]) -> None:
    port = free_port()
    child = service(var_dir, script, "action-server", port, cleanup)
    child.start(dict(os.environ))
    orphan = worker_of(child)
    wait_for(lambda: port_in_use("127.0.0.1", port))
    assert child.process is not None
    first = child.process.pid

    child.process.kill()  # a crash of the leader alone, as SIGKILL from outside would be
    child.process.wait(5)
    time.sleep(0.3)
    assert alive(orphan) and port_in_use("127.0.0.1", port)  # what used to make restarts fail

    started = time.monotonic()
    child.start(dict(os.environ))
    assert time.monotonic() - started < 2  # no waiting out a timeout: the orphan is killed at once
    assert not alive(orphan)
    assert group_members(first) == []
    worker = worker_of(child)
    wait_for(lambda: port_in_use("127.0.0.1", port))
    assert alive(worker)

    child.stop(timeout=5)
    assert not alive(worker) and not port_in_use("127.0.0.1", port)
    assert not (var_dir / "run" / "action-server.pid").exists()


def test_stop_terminates_the_whole_group(var_dir: Path, script: Path, cleanup: list[Child]) -> None:
    port = free_port()
    child = service(var_dir, script, "action-server", port, cleanup)
    child.start(dict(os.environ))
    worker = worker_of(child)
    assert child.process is not None
    leader = child.process.pid

    started = time.monotonic()
    child.stop(timeout=5)
    assert time.monotonic() - started < 3  # SIGTERM reached both: no wait for the SIGKILL
    assert not alive(leader) and not alive(worker)
    assert not port_in_use("127.0.0.1", port)


def test_a_port_held_by_another_program_is_named(var_dir: Path, script: Path, cleanup: list[Child]) -> None:
    port = free_port()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import socket,time; s=socket.socket(); s.bind(('127.0.0.1',{port})); s.listen(); print(1, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        child = service(var_dir, script, "gateway", port, cleanup)
        with pytest.raises(PortBusy) as raised:
            child.start(dict(os.environ))
        message = str(raised.value)
        assert f"port {port}" in message and f"pid {holder.pid}" in message and "socket" in message
        assert "\n" not in message
        assert holder.poll() is None  # not ours: never killed
        assert child.process is None
    finally:
        holder.kill()
        holder.wait()


def test_serve_exits_with_one_line_naming_the_holder_of_a_port(tmp_path: Path, var_dir: Path) -> None:
    port = free_port()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import socket,time; s=socket.socket(); s.bind(('127.0.0.1',{port})); s.listen(); print(1, flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    env = {
        **os.environ,
        "SPOTSIGNS_VAR_DIR": str(var_dir),
        "SPOTSIGNS_ENV_FILE": str(tmp_path / "no.env"),
        "DATABASE_URL": f"sqlite:///{var_dir / 'spotsigns.db'}",
        "PORT": str(port),
        "RASA_URL": f"http://127.0.0.1:{free_port()}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}",
        "RASA_BIN": sys.executable,  # never started: the check comes first
    }
    code = (
        "import sys; from pathlib import Path; from spotsigns.config import Settings; from spotsigns.launcher.supervisor import supervise; "
    )
    code += "sys.exit(supervise(Settings.load(), Path('model.tar.gz')))"
    try:
        assert holder.stdout is not None and holder.stdout.readline()
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
        )
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"port {port}" in result.stderr and f"pid {holder.pid}" in result.stderr
    assert not list((var_dir / "logs").glob("*.log"))  # nothing was started


# --- restarts -------------------------------------------------------------------------------


def test_backoff_doubles_to_a_cap_and_resets_after_a_good_run() -> None:
    backoff = Backoff(initial=1, cap=60, reset_after=30)
    assert [backoff.delay(uptime=2) for _ in range(9)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert backoff.delay(uptime=31) == 1  # it had stayed up: a new failure starts over
    assert backoff.delay(uptime=0.5) == 2


def test_a_failing_service_is_retried_with_backoff_while_the_others_keep_running(var_dir: Path, script: Path) -> None:
    port = free_port()
    steady = Child(
        "steady", [sys.executable, str(script), str(port), "leader"], var_dir / "logs" / "steady.log", port=port, var_dir=var_dir
    )
    failing = Child("failing", [sys.executable, "-c", "import sys; print('boom'); sys.exit(3)"], var_dir / "logs" / "failing.log")
    journal = ServiceLog(var_dir / "logs" / "supervisor.log", "supervisor")
    supervisor = Supervisor([steady, failing], dict(os.environ), journal, backoff=lambda: Backoff(initial=0.1, cap=0.4, reset_after=5))
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        wait_for(lambda: steady.process is not None)
        assert steady.process is not None
        first = steady.process.pid
        time.sleep(3)
        assert steady.process.pid == first and steady.process.poll() is None
    finally:
        supervisor.stopping.set()
        thread.join(20)
        journal.close()
    assert not thread.is_alive()
    assert not alive(first) and not port_in_use("127.0.0.1", port)

    events = [json.loads(line) for line in (var_dir / "logs" / "supervisor.log").read_text().splitlines()]
    delays = [e["restart_in"] for e in events if e.get("event") == "exited" and e["child"] == "failing"]
    assert delays[:4] == [0.1, 0.2, 0.4, 0.4], delays  # and on at the cap: it never gives up
    assert all(e.get("code") == 3 for e in events if e.get("event") == "exited")
    assert not [e for e in events if e.get("child") == "steady" and e.get("event") != "started"]
    assert events[-1]["event"] == "stopping"
    assert (var_dir / "logs" / "failing.log").read_text().count('"message": "boom"') >= len(delays)


def test_a_supervisor_restarts_a_killed_leader_and_its_orphan_does_not_block_it(var_dir: Path, script: Path) -> None:
    port = free_port()
    child = Child(
        "action-server", [sys.executable, str(script), str(port), "leader"], var_dir / "logs" / "a.log", port=port, var_dir=var_dir
    )
    journal = ServiceLog(var_dir / "logs" / "supervisor.log", "supervisor")
    supervisor = Supervisor([child], dict(os.environ), journal, backoff=lambda: Backoff(initial=0.1))
    thread = threading.Thread(target=supervisor.run)
    thread.start()
    try:
        for _ in range(3):
            wait_for(lambda: child.process is not None and port_in_use("127.0.0.1", port))
            orphan = worker_of(child)
            assert child.process is not None
            leader = child.process.pid
            os.kill(leader, signal.SIGKILL)
            wait_for(lambda leader=leader: child.process is not None and child.process.pid != leader)
            assert not alive(orphan)
        wait_for(lambda: port_in_use("127.0.0.1", port))
    finally:
        supervisor.stopping.set()
        thread.join(20)
        journal.close()
    events = [json.loads(line) for line in (var_dir / "logs" / "supervisor.log").read_text().splitlines()]
    assert [e["event"] for e in events if e.get("event") in ("restarted", "start_failed")] == ["restarted"] * 3


# --- leftovers of a killed supervisor --------------------------------------------------------


def test_serve_stops_the_services_a_killed_supervisor_left_running(var_dir: Path, tmp_path: Path, script: Path) -> None:
    settings = settings_for(var_dir)
    port, other_port = free_port(), free_port()
    left = Child(
        "action-server", [sys.executable, str(script), str(port), "leader"], var_dir / "logs" / "a.log", port=port, var_dir=var_dir
    )
    other_var = tmp_path / "other-var"
    other = Child("action-server", [sys.executable, str(script), str(other_port), "leader"], other_var / "logs" / "a.log", port=other_port)
    try:
        left.start(dict(os.environ))
        other.start(dict(os.environ))
        orphans = [left.process.pid, worker_of(left)]  # type: ignore[union-attr]
        bystanders = [other.process.pid, worker_of(other)]  # type: ignore[union-attr]
        wait_for(lambda: port_in_use("127.0.0.1", port))
        # The supervisor is gone (SIGKILL): nobody will stop these. A new one finds them.
        assert leftover_groups(var_dir) == {orphans[0]}

        lock = take_over(settings)
        try:
            assert not any(alive(pid) for pid in orphans)
            assert all(alive(pid) for pid in bystanders)  # another var dir's services are not ours
            assert not port_in_use("127.0.0.1", port)
            assert leftover_groups(var_dir) == set()
        finally:
            lock.release()
    finally:
        for child in (left, other):
            child.stop(timeout=2)
            child.close()


def test_a_leftover_found_only_by_its_pid_file_is_stopped(var_dir: Path) -> None:
    """Where the environment of a process cannot be read, the pid file still finds it."""
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        (var_dir / "run").mkdir(parents=True)
        (var_dir / "run" / "rasa.pid").write_text(f"{orphan.pid}\n")
        assert leftover_groups(var_dir) == {orphan.pid}
        os.utime(var_dir / "run" / "rasa.pid", (0, 0))  # older than the process: its pid was reused
        assert leftover_groups(var_dir) == set()
    finally:
        orphan.kill()
        orphan.wait()


def test_only_one_supervisor_runs_on_a_var_dir(var_dir: Path) -> None:
    first = VarDirLock(var_dir)
    try:
        with pytest.raises(ServeError, match=re.escape(f"another spotsigns serve (pid {os.getpid()}) is running on {var_dir}")):
            VarDirLock(var_dir)
    finally:
        first.release()
    VarDirLock(var_dir).release()  # free again once the first let go


# --- logs -----------------------------------------------------------------------------------


def test_lines_that_are_not_json_objects_are_wrapped() -> None:
    line = '{"time": "2026-01-01 10:00:00,000", "level": "INFO", "message": "x"}'
    assert log_line("gateway", line + "\n") == line
    for raw in ("plain text", "[1, 2]", '"a string"', "{not json", "Traceback (most recent call last):", '  File "x", line 1'):
        wrapped = json.loads(log_line("rasa", raw + "\n") or "")
        assert wrapped["service"] == "rasa" and wrapped["message"] == raw and wrapped["time"]
    assert log_line("rasa", "   \n") is None
    hostile = log_line("rasa", 'x", "level": "CRITICAL\x1b[31m')
    assert hostile is not None and json.loads(hostile)["message"] == 'x", "level": "CRITICAL\x1b[31m' and "\x1b" not in hostile


def test_a_services_output_reaches_its_log_as_json_lines(var_dir: Path, script: Path, cleanup: list[Child]) -> None:
    port = free_port()
    child = service(var_dir, script, "action-server", port, cleanup)
    child.start(dict(os.environ))
    log = var_dir / "logs" / "action-server.log"
    wait_for(lambda: log.exists() and "ValueError" in log.read_text())
    child.stop(timeout=2)

    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert all(isinstance(record, dict) for record in records)
    messages = [record["message"] for record in records]
    assert "leader up: plain text" in messages and "a JSON line" in messages and "ValueError: not JSON" in messages
    assert {record["service"] for record in records if record["message"] != "a JSON line"} == {"action-server"}


def test_logs_rotate_by_size_and_keep_the_configured_backups(var_dir: Path) -> None:
    log = ServiceLog(var_dir / "logs" / "rasa.log", "rasa", max_bytes=2000, backups=2)
    for number in range(200):
        log.write(f"line {number} " + "x" * 40)
    log.close()
    files = sorted((var_dir / "logs").iterdir())
    assert [f.name for f in files] == ["rasa.log", "rasa.log.1", "rasa.log.2"]
    for path in files:
        assert path.stat().st_size <= 2000
        assert mode(path) == 0o600
        assert all(json.loads(line)["service"] == "rasa" for line in path.read_text().splitlines())
    assert json.loads((var_dir / "logs" / "rasa.log").read_text().splitlines()[-1])["message"].startswith("line 199 ")


def test_log_size_and_backups_come_from_the_settings(var_dir: Path) -> None:
    assert (settings_for(var_dir).log_max_bytes, settings_for(var_dir).log_backups) == (10 * 1024 * 1024, 5)
    settings = Settings.load({**settings_for(var_dir).env, "LOG_MAX_BYTES": "4096", "LOG_BACKUPS": "2"})
    assert (settings.log_max_bytes, settings.log_backups) == (4096, 2)


# --- file modes -----------------------------------------------------------------------------


def test_files_are_private(var_dir: Path, script: Path, cleanup: list[Child]) -> None:
    port = free_port()
    created = var_dir / "created-by-the-service.db"
    child = service(var_dir, script, "action-server", port, cleanup, str(created))
    child.start(dict(os.environ))  # the test process's umask is 022: the service still gets 077
    wait_for(created.exists)
    child.stop(timeout=2)
    child.close()
    assert mode(created) == 0o600
    assert mode(var_dir / "logs") == 0o700 and mode(var_dir / "run") == 0o700
    assert mode(var_dir / "logs" / "action-server.log") == 0o600
    assert mode(write_endpoints(settings_for(var_dir))) == 0o600


def test_serve_tightens_existing_files(tmp_path: Path, var_dir: Path) -> None:
    (var_dir / "logs").mkdir(parents=True)
    old = [
        var_dir / "spotsigns.db",
        var_dir / "spotsigns.db-wal",
        var_dir / "endpoints.yml",
        var_dir / "logs" / "gateway.log",
    ]
    trackers = tmp_path / "elsewhere" / "rasa-trackers.db"
    trackers.parent.mkdir()
    for path in [*old, trackers]:
        path.write_text("x")
        path.chmod(0o644)
    var_dir.chmod(0o755)
    (var_dir / "logs").chmod(0o755)
    settings = Settings.load({**settings_for(var_dir).env, "RASA_TRACKER_DB": str(trackers)})

    tighten_modes(settings)
    assert [mode(path) for path in [*old, trackers]] == [0o600] * 5
    assert mode(var_dir) == mode(var_dir / "logs") == 0o700

    (var_dir / "logs" / "gateway.log").chmod(0o644)
    take_over(settings).release()  # what `spotsigns serve` does first
    assert mode(var_dir / "logs" / "gateway.log") == 0o600
    assert os.umask(0o077) == 0o077  # and the supervisor's umask, inherited by the services
