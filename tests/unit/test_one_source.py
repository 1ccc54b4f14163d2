"""One source for each fact (issue 8): the helpline numbers live in the helplines file
(HELPLINES_FILE) and reach everything a reporter reads from there — the SMS help, the failure
messages, the page and the chat's own error texts — with names and hours in the reporter's
language; the API's next steps come from the translated strings, in the report's language."""

from __future__ import annotations

import re
import subprocess
import uuid
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionShowHelplines
from bot.api import NEXT_STEPS
from bot.app import create_app
from bot.conversations import ConversationGateway
from bot.language import LanguageDetector
from bot.rasa_client import RasaClient
from spotsigns.config import REPO_ROOT, ConfigError, Settings, current_settings
from spotsigns.report import i18n
from spotsigns.report.fields import LANGUAGES
from spotsigns.report.helplines import REPORTER_HELPLINE, load_helplines, reporter_values
from spotsigns.storage.db import migrate
from spotsigns.storage.store import build_tip_store

SEP = r"[\s.\-\u00a0]?"
# 08000 121 700 however it is spaced or dotted, also as +44 8000 121 700 or +44 (0)8000 121 700.
HELPLINE_NUMBER = re.compile(r"(?<!\d)(?:\+44\s?\(0\)\s?|\+44" + SEP + "|0)" + SEP.join("8000121700") + r"(?!\d)")
ALLOWED = ("spotsigns/report/helplines.yml",)  # and tests/**, docs (*.md)
PLACEHOLDER = re.compile(r"\{(\w+)\}")
OTHER_NUMBER = "0800 555 0199"


def _repository_files() -> list[str]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=REPO_ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return sorted({name for name in listed.decode("utf-8").split("\0") if name})


def _exempt(name: str) -> bool:
    return name in ALLOWED or name.startswith("tests/") or name.endswith(".md")


def test_the_number_pattern_finds_every_spelling() -> None:
    for spelling in ("08000 121 700", "08000121700", "0800 0121 700", "08000-121-700", "+44 8000 121 700", "+44 (0)8000 121 700"):
        assert HELPLINE_NUMBER.search(f"call {spelling} now"), spelling
    for other in ("0800 555 111", "108000 121 7000", "#008000"):
        assert not HELPLINE_NUMBER.search(other), other


def test_the_helpline_number_is_only_in_the_helplines_configuration() -> None:
    found = []
    for name in _repository_files():
        if _exempt(name):
            continue
        path = REPO_ROOT / name
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            continue  # deleted in the work tree, or a submodule
        if b"\0" in data:
            continue  # binary
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
            if HELPLINE_NUMBER.search(line):
                found.append(f"{name}:{number}")
    assert found == [], "the helpline number belongs in spotsigns/report/helplines.yml only; found in " + ", ".join(found)


def _helplines_file(tmp_path: Path, number: str = OTHER_NUMBER, *, extra: bool = True) -> Path:
    default = yaml.safe_load((REPO_ROOT / "spotsigns" / "report" / "helplines.yml").read_text(encoding="utf-8"))
    entries = [{**entry, "number": number} if entry["key"] == REPORTER_HELPLINE else entry for entry in default["helplines"]]
    if extra:
        entries.append({"key": "local_charity", "name": "Anytown Migrant Support", "number": "01632 960 001", "when": "weekdays"})
    path = tmp_path / "helplines.yml"
    path.write_text(yaml.safe_dump({"helplines": entries}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def configured(settings: Settings, tmp_path: Path) -> Settings:
    """Another council, another helpline number: what reporters read must follow."""
    env = {**settings.env, "HELPLINES_FILE": str(_helplines_file(tmp_path)), "COUNCIL_NAME": "Borsetshire Council"}
    return Settings.load({**env, "COUNCIL_PHONE": "01632 960 555"})


def _locale(language: str) -> dict:
    return yaml.safe_load((REPO_ROOT / "locales" / f"{language}.yml").read_text(encoding="utf-8"))


def test_every_language_names_every_configured_helpline_and_keeps_the_placeholders() -> None:
    default = yaml.safe_load((REPO_ROOT / "spotsigns" / "report" / "helplines.yml").read_text(encoding="utf-8"))["helplines"]
    english_strings = _locale("en")["strings"]
    for language in LANGUAGES:
        locale = _locale(language)
        if language != "en":
            translated = locale["helplines"]
            assert set(translated) == {entry["key"] for entry in default}, language
            for entry in default:
                wording = translated[entry["key"]]
                assert wording["name"] and wording["when"], f"{language}: {entry['key']}"
                for field in ("name", "when"):
                    assert set(PLACEHOLDER.findall(wording[field])) == set(PLACEHOLDER.findall(entry[field])), f"{language}: {entry['key']}"
            # The helpline's own name stays recognisable: it is what answers the phone.
            assert translated[REPORTER_HELPLINE]["name"].startswith("Modern Slavery & Exploitation Helpline"), language
        for key, english in english_strings.items():
            text = locale["strings"][key]
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english)), f"{language}: {key}"


