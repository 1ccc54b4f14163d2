"""Loaded *inside the Rasa server* (bot environment, Python 3.10) from credentials.yml.

- `GatewayRestInput`: Rasa's REST channel, but a message without a sender is refused (400)
  instead of joining the shared conversation "default" (SPEC §1), and a sender that is not a
  gateway pseudonym is refused too: only the gateway talks to Rasa.
- Rasa 3.6 checks every action server answer with `jsonschema.validate`, which re-checks the
  schema itself on every call: about 25 ms per action call on our machines, three or four
  calls a turn. The same check with a validator built once costs 0.4 ms (see bench/README.md),
  so the schema check stays and only the repeated work goes.
"""

from __future__ import annotations

from typing import Any

from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.rest import RestInput
from sanic.exceptions import SanicException
from sanic.request import Request

PSEUDONYM_PREFIX = "p-"  # spotsigns.pseudonym.PREFIX (that package is not installed here)
_ACTION_RESPONSE_VALIDATOR = validator_for(RemoteAction.action_response_format_spec())(RemoteAction.action_response_format_spec())


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _ACTION_RESPONSE_VALIDATOR.validate(result)
    except ValidationError as error:
        error.message += ". Failed to validate Action server response from API."
        raise
    return True


RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]


class GatewayRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # same path as Rasa's REST channel: /webhooks/rest/webhook

    async def _extract_sender(self, req: Request) -> str | None:
        sender = (req.json or {}).get("sender")
        if not isinstance(sender, str) or not sender.startswith(PSEUDONYM_PREFIX):
            raise SanicException("sender must be a gateway pseudonym", status_code=400)
        return sender
