"""Entry point for ``python -m engine``."""

from engine.cli.program import entry

entry()
