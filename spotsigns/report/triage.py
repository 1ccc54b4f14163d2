"""Urgency triage (SPEC §3): one pure function used by the chat, the web form, the API and
the `spotsigns triage` command.

Every rule that fires adds a reason code, so staff see *why* a tip has its level; rules of
lower levels are recorded too (an emergency involving a child says so). Codes:

- ``immediate_danger``                    the reporter said someone is in danger now
- ``danger_described:<category>``         a danger cue in the description or a message
- ``danger_inferred:<kind>``              the learned signal (danger_model.py) reads danger now
                                          in the description or a message; <kind> is the
                                          likeliest kind of harm (e.g. ``shut_in``)
- ``danger_unconfirmed:<kind>``           the learned signal read danger now, but the reporter,
                                          asked whether anyone is hurt, shut in or threatened
                                          now, could not say: recorded for staff, no emergency
- ``severe_sign_now:<sign>``              a severe sign seen *now*
- ``children_involved``                   children involved (yes)
- ``reporter_is_victim``                  the reporter describes their own situation
- ``sexual_exploitation``                 the setting is sexual exploitation
- ``severe_sign:<sign>``                  a severe indicator
- ``control_signs:<sign>+<sign>[+…]``     two or more control indicators
- ``two_or_more_signs:<n>``               two or more indicators of any kind
- ``no_rule_fired``                       nothing above applies (low)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from spotsigns.report.danger_cues import danger_categories
from spotsigns.report.danger_model import inferred_dangers
from spotsigns.report.fields import Report

URGENCIES: Final = ("emergency", "high", "medium", "low")
SEVERE_SIGNS: Final = ("threats_or_violence", "injuries", "locked_in_or_cannot_leave", "appears_under_18")
EMERGENCY_NOW_SIGNS: Final = ("threats_or_violence", "injuries", "locked_in_or_cannot_leave")
PLEA_FOR_HELP: Final = "plea_for_help"  # the danger-cue category of "help me" (danger_cues.yml)
PLEA_ALONE_WORDS: Final = 8  # "please help us, somebody help" is a plea alone; longer, it says more
CONTROL_SIGNS: Final = ("no_id_documents", "owes_debt", "controlled_by_others", "not_paid_or_underpaid", "cannot_speak_freely")


@dataclass(frozen=True, slots=True)
class TriageResult:
    urgency: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"urgency": self.urgency, "reasons": list(self.reasons)}


def signals_in_words(result: TriageResult, texts: Iterable[str] = ()) -> frozenset[str]:
    """For an emergency read from the reporter's words alone (`texts`, those triaged), which
    signals read it: "cues" (the lists name a harm, or a short plea: "help me please"), "plea"
    (the lists found only a plea for help said in passing in a longer message: "I need help, I
    work at a factory and they take my money", which a victim of unpaid work says too),
    "learned" (the model), or several. Empty when anything else makes it one (the reporter
    said yes, a severe sign seen now) or when it is no emergency."""
    if result.urgency != "emergency" or any(r == "immediate_danger" or r.startswith("severe_sign_now:") for r in result.reasons):
        return frozenset()
    described = {r.removeprefix("danger_described:") for r in result.reasons if r.startswith("danger_described:")}
    found = {"plea"} if described == {PLEA_FOR_HELP} and _pleas_in_passing(texts) else {"cues"} if described else set()
    return frozenset(found | {"learned" for r in result.reasons if r.startswith("danger_inferred:")})


def _pleas_in_passing(texts: Iterable[str]) -> bool:
    """Every message that pleads for help is longer than a plea alone."""
    pleading = [t for t in texts if t and PLEA_FOR_HELP in danger_categories([t])]
    return bool(pleading) and all(len(t.split()) > PLEA_ALONE_WORDS for t in pleading)


def danger_in_words(texts: Iterable[str]) -> frozenset[str]:
    """Which signals ("cues", "plea", "learned") read danger now in `texts` alone, whatever the
    reporter answered: used to check an intent classifier's guess of an emergency."""
    said = [t for t in texts if t]
    return signals_in_words(triage(Report(immediate_danger="unsure"), said), said)


def free_texts(report: Report, messages: Iterable[str]) -> list[str]:
    """The words triage reads: the description (with the notes) and the reporter's messages."""
    # Unsure or not yet asked: the words decide (safety first). Only a confident "no" stops them.
    texts = [report.description or ""]
    # Button payloads ("/affirm") carry no words of the reporter.
    texts.extend(m for m in messages if m and not m.startswith("/"))
    return texts


def triage(
    report: Report, messages: Iterable[str] = (), described: Iterable[str] | None = None, *, learned_unconfirmed: bool = False
) -> TriageResult:
    """Decide the urgency of `report`. `messages` are the reporter's own chat or SMS texts, all
    read by the cue lists; `described`, those of them that describe (not an address, a time or
    a count typed to a question), are what the learned signal reads (all of them if None).
    `learned_unconfirmed`: the reporter, asked the concrete question ("is anyone hurt, shut in
    or threatened right now?") because of what the words suggested, could not say. A model's
    reading that the reporter cannot confirm and no cue word names ("Nie wiem, nikogo nie
    widać" about a cannabis house) is not "the description says so" (SPEC §3): it is kept as a
    reason for staff, not sent to police."""
    emergency: list[str] = []
    high: list[str] = []
    medium: list[str] = []
    unconfirmed: list[str] = []

    if report.immediate_danger == "yes":
        emergency.append("immediate_danger")
    if report.immediate_danger != "no":
        texts = free_texts(report, messages)
        emergency.extend(f"danger_described:{c}" for c in danger_categories(texts))
        read = texts if described is None else free_texts(report, described)
        inferred = inferred_dangers(read)[:1]
        (unconfirmed if learned_unconfirmed else emergency).extend(
            f"danger_{'unconfirmed' if learned_unconfirmed else 'inferred'}:{d.kind}" for d in inferred
        )
    if report.when_seen == "now":
        emergency.extend(f"severe_sign_now:{s}" for s in EMERGENCY_NOW_SIGNS if s in report.signs)

    if report.children_involved == "yes":
        high.append("children_involved")
    if report.reporter_is_victim:
        high.append("reporter_is_victim")
    if report.setting == "sexual_exploitation":
        high.append("sexual_exploitation")
    high.extend(f"severe_sign:{s}" for s in SEVERE_SIGNS if s in report.signs)
    control = [s for s in CONTROL_SIGNS if s in report.signs]
    if len(control) >= 2:
        high.append("control_signs:" + "+".join(control))

    if len(report.signs) >= 2:
        medium.append(f"two_or_more_signs:{len(report.signs)}")

    for level, fired in (("emergency", emergency), ("high", high), ("medium", medium)):
        if fired:
            return TriageResult(level, tuple(emergency + high + medium + unconfirmed))
    return TriageResult("low", ("no_rule_fired", *unconfirmed))
