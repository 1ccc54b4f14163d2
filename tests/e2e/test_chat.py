"""End to end through the real gateway, Rasa server (trained model) and action server."""

from __future__ import annotations

import json
import re

import httpx
import pytest

from spotsigns.storage.contacts import ContactCipher
from tests.e2e.conftest import Stack

pytestmark = pytest.mark.e2e
REFERENCE = re.compile(r"STS-[0-9A-Z]{4}-[0-9A-Z]{4}")


ADVICE_999 = "If someone is in danger right now, call 999"


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def converse(stack: Stack, client: httpx.Client, sender: str, turns: list[tuple[str, str]], *, never: str | None = None) -> list[dict]:
    """Play (message, words expected in the answer) turns; `never` must be in no answer. The last replies."""
    replies: list[dict] = []
    for message, expected in turns:
        replies = stack.chat(client, sender, message)
        assert expected.lower() in texts(replies).lower(), (message, texts(replies))
        assert never is None or never not in texts(replies), (message, texts(replies))
    return replies


def test_ready(stack: Stack, client: httpx.Client) -> None:
    assert client.get(f"{stack.url}/healthz").json() == {"status": "ok"}
    ready = client.get(f"{stack.url}/readyz").json()
    assert ready == {"status": "ready", "checks": {"database": True, "rasa": True, "action_server": True}}


def test_a_car_wash_report_lands_as_a_triaged_tip(stack: Stack, client: httpx.Client) -> None:
    sender = "browser-session-car-wash-0001"
    conversation = [
        ("hi", "tell your council"),
        ("I want to report a hand car wash", "immediate danger"),
        ("/deny", "your own situation"),
        ("no, someone else", "Where is it"),
        ("Sparkle Hand Car Wash, 12 Mill Road", "When did you last see this"),
        ("this morning", "under 18"),
        ("/unsure", "Have you noticed any of these"),
        ('/inform{"sign": "no_protective_gear"}', "Anything else"),
        ("they sleep in a caravan out the back", "Anything else"),
        ("/deny", "how many people"),
        ("about 6", "In your own words"),
        ("They work in the rain with no gloves and the manager takes the money.", "contact you"),
        ("/deny", "Shall I send it"),
    ]
    summary = texts(converse(stack, client, sender, conversation))
    assert "12 Mill Road" in summary
    assert "No gloves" in summary

    replies = stack.chat(client, sender, "/affirm")
    reference = REFERENCE.search(texts(replies)).group(0)
    assert "What happens next" in texts(replies)

    rows = stack.query(
        "select setting, location, when_seen, signs, people_count, children_involved, immediate_danger, reporter_is_victim,"
        " description, contact_ok, urgency, triage_reasons, channel, language, reporter_pseudonym, is_complete"
        " from tips where reference = ?",
        reference,
    )
    assert len(rows) == 1
    (
        setting,
        location,
        when_seen,
        signs,
        people,
        children,
        danger,
        victim,
        description,
        contact_ok,
        urgency,
        reasons,
        channel,
        language,
        pseudonym,
        complete,
    ) = rows[0]
    assert (setting, location, when_seen, people, children, danger) == (
        "car_wash",
        "Sparkle Hand Car Wash, 12 Mill Road",
        "today",
        6,
        "unsure",
        "no",
    )
    assert json.loads(signs) == ["no_protective_gear", "living_on_site"]
    assert (victim, contact_ok, channel, language, complete) == (0, 0, "web_chat", "en", 1)
    assert "no gloves" in description
    assert (urgency, json.loads(reasons)) == ("medium", ["two_or_more_signs:2"])
    assert pseudonym == stack.pseudonym(sender)
    kinds = stack.query("select kind, outbox.status from outbox join tips on tips.id = outbox.tip_id where reference = ?", reference)
    assert kinds == [("inbox_notification", "held")]  # no transport configured: waits in the outbox


def test_an_emergency_in_the_first_message_gets_999_advice_and_an_emergency_tip_at_once(stack: Stack, client: httpx.Client) -> None:
    sender = "browser-session-emergency-0002"
    replies = stack.chat(client, sender, "They're beating a worker at the car wash on 40 Station Road right now, please help")
    first = replies[0]["text"]
    assert first.startswith(ADVICE_999)
    reference = REFERENCE.search(texts(replies)).group(0)  # location was in the message: escalated in the same turn
    tip = stack.query("select urgency, location, setting, is_complete, escalated_at from tips where reference = ?", reference)
    assert tip[0][:4] == ("emergency", "40 Station Road", "car_wash", 0)
    assert tip[0][4] is not None
    outbox = stack.query("select kind from outbox join tips on tips.id = outbox.tip_id where reference = ?", reference)
    assert outbox == [("police_escalation",)]
    # Only now the rest of the questions, as a follow-up to the same tip.
    assert "your own situation" in replies[-1]["text"]


