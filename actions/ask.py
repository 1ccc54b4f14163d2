"""Questions of `report_form` whose buttons or wording depend on the report so far or on data
files: settings and signs come from spotsigns/report/indicators.yml, the summary from the
answers, and a reporter describing their own situation is asked about it in their own terms
("When did this last happen to you?"; issue 10)."""

from __future__ import annotations

import json
from typing import Any, Final

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.summary import FIELD_NAMES, field_name, summary_text
from spotsigns.report import i18n
from spotsigns.report.fields import SETTINGS


def _payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "en"


def _button(title: str, payload: str) -> dict[str, Any]:
    return {"title": title, "payload": payload}


# The questions worded for a reporter who is the victim ("When did this last happen to you?").
VICTIM_WORDING: Final = {
    "utter_ask_when_seen": "utter_ask_when_seen_victim",
    "utter_ask_people_count": "utter_ask_people_count_victim",
    "utter_ask_description": "utter_ask_description_victim",
    "utter_ask_signs": "utter_ask_signs_victim",
}


def worded_for(tracker: Tracker, response: str) -> str:
    """`response`, or its wording for a reporter who is the victim."""
    return VICTIM_WORDING.get(response, response) if tracker.get_slot("reporter_is_victim") is True else response


class _AskInTheirTerms(Action):
    """A question with a wording for the victim and none other to build."""

    response = ""

    def name(self) -> str:
        return self.response.replace("utter_", "action_", 1)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response=worded_for(tracker, self.response))
        return []


class ActionAskWhenSeen(_AskInTheirTerms):
    response = "utter_ask_when_seen"


class ActionAskPeopleCount(_AskInTheirTerms):
    response = "utter_ask_people_count"


class ActionAskDescription(_AskInTheirTerms):
    response = "utter_ask_description"


class ActionAskSetting(Action):
    def name(self) -> str:
        return "action_ask_setting"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = language_of(tracker)
        buttons = [_button(i18n.setting_label(code, language), _payload("inform", setting=code)) for code in SETTINGS]
        dispatcher.utter_message(response="utter_ask_setting", buttons=buttons)
        return []


class ActionAskLocation(Action):
    """In an emergency the question says the answer goes to the police."""

    def name(self) -> str:
        return "action_ask_location"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        emergency = tracker.get_slot("emergency") is True
        dispatcher.utter_message(response="utter_ask_location_emergency" if emergency else "utter_ask_location")
        return []


class ActionAskSigns(Action):
    def name(self) -> str:
        return "action_ask_signs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = language_of(tracker)
        setting = tracker.get_slot("setting")
        buttons = [_button(label, _payload("inform", sign=code)) for code, label in i18n.signs_for(setting, language)]
        buttons.append(_button(i18n.text("none_of_these", language), "/deny"))
        place = i18n.setting_description(setting, language)
        dispatcher.utter_message(response=worded_for(tracker, "utter_ask_signs"), place=place, buttons=buttons)
        return []


class ActionAskSignsDone(Action):
    def name(self) -> str:
        return "action_ask_signs_done"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = language_of(tracker)
        setting = tracker.get_slot("setting")
        noted = list(tracker.get_slot("signs") or [])
        buttons = [_button(label, _payload("inform", sign=code)) for code, label in i18n.signs_for(setting, language) if code not in noted]
        buttons.append(_button(i18n.text("thats_all", language), "/deny"))
        names = "; ".join(i18n.sign_label(s, setting, language) for s in noted)
        dispatcher.utter_message(response="utter_ask_signs_done", noted=names, buttons=buttons)
        return []


class ActionAskFieldToCorrect(Action):
    def name(self) -> str:
        return "action_ask_field_to_correct"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = language_of(tracker)
        answered = [f for f in FIELD_NAMES if tracker.get_slot(f) is not None]
        buttons = [_button(field_name(f, language), _payload("correct", field=f)) for f in answered]
        buttons.append(_button(i18n.text("never_mind", language), "/deny"))
        dispatcher.utter_message(response="utter_ask_field_to_correct", buttons=buttons)
        return []


class ActionAskReportConfirmed(Action):
    def name(self) -> str:
        return "action_ask_report_confirmed"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_ask_report_confirmed", summary=summary_text(tracker.slots, language_of(tracker)))
        return []
