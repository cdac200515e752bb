"""Facilitate: live play, a facilitator's commands driving the engine step by step.

May import: ``engine.errors``, ``read``, ``check``, ``simulate``, ``analyse``, ``render``.

Modules:
- ``session``: a facilitated session (the commands applied to a running Simulation);
- ``journal``: the session's journal (fsync'ed before the engine acts), for resume;
  ``journal_fields``: what each journal line may hold (table-driven checks);
- ``commands``: the facilitator's command language, parsed and checked;
- ``completion``: tab completion of commands; ``situation``: the state at a stop, as data.
"""

__all__ = ["commands", "completion", "journal", "journal_fields", "session", "situation"]
