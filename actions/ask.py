"""Questions of `report_form` whose buttons depend on the report so far or on data files:
settings and signs come from data/indicators.yml, the summary from the answers."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.summary import FIELD_NAMES, summary_text
from spotsigns.fields import SETTINGS
from spotsigns.indicators import load_indicators


def _payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def _button(title: str, payload: str) -> dict[str, Any]:
    return {"title": title, "payload": payload}


class ActionAskSetting(Action):
    def name(self) -> str:
        return "action_ask_setting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        indicators = load_indicators()
        buttons = [_button(indicators.setting_label(code), _payload("inform", setting=code)) for code in SETTINGS]
        dispatcher.utter_message(response="utter_ask_setting", buttons=buttons)
        return []


class ActionAskSigns(Action):
    def name(self) -> str:
        return "action_ask_signs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        indicators = load_indicators()
        setting = tracker.get_slot("setting")
        buttons = [_button(label, _payload("inform", sign=code)) for code, label in indicators.signs_for(setting)]
        buttons.append(_button("None of these", "/deny"))
        place = indicators.settings[setting if setting in indicators.settings else "other"].description
        dispatcher.utter_message(response="utter_ask_signs", place=place, buttons=buttons)
        return []


class ActionAskSignsDone(Action):
    def name(self) -> str:
        return "action_ask_signs_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        indicators = load_indicators()
        setting = tracker.get_slot("setting")
        noted = list(tracker.get_slot("signs") or [])
        buttons = [_button(label, _payload("inform", sign=code)) for code, label in indicators.signs_for(setting) if code not in noted]
        buttons.append(_button("That's all", "/deny"))
        names = "; ".join(indicators.sign_label(s, setting) for s in noted)
        dispatcher.utter_message(response="utter_ask_signs_done", noted=names, buttons=buttons)
        return []


class ActionAskFieldToCorrect(Action):
    def name(self) -> str:
        return "action_ask_field_to_correct"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        answered = [f for f in FIELD_NAMES if tracker.get_slot(f) is not None]
        buttons = [_button(FIELD_NAMES[f], _payload("correct", field=f)) for f in answered]
        buttons.append(_button("Never mind", "/deny"))
        dispatcher.utter_message(response="utter_ask_field_to_correct", buttons=buttons)
        return []


class ActionAskReportConfirmed(Action):
    def name(self) -> str:
        return "action_ask_report_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_report_confirmed", summary=summary_text(tracker.slots))
        return []
