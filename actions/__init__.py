"""Rasa custom actions (rasa-sdk) for Spot the Signs.

Actions stay thin: they read the tracker, call the plain domain modules in `spotsigns`
(triage, tip store, indicators, helplines) and utter domain responses.
"""
