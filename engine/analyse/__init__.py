"""The analyse stage (see docs/architecture.md)."""
