"""The launcher: the `spotsigns` command, the process supervisor and model training. It sits
above everything else and may import any of it."""
