"""The exercise console (``accord serve``): the facilitated session in the browser, one
session and one journal for the facilitator's console, the players' screen (the projector)
and the evaluators' pages.

May import: ``engine.errors``, ``read``, ``check``, ``simulate``, ``analyse``, ``render``,
``facilitate``; Starlette and Jinja (uvicorn is the command line's).

Modules:
- ``room``: the session on a thread of its own, commands in (with their state version),
  snapshots out; ``snapshot``: what every screen shows at one moment;
- ``access``: the role tokens, kept beside the journal; ``forms``: forms to command lines;
- ``views``: the pages and their live regions (``templates/``, ``static/``); ``app``: the
  web application (routes, live updates by server-sent events, security headers).
"""

__all__ = ["access", "app", "forms", "room", "snapshot", "views"]