def test_an_emergency_without_a_place_asks_where_then_escalates_before_any_other_question(stack: Stack, client: httpx.Client) -> None:
    sender = "browser-session-emergency-0003"
    before = stack.query("select count(*) from tips")[0][0]
    replies = stack.chat(client, sender, "someone is locked in the back room of the nail bar and screaming")
    assert replies[0]["text"].startswith(ADVICE_999)
    assert "Where is this happening" in replies[-1]["text"]
    assert stack.query("select count(*) from tips")[0][0] == before  # nowhere to send police yet

    replies = stack.chat(client, sender, "Lucky Nails, King Street")
    reference = REFERENCE.search(texts(replies)).group(0)
    assert "sent this to the police" in texts(replies)
    assert stack.query("select urgency, location, reporter_pseudonym from tips where reference = ?", reference) == [
        ("emergency", "Lucky Nails, King Street", stack.pseudonym(sender))
    ]
    assert stack.query("select kind from outbox join tips on tips.id = outbox.tip_id where reference = ?", reference) == [
        ("police_escalation",)
    ]

    # The rest of the answers complete the same tip, and police get the full picture.
    for message in ["/deny", '/inform{"when_seen": "now"}', "/unsure", "/deny", "/unsure", "/skip", "/deny", "/affirm"]:
        replies = stack.chat(client, sender, message)
    assert reference in texts(replies)
    assert stack.query("select count(*), min(is_complete) from tips where reporter_pseudonym = ?", stack.pseudonym(sender)) == [(1, 1)]
    kinds = [
        k
        for (k,) in stack.query(
            "select kind from outbox join tips on tips.id = outbox.tip_id where reference = ? order by outbox.id", reference
        )
    ]
    assert kinds == ["police_escalation", "police_update", "inbox_notification"]


def test_rasa_and_the_tip_store_see_only_the_pseudonym(stack: Stack, client: httpx.Client) -> None:
    sender = "raw-browser-session-id-5f3a9c"
    stack.chat(client, sender, "hello")
    stack.chat(client, sender, "/report_concern")
    pseudonym = stack.pseudonym(sender)
    assert pseudonym in stack.tracker_senders()
    assert sender not in stack.tracker_senders()
    for path in (stack.tracker_db, stack.app_db):
        assert sender.encode() not in path.read_bytes()
    assert sender not in stack.logs()


def test_contact_details_are_captured_encrypted_and_never_reach_rasa(stack: Stack, client: httpx.Client) -> None:
    sender = "browser-session-contact-0004"
    phone, email = "07700 900456", "reporter@example.org"
    for message in [
        "/report_concern",
        "/deny",
        "/deny",
        '/inform{"setting": "farm"}',
        "/skip",
        "/skip",
        "/deny",
        "/deny",
        "/unsure",
        "/skip",
    ]:
        stack.chat(client, sender, message)
    assert "How can we reach you" in texts(stack.chat(client, sender, "/affirm"))
    assert "encrypted" in texts(stack.chat(client, sender, f"{phone} or {email}, after 6pm"))
    replies = stack.chat(client, sender, "/affirm")
    reference = REFERENCE.search(texts(replies)).group(0)
    assert "may contact you" in texts(replies)

    for path in (stack.tracker_db, stack.app_db):
        raw = path.read_bytes()
        assert phone.encode() not in raw
        assert email.encode() not in raw
    assert phone not in stack.logs()
    assert email not in stack.logs()
    (ciphertext,) = stack.query(
        "select ciphertext from tip_contacts join tips on tips.id = tip_contacts.tip_id where reference = ?", reference
    )[0]
    contact = ContactCipher(stack.settings.contact_key).decrypt(ciphertext)
    assert (contact.phone, contact.email, contact.safe_times) == (phone, email, "after 6pm")


