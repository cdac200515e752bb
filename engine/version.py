"""The version of accord (in its own module: ``accord --version`` imports nothing else)."""

__version__ = "0.1.0"
