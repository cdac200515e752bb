"""The facilitator's screen for ``accord play`` (rich).

At each stop the screen is drawn to fit the terminal (80×24 at least; a bigger terminal
shows more): the clock and why it stopped, then the card of each inject just delivered
(title, audience, narrative and the controller-only texts) on top, the decision waiting
with its options, a summary of what changed since the last stop (events, state,
responses) with counts of responses and objectives, and what comes next. ``status`` draws
the one-screen summary instead (``play_status``); ``status all|held|<id>`` prints the
details below it. At a terminal the screen is
redrawn in place, and a message (an error, "noted") is shown under it, so the inject card
never scrolls away; from a pipe everything is printed in order.
"""

import re

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from engine.analyse.delivered import Delivered
from engine.cli.play_details import details, help_table
from engine.cli.play_status import fit_line, summary_screen
from engine.facilitate.feed import Message, Shown
from engine.facilitate.situation import Situation
from engine.simulate.timefmt import t_plus

RESERVED = 3  # lines under the screen: two messages and the prompt
CARD_FRAME = 2  # a card's top and bottom border
EXTRAS = 6  # lines of running objectives and active responses at most, when there is room


class Screen:
    """Shows the session's situations and messages on a console."""

    def __init__(self, console: Console, *, live: bool) -> None:
        self.console = console
        self.live = live  # an interactive terminal: redraw in place
        self.last: Situation | None = None
        self.messages: list[Message] = []

    def show(self, item: Shown) -> None:
        """Draw a situation, or show a message (under the screen at a terminal)."""
        if isinstance(item, Message):
            self._message(item)
        elif item.details == "summary":
            self._summary(item)
        elif item.details:
            self.console.print(details(item))
        else:
            self.last, self.messages = item, []
            self._draw()

    def _message(self, m: Message) -> None:
        if m.level == "help":
            self.console.print(help_table())
            return
        if self.live and self.last is not None:
            self.messages = [*self.messages, m][-(RESERVED - 1):]
            self._draw()
        else:
            self.console.print(message_text(m), soft_wrap=True)

    def _summary(self, s: Situation) -> None:
        """``status``: the summary on the screen in place of the stop's (the next command
        draws the stop again); from a pipe, printed in order."""
        width, height = self.console.size
        if self.live:
            self.console.clear()
        self.console.print(summary_screen(s, width, height - 1))

    def _draw(self) -> None:
        assert self.last is not None
        width, height = self.console.size
        messages = [line for m in self.messages for line in message_text(m).wrap(self.console, width)]
        if self.live:
            self.console.clear()
        self.console.print(compact(self.last, self.console, width, height - 1 - max(len(messages), RESERVED - 1)))
        for line in messages if self.live else ():
            self.console.print(line)


def message_text(m: Message) -> Text:
    """``error: …`` in red, a warning in yellow, information in cyan."""
    style = {"error": "bold red", "warning": "yellow"}.get(m.level, "cyan")
    prefix = "" if m.level == "info" else f"{m.level}: "
    return Text(prefix + m.text, style=style)


def compact(s: Situation, console: Console, width: int, height: int) -> RenderableType:
    """The screen of one stop in at most ``height`` lines of ``width`` columns."""
    top = [_header(s, width), _line("stop: " + "; ".join(s.reasons), width, "magenta")] if s.reasons else \
        [_header(s, width)]
    middle, bottom = [*_decision(s, console, width), *_summary(s, width)], _next(s, width)
    room = height - len(top) - len(middle) - len(bottom)
    cards, used = _cards(s.current, {d.seq for d in s.injects}, console, width, room)
    extras = _extras(s, width)[:max(0, min(room - used, EXTRAS))]
    return Group(*top, *cards, *middle, *extras, *bottom)


# -- the blocks, each a list of lines ---------------------------------------------------------
_line = fit_line


def _header(s: Situation, width: int) -> Text:
    left = f"{t_plus(s.clock_h)}  {s.instant}  "
    right = f"  horizon {t_plus(s.until_h)}"
    title = s.title if len(left) + len(s.title) + len(right) <= width else \
        s.title[:max(0, width - len(left) - len(right) - 1)] + "…"
    return Text.assemble((left, "bold"), (title, "bold"), (right, "dim"))