def test_helplines_come_from_the_file_with_names_and_hours_in_the_language(configured: Settings) -> None:
    english = {h.key: h for h in load_helplines(configured)}
    assert english[REPORTER_HELPLINE].number == OTHER_NUMBER
    assert english["council"].name == "Borsetshire Council community safety team"
    assert english["council"].number == "01632 960 555"
    for language in LANGUAGES[1:]:
        lines = {h.key: h for h in load_helplines(configured, language)}
        assert [h.number for h in lines.values()] == [h.number for h in english.values()], language
        assert lines[REPORTER_HELPLINE].when != english[REPORTER_HELPLINE].when, language
        assert lines["emergency"].name != english["emergency"].name, language
        assert "Borsetshire Council" in lines["council"].name, language
        assert lines["local_charity"] == english["local_charity"], language  # not translated: the file's English
    values = reporter_values(configured, "pl")
    assert values["helpline_number"] == OTHER_NUMBER and values["council_name"] == "Borsetshire Council"
    assert values["helpline_name"] == _locale("pl")["helplines"][REPORTER_HELPLINE]["name"]


def test_a_council_without_a_phone_is_left_out_and_the_reporter_helpline_is_required(settings: Settings, tmp_path: Path) -> None:
    assert "council" not in {h.key for h in load_helplines(settings)}  # COUNCIL_PHONE is not set
    without = Settings.load({**settings.env, "HELPLINES_FILE": str(_helplines_file(tmp_path, number=""))})
    with pytest.raises(ConfigError, match=REPORTER_HELPLINE):
        reporter_values(without)
    broken = tmp_path / "broken.yml"
    broken.write_text("helplines: [{key: x, name: '{nobody}', number: '1'}]", encoding="utf-8")
    with pytest.raises(ConfigError, match="nobody"):
        load_helplines(Settings.load({**settings.env, "HELPLINES_FILE": str(broken)}))


def test_text_fills_what_it_is_given_and_keeps_the_rest() -> None:
    assert "{limit}" in i18n.text("sms_too_long", "pl")
    assert "{reference}" in i18n.text("service_failure_emergency_sent", "en", helpline_number="x")
    assert i18n.text("sms_too_long", "en", limit=42) == i18n.text("sms_too_long", "en").format(limit=42)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_reporter_text_that_names_the_helpline_gets_the_configured_one(configured: Settings, language: str) -> None:
    values = reporter_values(configured, language)
    for key in ("sms_help", "service_failure", "chat_failure", "chat_offline"):
        text = i18n.text(key, language, **values)
        assert OTHER_NUMBER in text and values["helpline_name"] in text, f"{language}: {key}"
        assert "{" not in text and not HELPLINE_NUMBER.search(text), f"{language}: {key}"
    assert "Borsetshire Council" in i18n.text("sms_help", language, **values)


async def test_the_page_and_the_chat_script_get_the_helpline_from_the_server(configured: Settings) -> None:
    migrate(configured)
    client = create_app(configured, name=f"page_{uuid.uuid4().hex}").asgi_client
    _, page = await client.get("/")
    assert page.status == 200
    assert page.text.count(OTHER_NUMBER) >= 4  # footer, the list, and both chat failure texts
    assert "Borsetshire Council" in page.text
    assert re.search(r'data-failure="[^"]*' + re.escape(OTHER_NUMBER), page.text)
    assert re.search(r'data-offline="[^"]*' + re.escape(OTHER_NUMBER), page.text)
    assert not HELPLINE_NUMBER.search(page.text)
    _, script = await client.get("/static/chat.js")
    assert "dataset.failure" in script.text and not re.search(r"\d{4}", script.text)


