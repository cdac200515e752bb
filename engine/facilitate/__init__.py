"""Facilitate: live play, a facilitator's commands driving the engine step by step.

May import: ``engine.errors``, ``read``, ``check``, ``simulate``, ``analyse``, ``render``.

Modules:
- ``session``: a facilitated session (the commands applied to a running Simulation);
- ``stepping``: its clock (to the next stop, towards a time, an event now);
- ``feed``: where its commands come from (the journal, then live input) and its messages;
- ``outcome``: what it leaves (its record so far, ``facilitation.json``);
- ``journal``: the session's journal (fsync'ed before the engine acts), for resume;
  ``journal_fields``: what each journal line may hold (table-driven checks);
- ``commands``: the facilitator's command language, parsed and checked;
- ``completion``: tab completion of commands; ``situation``: the state at a stop, as data;
- ``serve``: the exercise console in the browser (``accord serve``) on the same session.
"""

__all__ = ["commands", "completion", "feed", "journal", "journal_fields", "outcome", "serve", "session", "situation",
           "stepping"]
