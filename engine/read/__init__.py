"""The read stage (see docs/architecture.md)."""
