"""Entry point for ``python -m engine``."""

from engine.cli import entry

entry()
