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
- ``serve``: the exercise console in the browser (``accord serve``) on the same session;
- forecasts (``accord forecast``): ``branch_point`` (a journal replayed to where the session
  stands), ``forecast`` (the runs from there, on any executor), ``forecast_doc`` (the
  ``accord.forecast/1`` document), ``forecast_run`` (the command's work, end to end),
  ``forecast_live`` (forecasts asked for in a session, journaled; the AAR's odds around decisions).
"""

__all__ = [
    "branch_point", "commands", "completion", "feed", "forecast", "forecast_doc", "forecast_live", "forecast_run",
    "journal", "journal_fields", "outcome", "serve", "session", "situation", "stepping",
]
