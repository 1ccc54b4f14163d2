"""Report rules: the fields, triage, danger cues, wording of places and signs, helplines and
translations. Imports nothing from storage, delivery or the launcher."""
