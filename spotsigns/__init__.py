"""Spot the Signs: shared domain logic (fields, triage, tip store, outbox, pseudonyms).

Framework-free: the Rasa actions, the gateway, the web form and the CLI all call into this
package, so every rule has exactly one implementation.
"""

__version__ = "0.1.0"
