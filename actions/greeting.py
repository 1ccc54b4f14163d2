"""The first message: a greeting on its own gets the greeting; a greeting with more after it
("Pershendetje. Dua te raportoj nje salon thonjsh") starts the report at once, whatever the NLU
made of it (issue 10: greetings in the eight languages outweighed what followed)."""

from __future__ import annotations

from typing import Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing

# "hi", "dzień dobry", "hej, jest tu ktoś?" are greetings; five words or more say something.
MORE_THAN_A_GREETING: Final = 5


def says_more_than_hello(text: str) -> bool:
    return not parsing.is_payload(text) and len(text.split()) >= MORE_THAN_A_GREETING


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if says_more_than_hello((tracker.latest_message or {}).get("text") or ""):
            return [FollowupAction("report_form")]
        dispatcher.utter_message(response="utter_greet")
        return []
