"""Scripted residents (tests/resident_conversations/*.yml, written by people who never saw the
bot's data, tests or code) played through the real stack: the gateway's web chat or its
signed Twilio webhook, Rasa with the trained model and the action server. The script answers
whichever question the bot asks, in the resident's own words; the stored tip is then scored
field by field against what the resident meant (issue 10).

Shared by tests/e2e/test_resident_conversations.py (the bars) and bench/resident_conversations.py
(the per-field, per-language table in bench/README.md)."""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "tests" / "resident_conversations"
SECOND_SET_DIR = ROOT / "tests" / "resident_conversations_second"  # sealed once, read since
THIRD_SET_DIR = ROOT / "tests" / "resident_conversations_third"  # sealed for three measurements, read since
FOURTH_SET_DIR = ROOT / "tests" / "resident_conversations_fourth"  # sealed for four measurements, read since
FIFTH_SET_DIR = ROOT / "tests" / "resident_conversations_fifth"  # sealed for two measurements, read since
SEALED_SET_DIR = ROOT / "tests" / "resident_conversations_sealed"  # never read while tuning
# The sets by name, in the order they were written (bench/resident_conversations.py --set).
SETS = {
    "first": SET_DIR,
    "second": SECOND_SET_DIR,
    "third": THIRD_SET_DIR,
    "fourth": FOURTH_SET_DIR,
    "fifth": FIFTH_SET_DIR,
    "sealed": SEALED_SET_DIR,
}
REFERENCE = re.compile(r"STS-[0-9A-Z]{4}-[0-9A-Z]{4}")
MAX_TURNS = 45
# The form's questions, by the response that asks them (several responses may ask one).
QUESTION_RESPONSES = {
    "utter_ask_immediate_danger": "immediate_danger",
    "utter_ask_danger_check": "danger_check",
    "utter_ask_reporter_is_victim": "reporter_is_victim",
    "utter_ask_setting": "setting",
    "utter_ask_location": "location",
    "utter_ask_location_emergency": "location",
    "utter_ask_when_seen": "when_seen",
    "utter_ask_when_seen_victim": "when_seen",
    "utter_ask_children_involved": "children_involved",
    "utter_ask_signs": "signs",
    "utter_ask_signs_victim": "signs",
    "utter_ask_signs_done": "signs_more",
    "utter_ask_people_count": "people_count",
    "utter_ask_people_count_victim": "people_count",
    "utter_ask_description": "description",
    "utter_ask_description_victim": "description",
    "utter_ask_contact_ok": "contact_ok",
    "utter_ask_contact": "contact",
    "utter_ask_report_confirmed": "confirm",
    "utter_ask_field_to_correct": "field_to_correct",
    "utter_ask_stop_check": "stop_check",
}
ENDINGS = {"utter_stopped": "stopped", "utter_stopped_after_escalation": "stopped"}
# What a resident who has nothing to say to a question taps (counted as "no answer in the script").
NEUTRAL_TAP = {
    "immediate_danger": "/unsure", "danger_check": "/unsure", "children_involved": "/unsure", "reporter_is_victim": "/deny",
    "contact_ok": "/deny", "confirm": "/affirm", "field_to_correct": "/deny",
}  # fmt: skip
FIELDS = (
    "urgency", "setting", "when_seen", "immediate_danger", "children_involved", "reporter_is_victim",
    "people_count", "contact_ok", "signs", "location",
)  # fmt: skip


def _normal(text: str) -> str:
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "..."}))
    return " ".join(text.split()).lower()


def _key_sentence(template: str) -> str:
    """The question's own sentence: the one with a question mark, else the first."""
    sentences = [s for s in re.split(r"(?<=[?.!؟۔])\s+|\n+", template) if s.strip()]  # ۔ ends an Urdu sentence
    return next((s for s in sentences if "?" in s or "؟" in s), sentences[0])


def _pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{[a-z_]+\}", _normal(_key_sentence(template)))
    return re.compile(".*?".join(re.escape(p) for p in pieces), re.DOTALL)


