"""rasa_runtime/channel.py inside Rasa's own environment (Python 3.10, Rasa 3.6): action calls
carry the same JSON as Rasa would send, minus the domain's responses, with the domain encoded
once per loaded domain, through Rasa's real EndpointConfig to a local HTTP server."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from spotsigns.config import REPO_ROOT
from spotsigns.launcher.training import bot_env, rasa_executable

pytestmark = pytest.mark.rasa

CHECK = r"""
import asyncio, json, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig
from rasa_runtime import channel as rasa_channel

domain = Domain.load("domain.yml").as_dict()
assert domain["responses"], "the domain has responses"
payload = {"next_action": "validate_report_form", "sender_id": "p-1", "version": "3.6.21",
           "tracker": {"events": [{"event": "user", "text": "zażółć \u2028 \"quoted\" </script>"}]}, "domain": domain}
expected = {**payload, "domain": {k: v for k, v in domain.items() if k != "responses"}}
assert json.loads(rasa_channel.encode_action_call(payload)) == expected

# A new domain object (a model reload) is encoded afresh.
other = {"slots": {"x": {}}, "responses": {"utter_x": [{"text": "x"}]}}
assert json.loads(rasa_channel.encode_action_call({"domain": other})) == {"domain": {"slots": {"x": {}}}}

received = []
class Server(BaseHTTPRequestHandler):
    def do_POST(self):
        received.append((self.headers["Content-Type"], json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
        body = b'{"events": [], "responses": []}'
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
server = ThreadingHTTPServer(("127.0.0.1", 0), Server)
threading.Thread(target=server.serve_forever, daemon=True).start()
endpoint = EndpointConfig(f"http://127.0.0.1:{server.server_port}/webhook")
answer = asyncio.run(endpoint.request(json=payload, method="post"))
assert answer == {"events": [], "responses": []}
assert received == [("application/json", expected)], received[0][0]
asyncio.run(endpoint.request(json={"plain": True}, method="post"))  # other calls are untouched
assert received[1][1] == {"plain": True}
server.shutdown()
print("ok")
"""


def test_action_calls_carry_the_domain_without_responses_encoded_once() -> None:
    python = rasa_executable().parent / "python"
    result = subprocess.run(
        [str(python), "-c", CHECK], cwd=REPO_ROOT, env=bot_env(), capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0 and result.stdout.strip().endswith("ok"), result.stdout[-2000:] + result.stderr[-4000:]


def test_the_ready_route_says_not_ready_while_no_model_is_loaded(tmp_path: Path) -> None:
    """Rasa's own GET / answers 200 when its model failed to load (seen: a half-written model
    file); /webhooks/rest/ready, which the gateway's /readyz uses, must not."""
    import httpx

    from tests.stack import free_port

    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00not a model")
    port = free_port()
    command = [str(rasa_executable()), "run", "--model", str(broken), "--interface", "127.0.0.1", "--port", str(port)]
    command += ["--credentials", str(REPO_ROOT / "credentials.yml")]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=bot_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("rasa run did not answer within 120 s")
        ready = httpx.get(f"http://127.0.0.1:{port}/webhooks/rest/ready", timeout=5, trust_env=False)
        assert ready.status_code == 503 and ready.json() == {"model_loaded": False}
    finally:
        process.terminate()
        process.wait(30)
