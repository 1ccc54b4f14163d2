"""Loaded *inside the Rasa server* (bot environment, Python 3.10) from credentials.yml.

- `GatewayRestInput`: Rasa's REST channel, but a message without a sender is refused (400)
  instead of joining the shared conversation "default" (SPEC §1), and a sender that is not a
  gateway pseudonym is refused too: only the gateway talks to Rasa. It adds
  `GET /webhooks/rest/ready`, 200 only once a model is loaded: Rasa's own `GET /` answers 200
  while its model failed to load, and the gateway's /readyz must not call that ready.
- Rasa 3.6 checks every action server answer with `jsonschema.validate`, which re-checks the
  schema itself on every call: about 25 ms per action call on our machines, three or four
  calls a turn. The same check with a validator built once costs 0.4 ms (see bench/README.md),
  so the schema check stays and only the repeated work goes.
- Every action call carries the domain (Rasa's selective domain stays off: SPEC §1). With the
  responses in eight languages that is ~180 kB of JSON, which Rasa encoded afresh on every
  call and the action server parsed on every call (~3 + 1.5 ms, three or four calls a turn).
  The action server never reads responses (actions name a response; Rasa renders it), so the
  domain goes without them — 18 kB — and, as it does not change while a model is loaded, is
  encoded once and spliced into each call's body. The rest of the call (the tracker) is
  encoded as before. Actions must not expect `domain["responses"]` (actions/__init__.py).
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import EndpointConfig
from sanic import Blueprint, response
from sanic.exceptions import SanicException
from sanic.request import Request

PSEUDONYM_PREFIX = "p-"  # spotsigns.report.pseudonym.PREFIX (that package is not installed here)
_ACTION_RESPONSE_VALIDATOR = validator_for(RemoteAction.action_response_format_spec())(RemoteAction.action_response_format_spec())


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _ACTION_RESPONSE_VALIDATOR.validate(result)
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise
    return True


RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]

# (the domain dict, its JSON): Domain.as_dict() returns the same object for a loaded model.
_encoded_domain: tuple[dict[str, Any], bytes] | None = None


def encode_action_call(payload: dict[str, Any]) -> bytes:
    """`json.dumps(payload)` without the domain's responses, the domain encoded once per
    domain object."""
    global _encoded_domain
    domain = payload["domain"]
    if _encoded_domain is None or _encoded_domain[0] is not domain:
        _encoded_domain = (domain, json.dumps({key: value for key, value in domain.items() if key != "responses"}).encode())
    rest = json.dumps({key: value for key, value in payload.items() if key != "domain"}).encode()
    separator = b"," if rest != b"{}" else b""
    return rest[:-1] + separator + b'"domain": ' + _encoded_domain[1] + b"}"


_original_request = EndpointConfig.request


async def _request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    payload = kwargs.get("json")
    if isinstance(payload, dict) and isinstance(payload.get("domain"), dict):
        kwargs["data"] = encode_action_call(kwargs.pop("json"))  # Content-Type stays application/json
    return await _original_request(self, *args, **kwargs)


EndpointConfig.request = _request  # type: ignore[method-assign]


class GatewayRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # same path as Rasa's REST channel: /webhooks/rest/webhook

    def blueprint(self, on_new_message: Any) -> Blueprint:
        webhook = super().blueprint(on_new_message)

        @webhook.route("/ready", methods=["GET"])
        async def ready(request: Request) -> response.HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            loaded = agent is not None and agent.is_ready()
            return response.json({"model_loaded": loaded}, status=200 if loaded else 503)

        return webhook

    async def _extract_sender(self, req: Request) -> str | None:
        sender = (req.json or {}).get("sender")
        if not isinstance(sender, str) or not sender.startswith(PSEUDONYM_PREFIX):
            raise SanicException("sender must be a gateway pseudonym", status_code=400)
        return sender
