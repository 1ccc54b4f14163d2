"""Record the scenarios through a running stack and write tests/test_conversations.yml.

    make run   # in another terminal (or any running `spotsigns serve`)
    .venv/bin/python tests/tools/record_test_stories.py

Every reply must be a real answer (HTTP 200). Read the resulting file before committing it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import uuid

import httpx

from spotsigns.config import REPO_ROOT, Settings
from spotsigns.report.pseudonym import pseudonymise
from tests.tools.scenarios import SCENARIOS

OUT = REPO_ROOT / "tests" / "test_conversations.yml"


def main() -> int:
    settings = Settings.load()
    url = f"http://127.0.0.1:{settings.port}/webhooks/rest/webhook"
    senders: list[tuple[str, str]] = []
    transcript: list[str] = []
    failed = False
    with httpx.Client(timeout=60) as client:
        for name, messages, expected_end in SCENARIOS:
            sender = f"story-{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{uuid.uuid4().hex[:6]}"
            transcript.append(f"=== {name}")
            replies: list[dict] = []
            for message in messages:
                response = client.post(url, json={"sender": sender, "message": message})
                if response.status_code != 200:
                    print(f"{name}: {message!r} got HTTP {response.status_code}", file=sys.stderr)
                    return 1
                replies = response.json()
                transcript.append(f">>> {message}")
                for reply in replies:
                    first_line = (reply.get("text") or "").split("\n")[0]
                    transcript.append(f"    {first_line} {[b['title'] for b in reply.get('buttons', [])] or ''}")
            last = " ".join(r.get("text") or "" for r in replies)
            if expected_end not in last:
                print(f"{name}: ends with {last[:120]!r}, expected {expected_end!r}", file=sys.stderr)
                failed = True
            senders.append((name, pseudonymise(settings.pseudonym_key, "web_chat", sender)))
    (settings.var_dir / "recorded-transcript.txt").write_text("\n".join(transcript), encoding="utf-8")
    if failed:
        print(f"transcript: {settings.var_dir / 'recorded-transcript.txt'}", file=sys.stderr)
        return 1
    (settings.var_dir / "recorded-senders.json").write_text(json.dumps(senders), encoding="utf-8")
    subprocess.run(
        [
            str(REPO_ROOT / ".venv-bot" / "bin" / "python"),
            str(REPO_ROOT / "tests" / "tools" / "export_test_stories.py"),
            settings.tracker_database,
            str(OUT),
        ],
        input=json.dumps(senders).encode(),
        cwd=REPO_ROOT,
        check=True,
    )
    print(f"wrote {len(senders)} stories to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
