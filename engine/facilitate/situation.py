"""The situation at a stop of a facilitated session, as plain data for a view to render.

Built from the simulation's record by ``situation``; holds everything the facilitator's
screen shows (controller-only inject notes included). Renderers read it; nothing here
prints.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.check.world import DecisionDef, InjectDef, World
from engine.simulate.record import DecisionRecord, EventRecord
from engine.simulate.timefmt import calendar

if TYPE_CHECKING:
    from engine.simulate.simulation import Simulation


@dataclass(frozen=True)
class InjectView:
    """An inject as delivered, with its MSEL texts."""

    t: float
    inject: InjectDef


@dataclass(frozen=True)
class ParticipantView:
    """One participant of a response and where it stands."""

    actor: str
    status: str
    step: str | None  # the step under way, if any


@dataclass(frozen=True)
class ResponseView:
    """The latest instance of one response."""

    response: str
    title: str | None
    instance: int
    status: str
    started_h: float
    ended_h: float | None
    participants: tuple[ParticipantView, ...]


@dataclass(frozen=True)
class ObjectiveView:
    """An objective's clock."""

    objective: str
    title: str | None
    status: str
    deadline_h: float | None
    left_h: float | None  # time left while the clock runs


@dataclass(frozen=True)
class Situation:
    """Everything the facilitator's screen shows at a stop."""

    title: str
    clock_h: float
    instant: str
    until_h: float
    reasons: tuple[str, ...]
    injects: tuple[InjectView, ...]  # delivered since the last stop
    events: tuple[EventRecord, ...]  # happened since the last stop
    state: tuple[tuple[str, Any, bool], ...]  # name, value, changed from the start
    responses: tuple[ResponseView, ...]
    objectives: tuple[ObjectiveView, ...]
    decisions: tuple[DecisionRecord, ...]  # taken so far
    waiting: DecisionDef | None
    open_decisions: tuple[str, ...]  # declared decisions not taken yet
    next_inject: InjectDef | None
    at_horizon: bool
    held: tuple[InjectDef, ...] = ()  # contingency injects not released yet (`release <id>`)


def situation(sim: "Simulation", clock: float, since: int, reasons: tuple[str, ...],
              waiting: DecisionDef | None) -> Situation:
    """The situation of ``sim`` at scenario time ``clock``; events from index ``since`` on are new."""
    world = sim.world
    new = tuple(sim.events[since:])
    return Situation(
        title=world.scenario.title or world.scenario.scenario, clock_h=clock,
        instant=calendar(world.start, clock), until_h=world.until, reasons=reasons,
        injects=tuple(_delivered(world, new)), events=new,
        state=tuple((k, v, v != world.initial_state.get(k)) for k, v in sorted(sim.state.items())),
        responses=tuple(_responses(sim)), objectives=tuple(_objectives(sim, clock)),
        decisions=tuple(sim.decisions), waiting=waiting,
        open_decisions=tuple(d for d in world.decisions if d not in {x.decision for x in sim.decisions}),
        next_inject=next((i for i in world.injects if i.t > clock or (i.t == clock and not _done(sim, i))), None),
        at_horizon=clock >= world.until,
        held=tuple(i for i in world.held.values() if i.id not in sim.released),
    )


def _done(sim: "Simulation", inj: InjectDef) -> bool:
    return any(e.source == f"inject:{inj.id}" for e in sim.by_type.get(inj.event, ()))


def _delivered(world: World, events: tuple[EventRecord, ...]) -> list[InjectView]:
    by_id = {i.id: i for i in (*world.injects, *world.held.values())}
    return [InjectView(e.t, by_id[e.source[7:]]) for e in events
            if e.source.startswith("inject:") and e.source[7:] in by_id]


def _responses(sim: "Simulation") -> list[ResponseView]:
    out = []
    for name, inst in sim.responses.latest.items():
        rec = inst.record
        parts = tuple(
            ParticipantView(p.actor, p.status,
                            p.steps[-1].name if p.steps and p.steps[-1].end_h is None else None)
            for p in rec.participants
        )
        title = sim.world.responses[name].title
        out.append(ResponseView(name, title, rec.instance, rec.status, rec.started_h, rec.ended_h, parts))
    return out


def _objectives(sim: "Simulation", clock: float) -> list[ObjectiveView]:
    out = []
    for o, rec in zip(sim.world.objectives, sim.objectives.records, strict=True):
        left = None if rec.status != "running" or rec.deadline_h is None else max(0.0, rec.deadline_h - clock)
        out.append(ObjectiveView(o.id, o.model.title, rec.status, rec.deadline_h, left))
    return out
