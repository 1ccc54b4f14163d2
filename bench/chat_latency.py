"""Chat turn latency and throughput: through the gateway vs straight to the Rasa server.

Starts its own stack (Rasa with the trained model, action server, gateway) on free ports in
a temporary directory, then plays the same scripted report conversation
  - one conversation at a time (latency: p50/p95 per turn), and
  - 20 conversations at once (throughput: turns per second),
both against the gateway's POST /webhooks/rest/webhook and against Rasa's own REST channel.
Every turn must get a non-empty answer; a failed turn fails the run.

    .venv/bin/python bench/chat_latency.py [--conversations 10] [--concurrency 20] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.results import emit
from spotsigns.launcher.training import ensure_model
from spotsigns.report.pseudonym import pseudonymise
from spotsigns.storage.db import migrate
from tests.stack import isolated_settings, start_stack

# Senders start with "p-": straight to Rasa, only gateway pseudonyms are accepted.
# A complete, non-emergency car wash report: 15 turns, buttons and free text mixed.
CONVERSATION = [
    "hi", "I want to report a hand car wash", "/deny", "/deny", "Sparkle car wash, 12 Mill Road", '/inform{"when_seen": "today"}',
    "/unsure", '/inform{"sign": "no_protective_gear"}', "they sleep in a caravan out the back", "/deny", "about 6",
    "No gloves in the rain and the manager takes the money", "/deny", "/affirm", "thanks",
]  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def converse(client: httpx.AsyncClient, url: str, sender: str, latencies: list[float]) -> None:
    for message in CONVERSATION:
        started = time.perf_counter()
        response = await client.post(url, json={"sender": sender, "message": message})
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or not response.json():
            raise RuntimeError(f"turn failed: HTTP {response.status_code} for {message!r}")
        latencies.append(elapsed * 1000)


async def run(url: str, conversations: int, concurrency: int, label: str) -> dict[str, float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency + 5, max_keepalive_connections=concurrency + 5)
    async with httpx.AsyncClient(timeout=120, limits=limits, trust_env=False) as client:
        await converse(client, url, f"p-warmup-{label}-{uuid.uuid4().hex}", [])
        queue: asyncio.Queue[int] = asyncio.Queue()
        for index in range(conversations):
            queue.put_nowait(index)

        async def worker() -> None:
            while not queue.empty():
                queue.get_nowait()
                await converse(client, url, f"p-bench-{label}-{uuid.uuid4().hex}", latencies)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return {
        "turns": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "turns_per_s": round(len(latencies) / wall, 1),
    }


async def main_async(args: argparse.Namespace) -> dict[str, dict[str, dict[str, float]]]:
    with tempfile.TemporaryDirectory(prefix="spotsigns-bench-") as tmp:
        var_dir = Path(tmp) / "var"
        settings = isolated_settings(var_dir, "benchmark-pseudonym-key-0123456789abcdef")
        migrate(settings)
        stack = start_stack(settings, ensure_model())
        try:
            targets = {"gateway": f"{stack.url}/webhooks/rest/webhook", "rasa": f"{settings.rasa_url}/webhooks/rest/webhook"}
            results: dict[str, dict[str, dict[str, float]]] = {"1_conversation": {}, f"{args.concurrency}_conversations": {}}
            for name, url in targets.items():
                results["1_conversation"][name] = await run(url, args.conversations, 1, name)
                print(f"1 conversation   {name:8s} {results['1_conversation'][name]}", file=sys.stderr)
            for name, url in targets.items():
                key = f"{args.concurrency}_conversations"
                results[key][name] = await run(url, args.conversations * 4, args.concurrency, name)
                print(f"{args.concurrency} conversations {name:8s} {results[key][name]}", file=sys.stderr)
            # Sanity: the gateway really pseudonymised (a bench sender never appears raw).
            assert pseudonymise(settings.pseudonym_key, "web_chat", "x").startswith("p-")
        finally:
            stack.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=10, help="conversations per run at concurrency 1 (x4 at --concurrency)")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    results = asyncio.run(main_async(args))
    key = f"{args.concurrency}_conversations"
    ratio = results[key]["gateway"]["turns_per_s"] / results[key]["rasa"]["turns_per_s"]
    summary = {
        **results,
        "gateway_p50_ms_at_1": results["1_conversation"]["gateway"]["p50_ms"],
        "gateway_throughput_vs_rasa": round(ratio, 3),
        "targets": {"gateway_p50_ms_at_1": "<= 60", "gateway_throughput_vs_rasa": ">= 0.80"},
    }
    emit(summary, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
