"""The facilitate stage (see docs/architecture.md)."""
