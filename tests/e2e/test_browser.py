"""The demo council page in a real browser: Debian's chromium driven by Playwright (its own
executable, never `playwright install`), against the real stack."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import require
from tests.e2e.conftest import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require(shutil.which("chromium") is not None, "Debian's chromium is not installed (make chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_resident_reports_through_the_chat_widget(stack: Stack, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(stack.url + "/")

    log = page.locator("#chat-log")
    log.get_by_text("tell your council").wait_for()
    assert page.get_by_role("button", name="Exit this page").is_visible()

    page.get_by_role("button", name="Report a concern").click()
    log.get_by_text("is anyone in immediate danger").wait_for()
    page.get_by_role("button", name="No", exact=True).click()
    log.get_by_text("your own situation").wait_for()
    page.get_by_role("button", name="No, someone else").click()
    log.get_by_text("What kind of place").wait_for()
    page.get_by_role("button", name="Hand car wash").click()
    log.get_by_text("Where is it?").wait_for()

    page.get_by_label("Your message").fill("<b>Bubbles</b> car wash, 3 Ring Road")
    page.get_by_role("button", name="Send").click()
    log.get_by_text("When did you last see this?").wait_for()
    # What the reporter typed is shown as text, never as markup.
    assert log.get_by_text("<b>Bubbles</b> car wash, 3 Ring Road").count() == 1
    assert page.locator("#chat-log b").count() == 0
    assert errors == []
    page.close()


def type_first_message(stack: Stack, browser: object, message: str) -> object:
    """A new page with the chat greeted, and `message` typed and sent with Enter."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(stack.url + "/")
    page.locator("#chat-log").get_by_text("tell your council").wait_for()
    page.get_by_label("Your message").fill(message)
    page.keyboard.press("Enter")
    return page


def test_an_emergency_typed_in_the_widget_shows_999_first(stack: Stack, browser: object) -> None:
    page: Any = type_first_message(stack, browser, "someone is locked in the back of the takeaway and screaming for help")
    page.locator(".chat__message--bot", has_text="Where is this happening").wait_for()
    # The replies to the emergency are all shown now: the first is the 999 advice, then the question.
    replies = page.locator(".chat__message--user ~ .chat__message--bot").all_text_contents()
    assert "call 999 and ask for the police" in replies[0], replies
    assert any("Where is this happening" in reply for reply in replies[1:]), replies
    page.close()


def test_arabic_replies_read_right_to_left(stack: Stack, browser: object) -> None:
    page: Any = type_first_message(stack, browser, "أريد الإبلاغ عن مغسلة سيارات يعمل فيها أشخاص بلا أجر")
    # Wait for the answer in Arabic (the "…" placeholder is a bot message too).
    page.wait_for_function(
        "() => { const bot = document.querySelectorAll('.chat__message--bot');"
        " return /[\\u0600-\\u06ff]/.test(bot[bot.length - 1].textContent); }"
    )
    direction = "element => getComputedStyle(element).direction"
    assert page.locator(".chat__message--user").last.evaluate(direction) == "rtl"
    assert page.locator(".chat__message--bot").last.evaluate(direction) == "rtl"
    english_greeting = page.locator(".chat__message--bot").first
    assert english_greeting.evaluate(direction) == "ltr"
    # The answer asks a question with buttons; their Arabic titles read right to left too.
    choices = page.locator(".chat__choice")
    assert choices.count() > 0
    assert choices.evaluate_all("elements => elements.map(element => getComputedStyle(element).direction)") == ["rtl"] * choices.count()
    page.close()


def test_the_widget_shows_the_gateways_own_words_when_it_refuses_a_message(stack: Stack, browser: object) -> None:
    """A refusal (a 429 with the wait, a message too long, a typed "/restart") is shown in the
    gateway's words — what to do next and the 999 advice — not as "something went wrong"."""
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(stack.url + "/")
    log = page.locator("#chat-log")
    log.get_by_text("tell your council").wait_for()
    page.get_by_label("Your message").fill("/restart")
    page.get_by_role("button", name="Send").click()
    log.get_by_text("Please type your message in words").wait_for()
    assert log.get_by_text("something went wrong").count() == 0
