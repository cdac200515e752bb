"""The simulate stage (see docs/architecture.md)."""
