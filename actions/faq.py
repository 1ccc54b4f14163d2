"""Answers to questions about the service whose content comes from data or configuration."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import parsing
from spotsigns.config import current_settings
from spotsigns.report import i18n
from spotsigns.report.helplines import helplines_text, load_helplines, reporter_helpline


class ActionExplainSigns(Action):
    """Signs to look for, for the place the reporter asked about (or the report's place)."""

    def name(self) -> str:
        return "action_explain_signs"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        setting = parsing.setting_from(message) or tracker.get_slot("setting")
        if setting is None or setting == "other":
            dispatcher.utter_message(response="utter_signs_general")
            return []
        language = tracker.get_slot("language") or "en"
        signs = "\n".join(f"• {label}" for _code, label in i18n.signs_for(setting, language))
        dispatcher.utter_message(response="utter_signs_for_setting", place=i18n.setting_description(setting, language), signs=signs)
        return []


class ActionShowHelplines(Action):
    def name(self) -> str:
        return "action_show_helplines"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        language = tracker.get_slot("language") or "en"
        helplines = helplines_text(load_helplines(current_settings(), language))
        dispatcher.utter_message(response="utter_helplines", helplines=helplines)
        return []


class ActionAnswerPoliceFear(Action):
    """ "If I report, will I be arrested / sent back?": reporting does not mean removal, the NRM's
    support, and the helpline from configuration (wording for review; issue 10)."""

    def name(self) -> str:
        return "action_answer_police_fear"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        helpline = reporter_helpline(current_settings()).number
        if tracker.active_loop.get("name"):
            dispatcher.utter_message(response="utter_police_fear", helpline=helpline)  # the form asks its question again
            return []
        language = tracker.get_slot("language") or "en"
        buttons = [
            {"title": i18n.text("report_a_concern", language), "payload": "/report_concern"},
            {"title": i18n.text("helpline_numbers", language), "payload": "/ask_helpline"},
        ]
        dispatcher.utter_message(response="utter_police_fear", helpline=helpline, buttons=buttons)
        return []
