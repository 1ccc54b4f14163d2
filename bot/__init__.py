"""The public gateway: the only process that faces the internet (SPEC §1)."""