@lru_cache(maxsize=1)
def _recognisers() -> list[tuple[re.Pattern[str], str]]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    found: list[tuple[re.Pattern[str], str]] = []
    for response, meaning in {**QUESTION_RESPONSES, **ENDINGS}.items():
        for variant in domain["responses"].get(response, []):
            found.append((_pattern(variant["text"]), meaning))
    return sorted(found, key=lambda item: -len(item[0].pattern))


def what_was_asked(replies: Iterable[str]) -> str | None:
    """The question (or ending) the bot's messages of a turn end with: the recognisable one
    that ends last (the longest on a tie). The messages are read as one text, since a long
    SMS reply arrives in parts that may cut a question in two."""
    text = _normal(" ".join(replies))
    best: tuple[int, int, str] | None = None
    for pattern, name in _recognisers():
        ends = [m.end() for m in pattern.finditer(text)]
        if ends and (best is None or (ends[-1], len(pattern.pattern)) > best[:2]):
            best = (ends[-1], len(pattern.pattern), name)
    return best[2] if best else None


@dataclass
class Conversation:
    id: str
    language: str
    channel: str
    opening: str
    answers: dict[str, str]
    expected: dict[str, Any]
    extra: list[dict[str, str]] = field(default_factory=list)
    stop_after: str | None = None
    stop_text: str | None = None
    persona: str = ""