def _cards(items: tuple[Delivered, ...], new: set[int], console: Console, width: int,
           room: int) -> tuple[list[Text | Panel], int]:
    """The cards of the current injects (``new``: the seqs of those delivered at this stop),
    sharing ``room`` lines: each its title and a line, then more in the order delivered."""
    if not items:
        return [], 0
    bodies = [_card_body(d, console, width - 4) for d in items]
    budget = room - CARD_FRAME * len(items)
    least = [len(b[0]) + min(1, len(b) - 1) for b in bodies]  # the title and a line
    if budget < sum(least):  # not even that for every card: titles only
        return [_line(f"▶ {_card_title(d)} — {d.public.title}", width, "bold green") for d in items], len(items)
    shares = _shares([sum(len(part) for part in b) for b in bodies], least, budget)
    cards: list[Text | Panel] = [_card(d, _fit(b, n), width, d.seq in new)
                                 for d, b, n in zip(items, bodies, shares, strict=True)]
    return cards, sum(shares) + CARD_FRAME * len(items)


def _shares(wanted: list[int], least: list[int], budget: int) -> list[int]:
    """Lines for each card: at least ``least``, then the rest in order, up to what each wants."""
    shares = list(least)
    left = budget - sum(least)
    for i, want in enumerate(wanted):
        extra = max(0, min(want - shares[i], left))
        shares[i] += extra
        left -= extra
    return shares


def flow(text: str) -> str:
    """A scenario's text as paragraphs to wrap once, to the screen's width: the line breaks
    inside a paragraph (a YAML block written at its author's width) become spaces; a blank
    line still starts a new paragraph (on the next line, the screen being short)."""
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n".join(p for p in paragraphs if p)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
Body = list[list[Text]]  # the title's lines, then the narrative's, then each controller text's


def _card_body(d: Delivered, console: Console, width: int) -> Body:
    p, c = d.public, d.controller
    title = list(Text(p.title, style="bold").wrap(console, width)) if p.title else []
    text: list[Text] = []
    if p.sender or p.audience:
        text.append(_line(f"from {p.sender or '—'} to {', '.join(p.audience) or '—'}", width, "dim"))
    narrative = p.narrative or (f"(no narrative) event {d.model_event}" if d.model_event else "")
    # the facilitator's own words keep the line breaks they were typed with; a scenario's
    # are flowed again, since a YAML block's breaks are its author's wrapping, not the screen's
    narrative = narrative if d.kind == "narrative" else flow(narrative)
    text += list(Text(narrative).wrap(console, width)) if narrative else []
    controller = [list(Text(f"{label}: {flow(value)}", style="yellow").wrap(console, width)) for label, value in (
        ("expected response", c.expected_response), ("objective", c.objective), ("controller notes", c.notes),
        ("event", d.model_event if d.kind == "scripted" and p.narrative else "")) if value]
    return [title, text, *controller]


def _fit(body: Body, lines: int) -> list[Text]:
    """The body in ``lines`` lines: the title whole; then a line of the narrative and of each
    controller text; then the rest of the narrative (read aloud, so it comes first), then of
    the controller texts; a text cut short ends with an ellipsis."""
    sizes = [len(body[0])] + [0] * (len(body) - 1)
    left = lines - sizes[0]
    for i in range(1, len(body)):  # one line each, in order
        take = min(1, len(body[i]), left)
        sizes[i], left = take, left - take
    for i in range(1, len(body)):  # then the rest, in order
        take = min(len(body[i]) - sizes[i], left)
        sizes[i], left = sizes[i] + take, left - take
    return [line for part, n in zip(body, sizes, strict=True) for line in _cut(part, n)]


def _cut(lines: list[Text], n: int) -> list[Text]:
    if n >= len(lines) or n == 0:
        return lines[:n]
    last = lines[n - 1].copy()
    last.rstrip()
    if not last.plain.endswith("…"):  # a line already cut to the width says so once
        last.truncate(max(1, len(last) - 1))
        last.append("…")
    return [*lines[:n - 1], last]