async def test_a_failed_turn_names_the_configured_helpline_in_the_reporters_language(configured: Settings) -> None:
    migrate(configured)
    store = build_tip_store(configured)
    gateway = ConversationGateway(
        rasa=RasaClient("http://127.0.0.1:9", timeout=2),  # nothing listens on port 9
        detector=LanguageDetector(),
        store=store,
        pseudonym_key=configured.pseudonym_key,
        settings=configured,
    )
    result = await gateway.turn("web_chat", "s-1", "Dzień dobry, chciałabym zgłosić myjnię samochodową przy ulicy Polnej")
    store.close()
    assert not result.ok
    assert result.messages[0].text == i18n.text("service_failure", "pl", **reporter_values(configured, "pl"))
    assert OTHER_NUMBER in result.messages[0].text


def test_the_gateway_will_not_start_without_the_reporter_helpline(settings: Settings, tmp_path: Path) -> None:
    without = Settings.load({**settings.env, "HELPLINES_FILE": str(_helplines_file(tmp_path, number=""))})
    store = build_tip_store(without)
    with pytest.raises(ConfigError, match=REPORTER_HELPLINE):
        ConversationGateway(
            rasa=RasaClient("http://127.0.0.1:9"), detector=LanguageDetector(), store=store, pseudonym_key=b"k", settings=without
        )
    store.close()


def test_next_steps_are_translated_for_every_urgency() -> None:
    assert set(NEXT_STEPS) == {"emergency", "high", "medium", "low"}
    for language in LANGUAGES:
        for urgency, key in NEXT_STEPS.items():
            text = i18n.text(key, language)
            assert text and "{" not in text, f"{language}: {urgency}"
            if language != "en":
                assert text != i18n.text(key, "en"), f"{language}: {urgency} is not translated"
        assert "999" in i18n.text(NEXT_STEPS["emergency"], language)


async def test_the_api_answers_next_steps_in_the_reports_language(settings: Settings) -> None:
    migrate(settings)
    client = create_app(settings, name=f"api_lang_{uuid.uuid4().hex}").asgi_client
    report = {"location": "Top Nails, 4 King Street", "setting": "nail_bar", "immediate_danger": "no"}
    _, english = await client.post("/api/reports", json=report)
    _, polish = await client.post("/api/reports", json={**report, "language": "pl", "location": "Top Nails, 5 King Street"})
    assert english.status == polish.status == 201
    assert english.json["urgency"] == polish.json["urgency"]
    urgency = polish.json["urgency"]
    assert english.json["next_steps"] == i18n.text(NEXT_STEPS[urgency], "en")
    assert polish.json["next_steps"] == i18n.text(NEXT_STEPS[urgency], "pl")
    _, emergency = await client.post("/api/reports", json={"location": "5 Mill Road", "immediate_danger": "yes", "language": "ro"})
    assert emergency.json["urgency"] == "emergency"
    assert emergency.json["next_steps"] == i18n.text("next_steps_emergency", "ro") and "999" in emergency.json["next_steps"]


@pytest.mark.parametrize("language", ["en", "pl", "ar"])
async def test_the_helplines_answer_is_in_the_conversations_language(language: str) -> None:
    message = {"text": "helpline", "intent": {"name": "ask_helpline", "confidence": 0.99}, "entities": []}
    tracker = Tracker("s", {"language": language}, message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    await ActionShowHelplines().run(dispatcher, tracker, {})
    [sent] = dispatcher.messages
    assert sent["response"] == "utter_helplines"
    listed = sent["helplines"]
    for helpline in load_helplines(current_settings(), language):
        assert f"• {helpline.name}: {helpline.number} ({helpline.when})" in listed
    assert reporter_values(current_settings(), language)["helpline_name"] in listed
    if language != "en":
        assert _locale(language)["helplines"]["emergency"]["name"] in listed
