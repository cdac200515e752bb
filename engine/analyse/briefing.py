"""What the players know at a time of a facilitated session: the players' situation text, the
injects delivered to them by then, the decisions they took, what the coalition has deployed
and the facilitator's ad-hoc injects. Read by the handout and the players' screen.

Built from the record's events up to the time only, and from the public texts of injects
(``analyse.delivered``): never the scenario's ``description`` (written for the exercise's
designers) or its title (theirs too, and often the story in a line), controller notes,
expected responses, objectives, model state, held injects not released, or anything later.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.analyse.delivered import Controller, Delivered, Public, delivered, event_text
from engine.check.world import World
from engine.simulate.record import DecisionRecord, EventRecord


@dataclass(frozen=True, slots=True)
class Taken:
    """A decision the players took: its question and the option chosen, with its title."""

    t: float
    question: str
    option: str


@dataclass(frozen=True, slots=True)
class Deployment:
    """A coalition response as the players know it: started, where it stands, who gave what."""

    title: str
    started_h: float
    status: str  # active, completed, failed or stopped
    contributed: tuple[tuple[str, float], ...]  # (actor's name, hours) in order
    declined: tuple[tuple[str, float], ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """The players' picture at ``clock_h`` hours after T+0."""

    situation: str  # the scenario's `situation:` text ("" if none)
    clock_h: float
    items: tuple[Delivered, ...]  # the scenario's injects and the facilitator's narratives, in order
    adhoc: tuple[Delivered, ...]  # the facilitator's ad-hoc events
    decisions: tuple[Taken, ...]
    deployments: tuple[Deployment, ...]


def briefing(world: World, events: Iterable[EventRecord], decisions: Iterable[DecisionRecord], clock_h: float,
             *, opening: bool = False) -> Briefing:
    """The briefing at ``clock_h`` from the record so far. With ``opening``, the scenario's
    injects scheduled for exactly ``clock_h`` and not yet delivered are included too (a
    handout given out as those injects are about to be played)."""
    past = [e for e in events if e.t <= clock_h]
    items = [d for d in delivered(world, past) if d.kind != "adhoc"]
    if opening:
        played = {d.inject for d in items}
        items += [_due(world, i.id) for i in world.injects if i.t == clock_h and i.id not in played]
    return Briefing(
        situation=(world.scenario.situation or "").strip(), clock_h=clock_h, items=tuple(items),
        adhoc=tuple(d for d in delivered(world, past) if d.kind == "adhoc"),
        decisions=tuple(_taken(world, d) for d in decisions if d.how == "facilitator" and d.t <= clock_h),
        deployments=tuple(_deployments(world, past)),
    )


def _due(world: World, inject: str) -> Delivered:
    """A scenario inject about to be delivered (no event yet: seq 0)."""
    inj = next(i for i in world.injects if i.id == inject)
    m = inj.model
    public = Public(m.title or inj.id, (m.narrative or "").strip(), m.from_ or world.actor_name(inj.by), tuple(m.to))
    return Delivered(0, inj.t, inj.id, "scripted", public, Controller(event_text(inj.event, inj.payload), "", "", ""))


def _taken(world: World, d: DecisionRecord) -> Taken:
    dd = world.decisions.get(d.decision)
    question = (dd.prompt if dd is not None else None) or d.decision
    title = (dd.titles.get(d.option or "") if dd is not None else None) or d.option or "unresolved"
    return Taken(d.t, question, title)


@dataclass
class _Progress:
    started_h: float
    status: str = "active"
    contributed: list[tuple[str, float]] = field(default_factory=list)
    declined: list[tuple[str, float]] = field(default_factory=list)


def _deployments(world: World, events: list[EventRecord]) -> list[Deployment]:
    """Each response started so far (its latest instance), from its lifecycle events."""
    found: dict[str, _Progress] = {}
    for e in events:
        response, _, what = e.type.rpartition(".")
        if what == "started" and response in world.responses:
            found[response] = _Progress(e.t)
        elif response not in found:
            continue
        elif what in ("completed", "failed", "stopped"):
            found[response].status = what
        elif what in ("contributed", "declined"):
            getattr(found[response], what).append((world.actor_name(e.by), e.t))
    return [Deployment(world.responses[r].title or r, p.started_h, p.status, tuple(p.contributed), tuple(p.declined))
            for r, p in found.items()]