def _card_title(d: Delivered) -> str:
    what = {"scripted": f"inject {d.inject}", "narrative": "narrative inject", "adhoc": "ad-hoc inject"}[d.kind]
    return f"{what} at {t_plus(d.t)}"


def _card(d: Delivered, lines: list[Text], width: int, new: bool) -> Panel:
    """An inject's card: green when delivered at this stop, dim while it stays the current one."""
    return Panel(Group(*lines), title=_card_title(d), title_align="left", border_style="green" if new else "dim",
                 width=width)


def _decision(s: Situation, console: Console, width: int) -> list[Text]:
    """The decision waiting: its question whole, and one line per option."""
    d = s.waiting
    if d is None:
        return []
    out = list(Text(f"DECISION WAITING: {flow(d.prompt or d.id)}", style="bold red").wrap(console, width))
    for option in d.options:
        mark = " (default)" if option == d.default else ""
        out.append(_line(f"  decide {d.id} {option}   {d.titles.get(option) or ''}{mark}", width, "bold"))
    return out


def _summary(s: Situation, width: int) -> list[Text]:
    """What changed since the last stop, and where responses and objectives stand."""
    changed = ", ".join(f"{k} {_value(before)}→{_value(after)}" for k, before, after in s.changes)
    moved = [f"{e.type.rpartition('.')[0]} {e.type.rpartition('.')[2]}" for e in s.events
             if e.type.rpartition(".")[2] in ("started", "completed", "failed", "stopped")
             and e.type.rpartition(".")[0] in {r.response for r in s.responses}]
    since = f"Since the last stop: {len(s.events)} event{'' if len(s.events) == 1 else 's'}"
    since += f"; state {changed}" if changed else "; state unchanged"
    since += f"; {', '.join(moved)}" if moved else ""
    return [_line(since, width), _line(_counts(s), width)]


def _value(v: object) -> str:
    return "—" if v is None else str(v).lower() if isinstance(v, bool) else str(v)


def _counts(s: Situation) -> str:
    statuses = [r.status for r in s.responses]
    responses = " · ".join(f"{statuses.count(k)} {k}" for k in ("active", "completed", "failed", "stopped")
                           if statuses.count(k)) or "none started"
    objectives = [o.status for o in s.objectives]
    counts = " · ".join(f"{objectives.count(k)} {k}" for k in ("met", "missed", "running") if objectives.count(k))
    running = [o for o in s.objectives if o.left_h is not None]
    soonest = min(running, key=lambda o: o.left_h or 0.0, default=None)
    due = f", {soonest.objective} due in {t_plus(soonest.left_h)[2:]}" if soonest else ""
    return f"Responses: {responses}   Objectives: {counts or 'none started'}{due}"


def _next(s: Situation, width: int) -> list[Text]:
    out = []
    if s.next_inject is not None:
        n = s.next_inject
        out.append(_line(f"Next inject: {n.id} at {t_plus(n.t)}" + (f" — {n.model.title}" if n.model.title else ""),
                         width, "dim"))
    elif s.at_horizon:
        out.append(_line("Horizon reached: 'end' writes the results", width, "dim"))
    if s.held:
        out.append(_line("Held: " + ", ".join(i.id for i in s.held) + " ('release <id>' delivers one now)", width,
                         "dim"))
    if s.decisions:
        taken = ", ".join(f"{d.decision}={d.option or 'unresolved'} ({d.how})" for d in s.decisions)
        out.append(_line(f"Decided: {taken}", width, "dim"))
    out.append(_line("'status' sums up, 'help' lists the commands, 'undo' takes back the last action",
                     width, "dim"))
    return out


def _extras(s: Situation, width: int) -> list[Text]:
    """Running objectives and active responses, one line each, for a taller terminal."""
    out = [_line(f"  {o.objective} {o.title or ''}: {t_plus(o.left_h)[2:]} left", width)
           for o in s.objectives if o.left_h is not None]
    for r in s.responses:
        if r.status == "active":
            who = ", ".join(f"{p.actor} {p.status}" for p in r.participants)
            out.append(_line(f"  {r.title or r.response}: {who}", width))
    return out