def load_set(directory: Path = SET_DIR) -> list[Conversation]:
    conversations = []
    for path in sorted(directory.glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")):
            conversations.append(
                Conversation(
                    id=item["id"],
                    language=item["language"],
                    channel=item.get("channel", "web"),
                    opening=str(item["opening"]),
                    answers={k: str(v) for k, v in (item.get("answers") or {}).items() if v is not None},
                    expected=item["expected"],
                    extra=item.get("extra") or [],
                    stop_after=item.get("stop_after"),
                    stop_text=item.get("stop_text"),
                    persona=item.get("persona", ""),
                )
            )
    return conversations


@dataclass
class Played:
    conversation: Conversation
    transcript: list[tuple[str, str]] = field(default_factory=list)  # (who, text)
    reference: str | None = None
    stopped: bool = False
    asked: dict[str, int] = field(default_factory=dict)
    unanswered: list[str] = field(default_factory=list)  # questions the script had no words for
    stuck: str | None = None
    stop_said: bool = False
    tapped_report: bool = False

    @property
    def reasked(self) -> list[str]:
        return [q for q, n in self.asked.items() if n > 1 and q not in ("signs_more", "stop_check")]


Send = Callable[[str], list[str]]


def play(conversation: Conversation, send: Send) -> Played:
    """Answer the bot's questions until the report is sent, stopped, or the turns run out."""
    played = Played(conversation)

    def say(text: str) -> str | None:
        played.transcript.append(("resident", text))
        replies = send(text)
        played.transcript.extend(("bot", reply) for reply in replies)
        if played.reference is None and (match := REFERENCE.search("\n".join(replies))):
            played.reference = match.group(0)
        return what_was_asked(replies)

    try:
        return _converse(conversation, played, say)
    except httpx.HTTPStatusError as exc:  # the gateway refused a turn: the conversation is lost
        played.stuck = f"HTTP {exc.response.status_code}"
        played.transcript.append(("bot", f"HTTP {exc.response.status_code}: {exc.response.text[:200]}"))
        return played


def _converse(conversation: Conversation, played: Played, say: Callable[[str], str | None]) -> Played:
    extra = {item["after"]: item["text"] for item in conversation.extra}
    asked = say(conversation.opening)
    for _ in range(MAX_TURNS):
        if asked == "stopped":
            played.stopped = True
            return played
        if asked is None and not played.asked.get("confirm") and not played.tapped_report:
            # Greeted, or a question about the service answered, and no report begun: the
            # resident taps the "Report a concern" that the greeting and those answers offer.
            played.tapped_report = True
            asked = say("/report_concern")
            continue
        if asked is None:
            if not (played.reference and played.asked.get("confirm")):
                played.stuck = "no question"
            return played
        times = played.asked[asked] = played.asked.get(asked, 0) + 1
        answered, asked = asked, say(_answer_for(conversation, played, asked, times))
        if answered == "signs_more" and not played.asked.get("signs"):
            answered = "signs"  # the opening's signs were noted: "anything else?" is the signs question
        if asked in ("stopped", None):
            continue
        if conversation.stop_after == answered and conversation.stop_text and not played.stop_said:
            played.stop_said = True
            asked = say(conversation.stop_text)
        elif (follow := extra.pop(answered, None)) is not None:
            asked = say(follow)
    played.stuck = "too many turns"
    return played


def _answer_for(conversation: Conversation, played: Played, asked: str, times: int) -> str:
    if asked == "stop_check":  # "Do you want to stop?": tap what this resident meant
        return "/stop" if played.stop_said else "/deny"
    answers = conversation.answers
    key = "immediate_danger" if asked == "danger_check" and "danger_check" not in answers else asked
    if times == 1 and key in answers:
        return answers[key]
    if times == 2 and "rephrase" in answers and key not in ("signs_more", "confirm"):
        return answers["rephrase"]
    played.unanswered.append(asked)
    return "/deny" if asked == "signs_more" else NEUTRAL_TAP.get(asked, "/skip")


# --- the stored tip against what the resident meant ---------------------------------------------
def stored_tip(app_db: Path, pseudonym: str) -> dict[str, Any] | None:
    with sqlite3.connect(app_db) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute("select * from tips where reporter_pseudonym = ? order by id desc limit 1", (pseudonym,)).fetchone()
        if row is None:
            return None
        tip = dict(row)
        police = connection.execute("select count(*) from outbox where tip_id = ? and kind like 'police%'", (tip["id"],)).fetchone()[0]
    tip["escalated"] = bool(tip.get("escalated_at")) or police > 0
    tip["signs"] = json.loads(tip["signs"]) if isinstance(tip["signs"], str) else tip["signs"]
    return tip


def field_right(name: str, expected: dict[str, Any], tip: dict[str, Any]) -> bool | None:
    """Whether the tip's `name` is what the resident meant; None when the script says nothing."""
    if name == "signs":
        wanted = expected.get("signs_any_of")
        if wanted is None:
            return None
        if not wanted:
            return True
        return bool(set(wanted) & set(tip["signs"] or []))
    if name == "location":
        wanted = expected.get("location_contains")
        if not wanted:
            return None
        return _normal(str(wanted)) in _normal(tip.get("location") or "")
    if name not in expected:
        return None
    want, got = expected[name], tip.get(name)
    if name in ("reporter_is_victim", "contact_ok"):
        return bool(want) == bool(got)
    if name == "people_count":
        return (want is None and got is None) or (want is not None and got is not None and int(want) == int(got))
    return (str(want) if want is not None else None) == (str(got) if got is not None else None)


def new_sender(conversation: Conversation) -> str:
    if conversation.channel == "sms":
        return "+4477009" + str(uuid.uuid4().int)[:5]
    return f"resident-{conversation.id}-{uuid.uuid4().hex[:8]}"


# --- through the real gateway ---------------------------------------------------------------------
@dataclass(frozen=True)
class Gateway:
    url: str
    app_db: Path
    pseudonym_key: str
    twilio_token: str
    public_base_url: str
    sms_path: str = "/webhooks/twilio/webhook"


def _web_sender(gateway: Gateway, client: httpx.Client, sender: str) -> Send:
    def send(text: str) -> list[str]:
        response = client.post(f"{gateway.url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
        response.raise_for_status()
        return [str(m.get("text") or "") for m in response.json()]

    return send


def _sms_sender(gateway: Gateway, client: httpx.Client, sender: str) -> Send:
    from twilio.request_validator import RequestValidator

    def send(text: str) -> list[str]:
        params = {"From": sender, "To": "+447700900000", "Body": text, "MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "0" * 32}
        signature = RequestValidator(gateway.twilio_token).compute_signature(gateway.public_base_url + gateway.sms_path, params)
        response = client.post(
            gateway.url + gateway.sms_path,
            content=urlencode(params),
            headers={"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature},
        )
        response.raise_for_status()
        return [m.text or "" for m in ElementTree.fromstring(response.text).iter("Message")]

    return send


@dataclass
class Outcome:
    played: Played
    tip: dict[str, Any] | None

    @property
    def conversation(self) -> Conversation:
        return self.played.conversation

    @property
    def ended_by_mistake(self) -> bool:
        """No complete report, though the resident never meant to stop."""
        if self.conversation.expected.get("stopped"):
            return False
        return self.played.stopped or self.played.stuck is not None or not (self.tip and self.tip["is_complete"])

    @property
    def false_alarm(self) -> bool:
        """Police alerted though the resident said there was no danger and described none."""
        expected = self.conversation.expected
        calm = expected.get("immediate_danger") == "no" and expected.get("urgency") != "emergency"
        return calm and bool(self.tip and self.tip["escalated"])


def play_one(gateway: Gateway, conversation: Conversation) -> Outcome:
    from spotsigns.report.pseudonym import pseudonymise

    sender = new_sender(conversation)
    with httpx.Client(timeout=120, trust_env=False) as client:
        if conversation.channel == "sms":
            played = play(conversation, _sms_sender(gateway, client, sender))
            pseudonym = pseudonymise(gateway.pseudonym_key, "sms", sender)
        else:
            played = play(conversation, _web_sender(gateway, client, sender))
            pseudonym = pseudonymise(gateway.pseudonym_key, "web_chat", sender)
    return Outcome(played, stored_tip(gateway.app_db, pseudonym))


def play_all(gateway: Gateway, conversations: list[Conversation], workers: int = 4) -> list[Outcome]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda c: play_one(gateway, c), conversations))


def scores(outcomes: list[Outcome]) -> dict[str, dict[str, tuple[int, int]]]:
    """(right, scored) per field, overall ("all") and per language, over the stored tips of
    conversations that were not meant to stop."""
    table: dict[str, dict[str, list[int]]] = {}
    for outcome in outcomes:
        if outcome.conversation.expected.get("stopped"):
            continue
        for group in ("all", outcome.conversation.language):
            row = table.setdefault(group, {})
            for name in FIELDS:
                right = field_right(name, outcome.conversation.expected, outcome.tip) if outcome.tip else False
                if right is None:
                    continue
                cell = row.setdefault(name, [0, 0])
                cell[0] += int(right)
                cell[1] += 1
    return {group: {name: (c[0], c[1]) for name, c in row.items()} for group, row in table.items()}


def transcript_text(outcome: Outcome) -> str:
    lines = [f"## {outcome.conversation.id} ({outcome.conversation.channel}) {outcome.conversation.persona}"]
    lines += [f"{'>' if who == 'resident' else ' '} {text}" for who, text in outcome.played.transcript]
    expected = outcome.conversation.expected
    if outcome.tip:
        tip = outcome.tip
        meant = {**expected, "signs": expected.get("signs_any_of"), "location": expected.get("location_contains")}
        wrong = [f"{n}: meant {meant.get(n)!r}, stored {tip.get(n)!r}" for n in FIELDS if field_right(n, expected, tip) is False]
        lines.append(f"TIP {tip['reference']} urgency={tip['urgency']} escalated={tip['escalated']} reasons={tip['triage_reasons']}")
        lines += [f"WRONG {w}" for w in wrong]
    else:
        lines.append("NO TIP")
    if outcome.played.stuck:
        lines.append(f"STUCK {outcome.played.stuck}")
    if outcome.played.reasked:
        lines.append(f"ASKED AGAIN {outcome.played.reasked}")
    if outcome.false_alarm:
        lines.append("FALSE ALARM: police alerted")
    if outcome.ended_by_mistake:
        lines.append("ENDED BY MISTAKE")
    return "\n".join(lines)
