"""The details of a facilitated session's situation, for ``status all|held|<id>`` (rich):
the events since the last stop, the world state (changes in bold), every response with its
participants, the objectives with their clocks, the decisions, the held injects with their
ids; or one of those alone (the held injects, a response, an objective); and the command
list. ``status`` alone is the one-screen summary (``play_status``)."""

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from engine.facilitate.commands import HELP
from engine.facilitate.situation import Situation
from engine.simulate.timefmt import t_plus

MAX_EVENTS = 12  # the latest events only; results.json has them all


def help_table() -> Table:
    """The facilitator's commands and what they do."""
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column()
    for usage, what in HELP:
        table.add_row(Text(usage, style="bold"), what)
    return table


def details(s: Situation) -> RenderableType:
    """What ``status <topic>`` asks for (``s.details``): everything the session knows at
    this stop (``all``), the held injects (``held``), or one response or objective."""
    head = Text(f"{t_plus(s.clock_h)}  {s.instant}   {s.title}", style="bold")
    if s.details == "held":
        parts: list[RenderableType] = [head, _held(s)]
    elif s.details in {o.objective for o in s.objectives}:
        parts = [head, _objectives(s, s.details)]
    elif s.details != "all":
        parts = [head, _one_response(s, s.details)]
    else:
        parts = [head, *([_events(s)] if s.events else []), _state(s), _responses(s), _objectives(s),
                 _decisions(s), _held(s)]
    return Panel(Group(*parts), title=f"status {s.details}", title_align="left")


def _events(s: Situation) -> RenderableType:
    table = Table(title=f"Since the last stop ({len(s.events)} events)", title_justify="left", box=None)
    for col in ("time", "event", "by", "source"):
        table.add_column(col)
    for e in s.events[-MAX_EVENTS:]:
        payload = " ".join(f"{k}={v}" for k, v in e.payload.items())
        table.add_row(*_texts(t_plus(e.t), f"{e.type} {payload}".strip(), e.by or "", e.source))
    return table


def _state(s: Situation) -> RenderableType:
    text = Text("State: ", style="bold")
    for i, (name, value, changed) in enumerate(s.state):
        text.append(("  " if i else "") + f"{name}={value}", style="bold cyan" if changed else "")
    return text


def _responses(s: Situation) -> RenderableType:
    if not s.responses:
        return Text("Responses: none started", style="dim")
    table = Table(title="Responses", title_justify="left", box=None)
    for col in ("response", "#", "status", "started", "participants"):
        table.add_column(col)
    for r in s.responses:
        who = ", ".join(f"{p.actor}: {p.status}" + (f" ({p.step})" if p.step else "") for p in r.participants)
        table.add_row(*_texts(r.title or r.response, str(r.instance), r.status, t_plus(r.started_h), who))
    return table


def _one_response(s: Situation, response: str) -> RenderableType:
    """A response's latest instance, each participant on a line with the step under way."""
    r = next((r for r in s.responses if r.response == response), None)
    if r is None:
        return Text(f"{response}: not started", style="dim")
    title = f"{r.response} #{r.instance}: {r.status}, started {t_plus(r.started_h)}" + (
        f", ended {t_plus(r.ended_h)}" if r.ended_h is not None else "") + (f" — {r.title}" if r.title else "")
    table = Table(title=Text(title), title_justify="left", box=None)  # Text: a title is not markup
    for col in ("participant", "status", "step under way"):
        table.add_column(col)
    for p in r.participants:
        table.add_row(*_texts(p.actor, p.status, p.step or ""))
    return table


def _objectives(s: Situation, only: str | None = None) -> RenderableType:
    table = Table(title="Objectives", title_justify="left", box=None)
    for col in ("objective", "status", "deadline", "left"):
        table.add_column(col)
    for o in s.objectives:
        if only is not None and o.objective != only:
            continue
        left = "—" if o.left_h is None else t_plus(o.left_h)[2:]
        table.add_row(*_texts(f"{o.objective} {o.title or ''}".strip(), o.status, t_plus(o.deadline_h), left))
    return table


def _decisions(s: Situation) -> RenderableType:
    bits = []
    if s.decisions:
        bits.append("decided: " + ", ".join(f"{d.decision}={d.option or 'unresolved'} ({d.how})" for d in s.decisions))
    if s.waiting is not None:
        bits.append(f"waiting: {s.waiting.id}")
    if s.open_decisions:
        bits.append("not come up yet: " + ", ".join(s.open_decisions))
    return Text("\n".join(bits), style="dim")


def _held(s: Situation) -> RenderableType:
    """The held (contingency) injects not released yet, by id: ``release <id>`` delivers one."""
    if not s.held:
        return Text("Held injects: none waiting to be released", style="dim")
    heading = Text(f"Held injects ({len(s.held)}): 'release <id>' delivers one now", style="italic")
    table = Table(box=None)  # the heading apart: a table's title wraps to the table's width
    for col in ("id", "title", "from", "to"):
        table.add_column(col)
    for i in s.held:
        m = i.model
        table.add_row(Text(i.id, style="bold"), *_texts(m.title or "", m.from_ or "", ", ".join(m.to)))
    return Group(heading, table)


def _texts(*cells: str) -> list[Text]:
    """Table cells as plain text: a scenario's "[x]" is shown, not read as rich markup."""
    return [Text(c) for c in cells]
