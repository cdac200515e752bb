"""The master scenario events list (MSEL): the scripted injects as exercise staff use them.

Columns follow common exercise practice: Event No., Designated Scenario Time, Event Type,
From, To, Message, Expected Participant Response, Exercise Objective, Notes. Written as CSV
(UTF-8 with a byte-order mark, so spreadsheet programs read accents correctly) or Markdown.

Held (contingency) injects come last, with "held" for their time; a narrative inject's event
type is "narrative".

Given the record of a facilitated session, the MSEL also lists the facilitator's ad-hoc
and narrative injects (``inject``, ``say``) where they happened, numbered ``adhoc-1``, … in
the order played, so the list is the exercise as it was run.
"""

import math
from dataclasses import dataclass

from engine.analyse.aar import Ending
from engine.analyse.delivered import FACILITATOR, Delivered, delivered
from engine.check.world import NARRATIVE, InjectDef, World
from engine.render.csv_file import csv_text
from engine.render.md import Lines, inline, table
from engine.simulate.record import RunResult
from engine.simulate.timefmt import scenario_time

COLUMNS = (
    "Event No.", "Designated Scenario Time", "Event Type", "From", "To", "Message",
    "Expected Participant Response", "Exercise Objective", "Notes",
)


@dataclass(frozen=True, slots=True)
class MselRow:
    """One inject, as the MSEL shows it."""

    inject: str
    t: float | None  # hours after T+0; None for a held inject
    time: str
    event_type: str
    sender: str
    audience: str
    message: str
    expected: str
    objective: str
    notes: str
    held: bool = False

    def cells(self) -> tuple[str, ...]:
        """The row in ``COLUMNS`` order."""
        return (self.inject, self.time, self.event_type, self.sender, self.audience, self.message,
                self.expected, self.objective, self.notes)


def msel_rows(world: World, result: RunResult | None = None) -> list[MselRow]:
    """The injects in play order (time, then file order), then the held ones (file order);
    with a ``result``, the facilitator's injects too, each after the scenario's injects of
    its instant."""
    rows = [_row(world, i) for i in world.injects]
    rows += [_adhoc_row(world, d, n) for n, d in enumerate(_adhoc(world, result), 1)]
    # stable: ties keep file order, the facilitator's last
    timed = sorted(rows, key=lambda r: math.inf if r.t is None else r.t)
    return timed + [_row(world, i) for i in world.held.values()]


def played_rows(world: World, result: RunResult, end: Ending) -> list[tuple[MselRow, str]]:
    """The MSEL as played: each row with how it was played (``played_as``)."""
    rows = msel_rows(world, result)
    return list(zip(rows, played_as(result, rows, end), strict=True))


def played_as(result: RunResult, rows: list[MselRow], end: Ending) -> list[str]:
    """How each row played in a run that ended as ``end``: ``#12`` (the event's seq),
    ``held, not released``, or what ``unplayed`` says."""
    seqs = {e.source.removeprefix("inject:"): e.seq for e in result.events if e.source.startswith("inject:")}
    adhoc = (e for e in result.events if e.source == FACILITATOR)
    seqs.update({f"{ADHOC}{n}": e.seq for n, e in enumerate(adhoc, 1)})
    pending = {p.source.removeprefix("inject:") for p in result.pending if p.source.startswith("inject:")}
    out = []
    for row in rows:
        if row.inject in seqs:
            out.append(f"#{seqs[row.inject]}")
        elif row.held and row.inject not in pending:
            out.append("held, not released")
        else:  # a released held inject still pending counts as after the end
            out.append(unplayed(math.inf if row.t is None else row.t, end))
    return out


ADHOC = "adhoc-"  # Event No. of the facilitator's injects: adhoc-1, adhoc-2, …


def _adhoc(world: World, result: RunResult | None) -> list[Delivered]:
    return [] if result is None else [d for d in delivered(world, result.events) if d.inject is None]


def _adhoc_row(w: World, d: Delivered, n: int) -> MselRow:
    kind = "narrative inject" if d.kind == "narrative" else "ad-hoc inject"
    return MselRow(
        inject=f"{ADHOC}{n}", t=d.t, time=scenario_time(w.start, d.t),
        event_type="narrative" if d.kind == "narrative" else d.controller.event,  # as a scripted narrative inject's
        sender=d.public.sender or "Facilitator", audience=", ".join(d.public.audience),
        message=Lines(d.public.narrative) if d.kind == "narrative" else d.public.narrative,  # typed on several lines
        expected="", objective="", notes=f"{kind} by the facilitator during play",
    )


def unplayed(t: float, end: Ending) -> str:
    """What became of an inject at ``t`` hours that did not play in a run that ended as ``end``."""
    if t <= end.at_h:
        return "not played"
    return "not reached (after the session end)" if end.early else "pending (past the horizon)"


def _row(w: World, i: InjectDef) -> MselRow:
    m = i.model
    objectives = {o.id: o.model for o in w.objectives}
    objective = ""
    if m.objective:
        title = objectives[m.objective].title if m.objective in objectives else None
        objective = m.objective + (f": {title}" if title else "")
    notes = m.notes or ""
    if i.held:
        notes = (notes + " " if notes else "") + "(held: played only when released)"
    elif i.tick > w.until_ticks:
        notes = (notes + " " if notes else "") + "(after the horizon: not played)"
    return MselRow(
        inject=i.id, t=None if i.held else i.t, time="held" if i.held else scenario_time(w.start, i.t),
        event_type=_event_type(i), held=i.held,
        sender=m.from_ or _actor_name(w, i.by), audience=", ".join(m.to),
        message=" — ".join(s for s in (m.title, (m.narrative or "").strip()) if s),
        expected=m.expected_response or "", objective=objective, notes=notes,
    )


def _event_type(i: InjectDef) -> str:
    if i.event == NARRATIVE:
        return "narrative"
    if not i.payload:
        return i.event
    fields = ", ".join(f"{k}={v}" for k, v in i.payload.items())
    return f"{i.event} ({fields})"


def _actor_name(w: World, actor: str | None) -> str:
    if actor is None:
        return ""
    a = w.actors.get(actor)
    return a.name if a is not None and a.name else actor


def render_msel_csv(world: World, result: RunResult | None = None) -> str:
    """The MSEL as CSV (``render/csv_file.py``: UTF-8 with a BOM, CRLF); with the ``result``
    of a facilitated session, its ad-hoc injects too."""
    return csv_text([COLUMNS, *(r.cells() for r in msel_rows(world, result))])


def render_msel_md(world: World) -> str:
    """The MSEL as a Markdown table under a heading."""
    title = world.scenario.title or world.scenario.scenario
    lines = [f"# MSEL — {inline(title)}", "", *table(list(COLUMNS), (r.cells() for r in msel_rows(world)))]
    return "\n".join(lines) + "\n"
