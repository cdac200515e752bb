"""The lint stage (see docs/architecture.md)."""
