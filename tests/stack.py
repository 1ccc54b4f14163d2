"""Self-contained stacks for the tests and benchmarks: free ports, their own directory,
databases and keys, and the services started as child processes (`RunningStack`)."""

import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from spotsigns.config import Settings
from spotsigns.launcher.process_groups import ServeError
from spotsigns.launcher.services import Child, service_env, services, stop_all


def free_port() -> int:
    """A free TCP port on 127.0.0.1 (for tests and benchmarks that start their own services)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def isolated_settings(var_dir: Path, pseudonym_key: str, base: dict[str, str] | None = None) -> Settings:
    """Settings for a self-contained stack: its own directory, databases, free ports and keys."""
    from cryptography.fernet import Fernet

    return Settings.load(
        {
            # Every test and benchmark client is 127.0.0.1 and scripted: flood protection would
            # measure itself (it is tested through the app in tests/unit/test_rate_limits.py).
            "RATE_LIMIT_CLIENT": "1000000/minute",
            "RATE_LIMIT_CONVERSATION": "1000000/minute",
            **(base or {}),
            "SPOTSIGNS_ENV_FILE": str(var_dir / "no.env"),
            "SPOTSIGNS_VAR_DIR": str(var_dir),
            "DATABASE_URL": f"sqlite:///{var_dir / 'spotsigns.db'}",
            "PORT": str(free_port()),
            "RASA_URL": f"http://127.0.0.1:{free_port()}",
            "ACTION_SERVER_URL": f"http://127.0.0.1:{free_port()}",
            "PSEUDONYM_KEY": pseudonym_key,
            "CONTACT_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        }
    )


def wait_until_ready(url: str, timeout: float, check_alive: Callable[[], None], *, what: str, poll: float = 0.5) -> None:
    """Poll `url`/readyz until it answers 200; `check_alive` raises when a process died."""
    import httpx  # only the tests and benchmarks need this here

    deadline = time.monotonic() + timeout
    while True:
        check_alive()
        try:
            if httpx.get(f"{url}/readyz", timeout=2, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not become ready within {timeout:.0f} s")
        time.sleep(poll)


@dataclass
class RunningStack:
    """The services started as child processes (used by the tests and benchmarks)."""

    settings: Settings
    children: dict[str, Child]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    @property
    def logs(self) -> Path:
        return self.settings.var_dir / "logs"

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        return {name: child.process for name, child in self.children.items() if child.process is not None}

    def start(self, name: str) -> None:
        """Start (or start again, after a kill) the service `name`; its log is appended to."""
        self.children[name].start(service_env(self.settings))

    def kill(self, name: str) -> None:
        """SIGKILL to the service's leader only, as a crash would: no clean shutdown, and any
        worker it started is orphaned (`start` cleans that up)."""
        self.processes[name].kill()
        self.processes[name].wait(20)

    def wait_ready(self, timeout: float) -> None:
        def check_alive() -> None:
            for child in self.children.values():
                if child.process is not None and child.process.poll() is not None:
                    tail = child.log.read_text(errors="replace")[-4000:]
                    raise RuntimeError(f"{child.name} exited with {child.process.returncode}:\n{tail}")

        wait_until_ready(self.url, timeout, check_alive, what=f"the services (logs in {self.logs})")

    def stop(self) -> None:
        stop_all(reversed(list(self.children.values())), timeout=20)


def start_stack(settings: Settings, model: Path, *, timeout: float = 180.0, with_outbox: bool = False) -> RunningStack:
    """Start the action server, Rasa and the gateway (and an outbox worker when asked); return
    once /readyz says ready."""
    stack = RunningStack(settings, {child.name: child for child in services(settings, model, with_outbox=with_outbox)})
    try:
        for name in stack.children:
            stack.start(name)
        stack.wait_ready(timeout)
    except (RuntimeError, ServeError):
        stack.stop()
        raise
    return stack
