"""Configuration from environment variables (SPEC §5 names), optionally from a `.env` file.

With nothing set, everything still works: SQLite under `var/`, a pseudonym key generated once
and kept under `var/`, deliveries held in the outbox until a transport is configured.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
MODELS_DIR: Final = REPO_ROOT / "models"  # built models: Rasa's and the danger model of triage


class ConfigError(RuntimeError):
    """A configuration value is missing or malformed; the message says which and how to fix it."""


def read_env_file(path: Path) -> dict[str, str]:
    """Parse a `.env`-style file: KEY=value lines, `#` comments, optional quotes."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :]
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def _secret_file(path: Path, make: str) -> str:
    """Read a generated secret, creating it (mode 0600) on first use."""
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(make)
    return make


@dataclass(frozen=True)
class Settings:
    """Every setting the services read. Build with `Settings.load()`."""

    env: dict[str, str] = field(repr=False)

    @classmethod
    def load(cls, environ: dict[str, str] | None = None) -> Settings:
        environ = dict(os.environ if environ is None else environ)
        env_file = Path(environ.get("SPOTSIGNS_ENV_FILE", REPO_ROOT / ".env"))
        merged = {**read_env_file(env_file), **environ}  # real environment wins over the file
        return cls(merged)

    def get(self, name: str, default: str | None = None) -> str | None:
        value = self.env.get(name)
        return value if value not in (None, "") else default

    def _int(self, name: str, default: int) -> int:
        raw = self.get(name)
        if raw is None:
            return default
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None

    # --- places -------------------------------------------------------------------------
    @cached_property
    def var_dir(self) -> Path:
        return Path(self.get("SPOTSIGNS_VAR_DIR", str(REPO_ROOT / "var"))).resolve()

    @cached_property
    def database_url(self) -> str:
        return self.get("DATABASE_URL") or f"sqlite:///{self.var_dir / 'spotsigns.db'}"

    @cached_property
    def tracker_database(self) -> str:
        """SQLite file of Rasa's SQL tracker store in the embedded default."""
        return self.get("RASA_TRACKER_DB") or str(self.var_dir / "rasa-trackers.db")

    @cached_property
    def log_max_bytes(self) -> int:
        """Size at which `spotsigns serve` rotates a service's log file (LOG_MAX_BYTES)."""
        return self._int("LOG_MAX_BYTES", 10 * 1024 * 1024)

    @cached_property
    def log_backups(self) -> int:
        """Rotated log files kept per service (LOG_BACKUPS)."""
        return self._int("LOG_BACKUPS", 5)

    # --- network ------------------------------------------------------------------------
    @cached_property
    def host(self) -> str:
        return self.get("HOST", "127.0.0.1") or "127.0.0.1"

    @cached_property
    def port(self) -> int:
        return self._int("PORT", 8000)

    @cached_property
    def rasa_url(self) -> str:
        return (self.get("RASA_URL") or "http://127.0.0.1:5005").rstrip("/")

    @cached_property
    def action_server_url(self) -> str:
        return (self.get("ACTION_SERVER_URL") or "http://127.0.0.1:5055").rstrip("/")

    @cached_property
    def public_base_url(self) -> str:
        return (self.get("PUBLIC_BASE_URL") or f"http://{self.host}:{self.port}").rstrip("/")

    @cached_property
    def chat_allowed_origins(self) -> frozenset[str]:
        """Web origins (scheme://host[:port]) whose pages may post to the chat and the JSON API
        from a browser: CHAT_ALLOWED_ORIGINS (comma or space separated), by default the public
        base URL's origin. A page on the gateway's own address is always allowed."""
        raw = self.get("CHAT_ALLOWED_ORIGINS") or self.public_base_url
        origins = set()
        for item in raw.replace(",", " ").split():
            parts = urlsplit(item.strip())
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ConfigError(f"CHAT_ALLOWED_ORIGINS entries must look like https://www.council.gov.uk, not {item!r}")
            origins.add(f"{parts.scheme}://{parts.netloc}".lower())
        return frozenset(origins)

    @cached_property
    def rasa_timeout_seconds(self) -> float:
        return float(self.get("RASA_TIMEOUT_SECONDS", "20") or 20)

    # --- secrets ------------------------------------------------------------------------
    @cached_property
    def pseudonym_key(self) -> bytes:
        key = self.get("PSEUDONYM_KEY") or _secret_file(self.var_dir / "pseudonym.key", secrets.token_hex(32))
        if len(key) < 32:
            raise ConfigError("PSEUDONYM_KEY must be at least 32 characters of random text")
        return key.encode("utf-8")

    @cached_property
    def contact_key(self) -> bytes:
        """Fernet key that encrypts contact details at rest (CONTACT_ENCRYPTION_KEY)."""
        key = self.get("CONTACT_ENCRYPTION_KEY") or _secret_file(self.var_dir / "contact.key", Fernet.generate_key().decode("ascii"))
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise ConfigError("CONTACT_ENCRYPTION_KEY must be a Fernet key (Fernet.generate_key())") from None
        return key.encode("ascii")

    # --- deliveries ---------------------------------------------------------------------
    def _flag(self, name: str, default: bool) -> bool:
        raw = (self.get(name) or "").strip().lower()
        if not raw:
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{name} must be true or false, got {raw!r}")

    def _seconds(self, name: str, default: float) -> float:
        raw = self.get(name)
        try:
            return float(raw) if raw is not None else default
        except ValueError:
            raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None

    @cached_property
    def police_email(self) -> str | None:
        return self.get("POLICE_EMAIL")

    @cached_property
    def inbox_email(self) -> str | None:
        return self.get("INBOX_EMAIL")

    @cached_property
    def police_sms_to(self) -> str | None:
        return self.get("POLICE_SMS_TO")

    @cached_property
    def police_webhook_url(self) -> str | None:
        return self.get("POLICE_WEBHOOK_URL")

    @cached_property
    def police_webhook_secret(self) -> bytes:
        """Key of the HMAC signature on webhook deliveries (POLICE_WEBHOOK_SECRET)."""
        secret = self.get("POLICE_WEBHOOK_SECRET") or _secret_file(self.var_dir / "webhook.key", secrets.token_hex(32))
        return secret.encode("utf-8")

    @cached_property
    def smtp_host(self) -> str | None:
        return self.get("SMTP_HOST")

    @cached_property
    def smtp_port(self) -> int:
        return self._int("SMTP_PORT", 587)

    @cached_property
    def smtp_from(self) -> str:
        return self.get("SMTP_FROM") or "spot-the-signs@localhost"

    @cached_property
    def smtp_username(self) -> str | None:
        return self.get("SMTP_USERNAME")

    @cached_property
    def smtp_password(self) -> str | None:
        return self.get("SMTP_PASSWORD")

    @cached_property
    def smtp_starttls(self) -> bool:
        """STARTTLS after connecting (default on port 587)."""
        return self._flag("SMTP_STARTTLS", self.smtp_port == 587)

    @cached_property
    def smtp_tls(self) -> bool:
        """Implicit TLS from the first byte (default on port 465)."""
        return self._flag("SMTP_TLS", self.smtp_port == 465)

    @cached_property
    def twilio_account_sid(self) -> str | None:
        return self.get("TWILIO_ACCOUNT_SID")

    @cached_property
    def twilio_auth_token(self) -> str | None:
        return self.get("TWILIO_AUTH_TOKEN")

    @cached_property
    def twilio_from_number(self) -> str | None:
        return self.get("TWILIO_FROM_NUMBER")

    @cached_property
    def twilio_api_base_url(self) -> str:
        """Where the Twilio REST API lives; a local stand-in in tests."""
        return (self.get("TWILIO_API_BASE_URL") or "https://api.twilio.com").rstrip("/")

    @cached_property
    def outbox_poll_seconds(self) -> float:
        return self._seconds("OUTBOX_POLL_SECONDS", 1.0)

    @cached_property
    def outbox_lease_seconds(self) -> float:
        return self._seconds("OUTBOX_LEASE_SECONDS", 120.0)

    @cached_property
    def outbox_backoff_base_seconds(self) -> float:
        return self._seconds("OUTBOX_BACKOFF_BASE_SECONDS", 5.0)

    @cached_property
    def outbox_backoff_cap_seconds(self) -> float:
        return self._seconds("OUTBOX_BACKOFF_CAP_SECONDS", 900.0)

    @cached_property
    def delivery_timeout_seconds(self) -> float:
        return self._seconds("DELIVERY_TIMEOUT_SECONDS", 20.0)

    @cached_property
    def retention_days(self) -> int:
        """After this many days contact details and chat transcripts are erased (`spotsigns purge`)."""
        return self._int("RETENTION_DAYS", 180)

    # --- the council --------------------------------------------------------------------
    @cached_property
    def council_name(self) -> str:
        return self.get("COUNCIL_NAME", "Anytown Council") or "Anytown Council"

    @cached_property
    def council_phone(self) -> str | None:
        return self.get("COUNCIL_PHONE")

    @cached_property
    def helplines_file(self) -> Path:
        return Path(self.get("HELPLINES_FILE") or REPO_ROOT / "spotsigns" / "report" / "helplines.yml")

    # --- limits -------------------------------------------------------------------------
    @cached_property
    def max_message_chars(self) -> int:
        return self._int("MAX_MESSAGE_CHARS", 2000)

    @cached_property
    def db_threads(self) -> int:
        """Threads the gateway uses for database work (DB_THREADS)."""
        return self._int("DB_THREADS", 16)

    @cached_property
    def max_body_bytes(self) -> int:
        return self._int("MAX_BODY_BYTES", 64 * 1024)

    @cached_property
    def rate_limit_conversation(self) -> str:
        """Messages one chat or SMS conversation may send (limits syntax, ";" between windows)."""
        return self.get("RATE_LIMIT_CONVERSATION", "30/minute;300/hour") or ""

    @cached_property
    def rate_limit_client(self) -> str:
        """Requests one client address may make to the chat and the JSON API."""
        return self.get("RATE_LIMIT_CLIENT", "600/minute") or ""

    @cached_property
    def rate_limit_storage_url(self) -> str:
        """Where the limiter counts: memory:// (one gateway process) or redis://… (several)."""
        return self.get("RATE_LIMIT_STORAGE_URL", "memory://") or ""


@cache
def current_settings() -> Settings:
    """This process's settings, read from the environment (and `.env`) once, on first use.
    Tests that change the environment clear it with `current_settings.cache_clear()`."""
    return Settings.load()
