"""The timeline of ``report.html`` on paper: one block per component, each starting a page.

The chart drawn for the screen (``charts/timeline``) is 13 inches wide: scaled to an A4 or
Letter page its text shrinks to about 4 pt. On paper the report shows this HTML timeline
instead, whose text is set in points by the print stylesheet (7 pt and more), and whose
bars are positioned in per cent of the time axis, so it fits any paper width. Each
component's responses go on their own page (a long component continues on the next with
the axis repeated); inside it, a row per response instance and per participant, as on the
chart: procedure steps and phases, the critical path marked ▸, objective deadlines as
dashed lines (met, missed, open) and the injects along the top.

Positions are per cent of ``[0, horizon]`` (at least one day); times come from the record
(hours), and every ``T+`` text from ``timefmt``.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from engine.analyse.critical_path import critical_paths
from engine.analyse.delivered import on_timeline
from engine.check.world import World
from engine.render.glance import completes, response_title
from engine.simulate.record import ParticipantRecord, ResponseRecord, RunResult
from engine.simulate.timefmt import t_plus

TICKS = 10  # at most this many intervals on the axis, so labels never touch on A4 portrait
LABEL_PCT_PER_CHAR = 1.3  # an inject id's width per character, in per cent of the track (7 pt on ~120 mm)
INJECT_LEVELS = 3  # rows of inject labels; an inject that fits none is marked without its id
DEADLINE_LEVELS = 8  # rows of deadline labels
MIN_WIDTH_PCT = 0.3  # a bar shorter than this is drawn this wide, so that it still shows
OTHER = "Other responses"


@dataclass(frozen=True, slots=True)
class Bar:
    """A span on a row's track: ``kind`` is procedure | phase | unfinished, or the response's status."""

    kind: str
    left: float  # per cent of the axis
    width: float
    name: str


@dataclass(frozen=True, slots=True)
class Row:
    """A response instance (``kind`` response) or one of its participants (participant)."""

    kind: str
    label: str
    when: str  # when it ended / contributed / declined, or its state at the end
    bars: tuple[Bar, ...]
    critical: bool = False  # the participant on the instance's critical path
    marks: tuple[tuple[str, float], ...] = ()  # ("authorized" | "contributed" | "declined", per cent)
    completes: str = ""  # a response's complete: criterion ("lead (France)", "all 4", …)


@dataclass(frozen=True, slots=True)
class Block:
    """One component's rows: what one printed page (or more) shows."""

    title: str
    rows: list[Row]


@dataclass(frozen=True, slots=True)
class Mark:
    """Something at one instant on the axis: a tick, a deadline or an inject."""

    left: float
    label: str
    kind: str = ""  # a deadline's status: met | missed | open
    sub: str = ""  # a tick's calendar date
    level: int | None = None  # the row of a deadline's or inject's label (None: marked, not labelled)
    right: bool = False  # the label ends at the mark (it would leave the axis on the right)


@dataclass(frozen=True, slots=True)
class PrintTimeline:
    """Everything the print timeline shows."""

    blocks: list[Block]
    ticks: list[Mark]
    deadlines: list[Mark] = field(default_factory=list)
    injects: list[Mark] = field(default_factory=list)

    @property
    def deadline_levels(self) -> int:
        """Rows of deadline labels used."""
        return _rows(self.deadlines)

    @property
    def inject_levels(self) -> int:
        """Rows of inject labels used."""
        return _rows(self.injects)


def _rows(marks: list[Mark]) -> int:
    return max((m.level + 1 for m in marks if m.level is not None), default=1)


def print_timeline(result: RunResult, world: World) -> PrintTimeline:
    """The print timeline of a run."""
    span = max(result.until_h, 24.0)
    deadlines = [(o.deadline_h, o.objective, o.status) for o in result.objectives
                 if o.deadline_h is not None and o.deadline_h <= result.until_h]
    injects = [(t, inject, "") for inject, t in on_timeline(world, result.events) if t <= result.until_h]
    return PrintTimeline(_blocks(result, world, span), _ticks(result, span),
                         _labelled(deadlines, span, DEADLINE_LEVELS), _labelled(injects, span, INJECT_LEVELS))


