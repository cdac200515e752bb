"""The facilitator's screen for ``accord play`` (rich): the clock, the injects just
delivered with their narrative and audience (and the controller-only texts), what
happened, world state, responses, objectives with time left, and the decision waiting.
"""

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from engine.facilitate.commands import HELP
from engine.facilitate.session import Message, Shown
from engine.facilitate.situation import InjectView, Situation
from engine.simulate.timefmt import t_plus

MAX_EVENTS = 12  # the screen shows the latest events only; results.json has them all


def render(item: Shown, console: Console) -> None:
    """Print a situation or a message."""
    if isinstance(item, Message):
        _message(item, console)
    else:
        console.print(_situation(item))


def _message(m: Message, console: Console) -> None:
    if m.level == "help":
        table = Table(show_header=False, box=None, padding=(0, 2))
        for usage, what in HELP:
            table.add_row(Text(usage, style="bold"), what)
        console.print(table)
        return
    style = {"error": "bold red", "warning": "yellow"}.get(m.level, "cyan")
    prefix = "" if m.level == "info" else f"{m.level}: "
    console.print(Text(prefix + m.text, style=style), soft_wrap=True)


def _situation(s: Situation) -> RenderableType:
    head = Text.assemble((f"{t_plus(s.clock_h)}", "bold"), f"  {s.instant}   ",
                         (s.title, "bold"), f"   horizon {t_plus(s.until_h)}")
    if s.reasons:
        head.append("\nstop: " + "; ".join(s.reasons), style="magenta")
    parts: list[RenderableType] = [head]
    parts += [_inject(i) for i in s.injects]
    if s.events:
        parts.append(_events(s))
    parts += [_state(s), _responses(s), _objectives(s)]
    parts.append(_footer(s))
    if s.waiting is not None:
        parts.append(_decision(s))
    return Panel(Group(*parts), title="accord play", title_align="left")


def _inject(v: InjectView) -> RenderableType:
    m = v.inject.model
    lines = Text()
    if m.to or m.from_:
        lines.append(f"from {m.from_ or '—'} to {', '.join(m.to) or '—'}\n", style="dim")
    lines.append(m.narrative or f"(no narrative) event {v.inject.event}")
    for label, value in (("expected response", m.expected_response), ("objective", m.objective),
                         ("controller notes", m.notes)):
        if value:
            lines.append(f"\n{label}: {value}", style="yellow")
    title = f"inject {v.inject.id} at {t_plus(v.t)}" + (f" — {m.title}" if m.title else "")
    return Panel(lines, title=title, title_align="left", border_style="green")


def _events(s: Situation) -> RenderableType:
    table = Table(title=f"What happened ({len(s.events)} events)", title_justify="left", box=None)
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


def _footer(s: Situation) -> RenderableType:
    bits = []
    if s.next_inject is not None:
        n = s.next_inject
        bits.append(f"next inject: {n.id} at {t_plus(n.t)}" + (f" — {n.model.title}" if n.model.title else ""))
    elif s.at_horizon:
        bits.append("horizon reached: 'end' writes the results")
    if s.held:
        bits.append("held injects: " + ", ".join(i.id for i in s.held) + " ('release <id>' delivers one now)")
    if s.decisions:
        bits.append("decided: " + ", ".join(f"{d.decision}={d.option} ({d.how})" for d in s.decisions))
    if s.open_decisions:
        bits.append("decision points not reached: " + ", ".join(s.open_decisions))
    return Text("\n".join(bits), style="dim")


def _decision(s: Situation) -> RenderableType:
    d = s.waiting
    assert d is not None
    text = Text(d.prompt or d.id, style="bold")
    for option in d.options:
        title = d.titles.get(option) or ""
        mark = " (default)" if option == d.default else ""
        text.append(f"\n  decide {d.id} {option}", style="bold green")
        text.append(f"   {title}{mark}")
    return Panel(text, title=f"decision {d.id} waiting", title_align="left", border_style="red")
