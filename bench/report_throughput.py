"""Sustained POST /api/reports rate and latency, on SQLite and on PostgreSQL, with a count
check that every accepted report was stored.

Starts the gateway alone (the API needs no Rasa) on a free port, with a fresh database, and
drives it with `wrk` (Debian's package; `make bench-tools` installs it): a C load generator
takes far less of the two cores than a Python client would, so the numbers are the
gateway's, not the client's.

    .venv/bin/python bench/report_throughput.py [--seconds 15] [--connections 32]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import create_engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from spotsigns.launcher.services import gateway_command, service_env
from spotsigns.storage.db import migrate
from spotsigns.storage.models import Tip
from tests.stack import isolated_settings

REPORT = {
    "setting": "car_wash", "location": "Sparkle car wash, 12 Mill Road", "when_seen": "today",
    "signs": ["no_protective_gear", "living_on_site", "cash_only_or_very_cheap"], "people_count": 6,
    "children_involved": "unsure", "immediate_danger": "no", "description": "No gloves in the rain; a caravan out the back.",
}  # fmt: skip


WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [[%s]]
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%.1f %%.1f\\n", summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def load(url: str, seconds: float, connections: int, script: Path) -> dict[str, float]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: run `make bench-tools` (Debian's wrk package)")
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, status_errors, socket_errors, duration_us, p50, p95 = output.split("RESULT ")[1].split()
    return {
        "requests": int(requests),
        "errors": int(status_errors) + int(socket_errors),
        "seconds": int(duration_us) / 1e6,
        "p50_ms": float(p50),
        "p95_ms": float(p95),
    }


def run(database_url: str | None, seconds: float, connections: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="spotsigns-bench-") as tmp:
        settings = isolated_settings(Path(tmp) / "var", "benchmark-pseudonym-key-0123456789abcdef")
        schema = None
        if database_url:
            schema = f"bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(database_url)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            settings = type(settings).load({**settings.env, "DATABASE_URL": f"{database_url}?options=-csearch_path%3D{schema}"})
        migrate(settings)
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        log = (settings.var_dir / "gateway.log").open("wb")
        process = subprocess.Popen(gateway_command(settings), env=service_env(settings), stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{settings.port}"
            for _ in range(100):
                try:
                    if httpx.get(f"{base}/healthz", timeout=1, trust_env=False).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            script = settings.var_dir / "post_report.lua"
            script.write_text(WRK_SCRIPT % json.dumps(REPORT), encoding="utf-8")
            load(f"{base}/api/reports", 2, connections, script)  # warm up
            engine = create_engine(settings.database_url)
            with engine.connect() as connection:
                before = connection.execute(select(func.count()).select_from(Tip)).scalar_one()
            measured = load(f"{base}/api/reports", seconds, connections, script)
            with engine.connect() as connection:
                stored = connection.execute(select(func.count()).select_from(Tip)).scalar_one() - before
            engine.dispose()
        finally:
            process.terminate()
            process.wait(20)
            log.close()
            if schema:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()
    accepted = measured["requests"] - measured["errors"]
    return {
        "database": "postgresql" if database_url else "sqlite",
        "accepted": accepted,
        "stored": stored,
        # wrk stops counting at the deadline; a request it gave up on may still be stored, so
        # stored >= accepted is the check, and anything below it is a lost report.
        "lost": max(0, accepted - stored),
        "errors": measured["errors"],
        "reports_per_s": round(accepted / measured["seconds"], 1),
        "p50_ms": measured["p50_ms"],
        "p95_ms": measured["p95_ms"],
        "connections": connections,
        "seconds": seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--postgres", help="PostgreSQL URL (a throw-away schema is created in it)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = [run(None, args.seconds, args.connections)]
    if args.postgres:
        results.append(run(args.postgres, args.seconds, args.connections))
    for result in results:
        print(json.dumps(result), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if any(r["lost"] or r["errors"] for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
