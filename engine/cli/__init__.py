"""The cli stage (see docs/architecture.md)."""

from engine.cli.program import entry, main

__all__ = ["entry", "main"]
