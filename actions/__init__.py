"""Rasa custom actions (rasa-sdk) for Spot the Signs.

Actions stay thin: they read the tracker, call the plain domain modules in `spotsigns`
(triage, tip store, indicators, helplines) and utter domain responses by name. The domain
they receive has no `responses` (rasa_runtime/channel.py leaves them out of every action call to
keep calls small; Rasa renders the responses itself).
"""
