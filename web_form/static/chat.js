// Spot the Signs web chat: plain JavaScript, no framework. Messages are rendered as text
// (never HTML). The conversation id lives in sessionStorage, so it is gone when the tab closes.
(function () {
  "use strict";
  const chat = document.getElementById("chat");
  if (!chat) return;
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const endpoint = chat.dataset.endpoint;
  // What to say when the chat fails: rendered by the server in the page's language, with the
  // configured helpline (this file has no numbers of its own).
  const FAILED = chat.dataset.failure || "Sorry, something went wrong. If anyone is in danger, call 999.";
  const OFFLINE = chat.dataset.offline || FAILED;
  const KEY = "spotsigns.chat.session";

  function sessionId() {
    let id = sessionStorage.getItem(KEY);
    if (!id) {
      id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2));
      sessionStorage.setItem(KEY, id);
    }
    return id;
  }

  function add(text, who) {
    const item = document.createElement("div");
    item.className = "chat__message chat__message--" + who;
    item.setAttribute("dir", "auto");
    const label = document.createElement("span");
    label.className = "govuk-visually-hidden";
    // Its own direction, so that dir="auto" on the message follows the message's text
    // (Arabic and Urdu replies read right to left), not this English label.
    label.setAttribute("dir", "ltr");
    label.textContent = who === "user" ? "You said: " : "Assistant said: ";
    item.appendChild(label);
    item.appendChild(document.createTextNode(text));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function clearButtons() {
    log.querySelectorAll(".chat__buttons").forEach(function (group) { group.remove(); });
  }

  function addButtons(buttons) {
    const group = document.createElement("div");
    group.className = "chat__buttons";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Answers you can choose");
    buttons.forEach(function (button) {
      const element = document.createElement("button");
      element.type = "button";
      element.className = "govuk-button govuk-button--secondary chat__choice";
      element.setAttribute("dir", "auto");
      element.textContent = button.title;
      element.addEventListener("click", function () { send(button.payload, button.title); });
      group.appendChild(element);
    });
    log.appendChild(group);
    log.scrollTop = log.scrollHeight;
  }

  let busy = false;
  // `shown` is what the reporter sees as their own message; null for the automatic greeting.
  async function send(message, shown) {
    if (busy) return;
    busy = true;
    clearButtons();
    if (shown !== null) add(shown || message, "user");
    const waiting = add("…", "bot");
    waiting.setAttribute("aria-hidden", "true");
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: sessionId(), message: message }),
      });
      let replies = [];
      try { replies = await response.json(); } catch (e) { replies = []; }
      waiting.remove();
      if (!response.ok && replies && typeof replies.message === "string") {
        // A refusal the reporter can act on: the wait after too many messages (429), a
        // message that is too long, a "/" command typed in words. The gateway's words say what to do.
        add(replies.message, "bot");
      } else if (!Array.isArray(replies) || replies.length === 0) {
        add(FAILED, "bot");
      } else {
        replies.forEach(function (reply) {
          if (reply.text) add(reply.text, "bot");
          if (reply.buttons && reply.buttons.length) addButtons(reply.buttons);
        });
      }
    } catch (error) {
      waiting.remove();
      add(OFFLINE, "bot");
    } finally {
      busy = false;
      if (shown !== null) input.focus(); // never move focus on page load
    }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  send("/greet", null);
})();