def _pct(hours: float, span: float) -> float:
    return round(100 * min(max(hours, 0.0), span) / span, 3)


def _bar(kind: str, start: float, end: float, span: float, name: str) -> Bar:
    left = _pct(start, span)
    return Bar(kind, left, max(_pct(end, span) - left, MIN_WIDTH_PCT), name)


def _blocks(result: RunResult, world: World, span: float) -> list[Block]:
    """Rows grouped by component, components in the order their first response started."""
    critical = {(p.response, p.instance): p.actor for p in critical_paths(result)}
    groups: dict[str, list[Row]] = {}
    for x in result.responses:
        d = world.responses.get(x.response)
        component = (d.component if d is not None else None) or ""
        rows = groups.setdefault(component, [])
        rows.append(_response_row(result, world, x, span))
        on_path = critical.get((x.response, x.instance))
        rows += [_participant_row(result, world, p, span, p.actor == on_path) for p in x.participants]
    return [Block(c.replace("_", " ").capitalize() if c else OTHER, rows) for c, rows in groups.items()]


def _response_row(result: RunResult, world: World, x: ResponseRecord, span: float) -> Row:
    end = x.ended_h if x.ended_h is not None else result.until_h
    when = f"{x.status} {t_plus(x.ended_h)}" if x.ended_h is not None else f"{x.status} at the end"
    return Row("response", response_title(world, result, x), when, (_bar(x.status, x.started_h, end, span, x.status),),
               completes=completes(world, x).split(" (")[0])  # the lead's name is on its row below


def _participant_row(result: RunResult, world: World, p: ParticipantRecord, span: float, critical: bool) -> Row:
    bars = tuple(_bar(s.kind if s.end_h is not None else "unfinished", s.start_h,
                      s.end_h if s.end_h is not None else result.until_h, span, s.name) for s in p.steps)
    marks: list[tuple[str, float]] = []
    if p.authorized_h is not None:
        marks.append(("authorized", _pct(p.authorized_h, span)))
    if p.contributed_h is not None:
        marks.append(("contributed", _pct(p.contributed_h, span)))
    declined_at = p.steps[-1].end_h if p.status == "declined" and p.steps else None
    if declined_at is not None:
        marks.append(("declined", _pct(declined_at, span)))
    ended = {"contributed": t_plus(p.contributed_h), "declined": f"declined {t_plus(declined_at)}"}
    when = ended.get(p.status, p.status)
    return Row("participant", world.actor_name(p.actor), when, bars, critical, tuple(marks))


def _ticks(result: RunResult, span: float) -> list[Mark]:
    days = span / 24
    step = next((s for s in (1, 2, 7, 14, 28) if days / s <= TICKS), 56)
    out = []
    for d in range(0, int(days) + 1, step):
        left = _pct(d * 24, span)
        # Labels are centred on their tick; one at the very end ends there instead of leaving the axis.
        date = (result.start + timedelta(days=d)).strftime("%d %b")
        out.append(Mark(left, t_plus(d * 24), sub=date, right=left > 95))
    return out


def _labelled(items: list[tuple[float, str, str]], span: float, levels: int) -> list[Mark]:
    """Marks at (hours, label, kind), in time order, each label on the first row where it
    overlaps no other (greedy); a label that fits none of ``levels`` rows is left off."""
    ends: list[float] = []
    out = []
    for hours, label, kind in sorted(items, key=lambda item: item[0]):
        left = _pct(hours, span)
        width = LABEL_PCT_PER_CHAR * (len(label) + 1)
        right = left + width > 100
        start, end = (left - width, left) if right else (left, left + width)
        level = next((n for n, e in enumerate(ends) if e < start), len(ends))
        if level == len(ends) and level < levels:
            ends.append(-100.0)
        if level < levels:
            ends[level] = end
        out.append(Mark(left, label, kind, level=level if level < levels else None, right=right))
    return out