@pytest.mark.parametrize(
    ("body", "content_type", "status", "error"),
    [
        (b"this is not json", "application/json", 400, "invalid_json"),
        (b"[1, 2]", "application/json", 400, "invalid_body"),
        (b'{"message": "hello"}', "application/json", 400, "invalid_sender"),
        (b'{"sender": "bad-input-1"}', "application/json", 400, "invalid_message"),
        (b'{"sender": "bad-input-2", "message": 42}', "application/json", 400, "invalid_message"),
        (b'{"sender": "bad-input-3", "message": "   "}', "application/json", 400, "empty_message"),
        (b'{"sender": "bad-input-4", "message": "\\u0000\\u0007\\u202e"}', "application/json", 400, "empty_message"),
        (b'{"sender": "bad-input-5", "message": "/restart"}', "application/json", 400, "reserved_command"),
        (b'{"sender": "bad-input-5", "message": "/session_start"}', "application/json", 400, "reserved_command"),
        (b'{"sender": "bad-input-9", "message": "hello"}', "text/plain", 415, "unsupported_media_type"),
        (b"[" * 5000, "application/json", 400, "too_deep"),
        (b'{"sender": "bad-input-6", "message": "\\ud800"}', "application/json", 400, "invalid_message"),
        (b'{"sender": "bad input 7 with spaces", "message": "hi"}', "application/json", 400, "invalid_sender"),
        (json.dumps({"sender": "bad-input-8", "message": "x" * 3000}).encode(), "application/json", 413, "message_too_long"),
        (b"\xff\xfe\x00garbage", "application/json", 400, "invalid_json"),
    ],
)
def test_bad_input_gets_a_clear_4xx_and_never_reaches_rasa(
    stack: Stack, client: httpx.Client, body: bytes, content_type: str, status: int, error: str
) -> None:
    before = stack.tracker_senders()
    response = client.post(stack.chat_url, content=body, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert response.json()["message"]
    assert stack.tracker_senders() == before


def test_a_one_megabyte_message_is_refused_before_it_is_read(stack: Stack, client: httpx.Client) -> None:
    before = stack.tracker_senders()
    body = json.dumps({"sender": "bad-input-huge", "message": "a" * 1_000_000}).encode()
    response = client.post(stack.chat_url, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["message"]
    assert stack.tracker_senders() == before
    assert stack.pseudonym("bad-input-huge") not in stack.tracker_senders()


def test_script_in_a_message_comes_back_as_plain_text(stack: Stack, client: httpx.Client) -> None:
    sender = "browser-session-script-0005"
    for message in ["/report_concern", "/deny", "/deny", '/inform{"setting": "other"}']:
        stack.chat(client, sender, message)
    stack.chat(client, sender, "<script>alert(1)</script> 5 Mill Road")
    for message in ["/skip", "/deny", "/deny", "/unsure", "/skip"]:
        replies = stack.chat(client, sender, message)
    replies = stack.chat(client, sender, "/deny")
    # The JSON API returns text as text; the widget renders it with textContent, never as HTML.
    assert "<script>alert(1)</script> 5 Mill Road" in texts(replies)
    page = client.get(f"{stack.url}/")
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_the_demo_page_serves_the_chat(stack: Stack, client: httpx.Client) -> None:
    page = client.get(f"{stack.url}/")
    assert page.status_code == 200
    assert 'id="chat"' in page.text
    assert "/static/chat.js" in page.text
    assert "Exit this page" in page.text
    for asset in ("/static/chat.js", "/static/build/app.css", "/static/govuk/govuk-frontend.min.js", "/static/init.js"):
        assert client.get(f"{stack.url}{asset}").status_code == 200, asset


@pytest.mark.parametrize(
    ("language", "message"),
    [
        # Typed on an English keyboard, without ë, ç, or Vietnamese tone marks (issue 9).
        ("sq", "ndihme, po e rrahin nje djale ne lavazhin e makinave ne 12 Mill Road tani"),
        ("vi", "cuu voi, ho dang danh mot co gai o tiem nail tren 12 Mill Road ngay bay gio"),
    ],
)
def test_an_emergency_typed_without_diacritics_gets_999_advice_in_the_reporters_language(
    stack: Stack, client: httpx.Client, language: str, message: str
) -> None:
    from tests.e2e.test_sms import first_line

    replies = stack.chat(client, f"browser-session-no-marks-{language}", message)
    assert replies[0]["text"].startswith(first_line(language, "utter_emergency_999")), texts(replies)
    reference = REFERENCE.search(texts(replies)).group(0)
    assert stack.query("select urgency, language from tips where reference = ?", reference) == [("emergency", language)]


def test_an_unsure_reporter_whose_words_worry_one_signal_is_asked_once_then_believed(stack: Stack, client: httpx.Client) -> None:
    # The learned signal reads danger in the description, the cue lists do not (issue 9): one
    # concrete question, and the reporter's "no" is taken. No 999 advice, no police.
    sender = "browser-session-danger-check-0004"
    conversation = [
        ("I want to report a nail bar", "immediate danger"),
        ("/unsure", "your own situation"),
        ("/deny", "Where is it"),
        ("the nail bar on Quarry Lane", "When did you last see this"),
        ("this morning", "under 18"),
        ("/deny", "Have you noticed any of these"),
        ('/inform{"sign": "no_protective_gear"}', "Anything else"),
        ("/deny", "how many people"),
        ("about 4", "In your own words"),
        ("a woman at the upstairs window keeps tapping the glass and mouthing please, the door below has a chain on it", "hurt, shut in"),
        ("/deny", "contact you"),
        ("/deny", "Shall I send it"),
    ]
    converse(stack, client, sender, conversation, never=ADVICE_999)
    replies = stack.chat(client, sender, "/affirm")
    reference = REFERENCE.search(texts(replies)).group(0)
    rows = stack.query("select urgency, immediate_danger from tips where reference = ?", reference)
    assert rows == [("low", "no")], rows  # one sign, danger denied
    assert stack.query(
        "select count(*) from outbox join tips on tips.id = outbox.tip_id where reference = ? and kind = 'police_escalation'", reference
    ) == [(0,)]


def test_a_number_at_the_count_is_the_count_not_an_emergency(stack: Stack, client: httpx.Client) -> None:
    # The NLU once gave "three" the emergency intent at 1.00: 999 advice and police after a "No".
    # A plain answer to the question asked is that answer (issue 10).
    sender = "browser-session-guess-against-no-0005"
    conversation = [
        ("I want to report a hand car wash", "immediate danger"),
        ("/deny", "your own situation"),
        ("/deny", "Where is it"),
        ("Bubbles car wash, Dock Road", "When did you last see this"),
        ("this morning", "under 18"),
        ("/deny", "Have you noticed any of these"),
        ('/inform{"sign": "no_protective_gear"}', "Anything else"),
        ("/deny", "how many people"),
        ("three", "In your own words"),
        ("They wash cars in the rain with bare hands.", "contact you"),
        ("/deny", "Shall I send it"),
    ]
    converse(stack, client, sender, conversation, never=ADVICE_999)
    replies = stack.chat(client, sender, "/affirm")
    reference = REFERENCE.search(texts(replies)).group(0)
    assert stack.query("select urgency, immediate_danger, people_count from tips where reference = ?", reference) == [("low", "no", 3)]
    assert stack.query("select kind from outbox join tips on tips.id = outbox.tip_id where reference = ?", reference) == [
        ("inbox_notification",)
    ]


def test_contact_details_typed_by_an_anonymous_reporter_are_kept_nowhere(stack: Stack, client: httpx.Client) -> None:
    # "A phone number typed in the description by a resident who chose to stay anonymous was
    # stored in clear in the tip" (issue 10): now in no table, tracker or log.
    sender = "browser-session-redaction-0006"
    phone, email = "07700 900987", "boss.redacted@example.net"
    conversation = [
        ("I want to report a hand car wash", "immediate danger"),
        ("/deny", "your own situation"),
        ("/deny", "Where is it"),
        ("Shiny car wash, Mill Lane", "When did you last see this"),
        ("yesterday", "under 18"),
        ("/deny", "Have you noticed any of these"),
        ("/deny", "how many people"),
        ("about 4", "In your own words"),
        (f"The boss told me to ring him on {phone} or write to {email} if I wanted a cheap wash.", "contact you"),
        ("/deny", "Shall I send it"),
    ]
    summary = texts(converse(stack, client, sender, conversation))
    assert phone not in summary and "(contact details provided)" in summary
    reference = REFERENCE.search(texts(stack.chat(client, sender, "/affirm"))).group(0)
    (description,) = stack.query("select description from tips where reference = ?", reference)[0]
    assert "(contact details provided)" in description and phone not in description
    assert stack.query("select count(*) from pending_contacts where reporter_pseudonym = ?", stack.pseudonym(sender)) == [(0,)]
    assert stack.query("select count(*) from tip_contacts join tips on tips.id = tip_contacts.tip_id where reference = ?", reference) == [
        (0,)
    ]
    for path in (stack.tracker_db, stack.app_db):
        raw = path.read_bytes()
        assert phone.encode() not in raw and phone.replace(" ", "").encode() not in raw
        assert email.encode() not in raw
    assert phone not in stack.logs() and email not in stack.logs()
