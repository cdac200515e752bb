"""The details of a facilitated session's situation, for ``status`` (rich): the events
since the last stop, the world state (changes in bold), every response with its
participants, the objectives with their clocks, the decisions; and the command list."""

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
    """Everything the session knows at this stop, in tables."""
    parts: list[RenderableType] = [Text(f"{t_plus(s.clock_h)}  {s.instant}   {s.title}", style="bold")]
    if s.events:
        parts.append(_events(s))
    parts += [_state(s), _responses(s), _objectives(s), _decisions(s)]
    return Panel(Group(*parts), title="status", title_align="left")


def _events(s: Situation) -> RenderableType:
    table = Table(title=f"Since the last stop ({len(s.events)} events)", title_justify="left", box=None)
    for col in ("time", "event", "by", "source"):
        table.add_column(col)
    for e in s.events[-MAX_EVENTS:]:
        payload = " ".join(f"{k}={v}" for k, v in e.payload.items())
        table.add_row(t_plus(e.t), f"{e.type} {payload}".strip(), e.by or "", e.source)
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
        table.add_row(r.title or r.response, str(r.instance), r.status, t_plus(r.started_h), who)
    return table


def _objectives(s: Situation) -> RenderableType:
    table = Table(title="Objectives", title_justify="left", box=None)
    for col in ("objective", "status", "deadline", "left"):
        table.add_column(col)
    for o in s.objectives:
        left = "—" if o.left_h is None else t_plus(o.left_h)[2:]
        table.add_row(f"{o.objective} {o.title or ''}".strip(), o.status, t_plus(o.deadline_h), left)
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
