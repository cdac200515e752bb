"""What a run report shows first: the answers a planner looks for before any detail.

The objectives (met, missed or open, with the time against the deadline), each response's
outcome beside how it completes (``complete: lead`` etc.), the decisions taken, the three
longest critical paths and who held the coalition back. Every line is already text, with
actors by their display names, so that ``report.md`` and ``report.html`` show the same
thing in the same order. Times are ``T+`` offsets and compact durations (hours in the record).
"""

from dataclasses import dataclass

from engine.analyse.critical_path import CriticalPath, critical_paths
from engine.analyse.holdback import Holdback, holdbacks
from engine.check.world import ResponseDef, World
from engine.read.durations import format_hours
from engine.render.percent import share_pct
from engine.simulate.record import ObjectiveRecord, ResponseRecord, RunResult
from engine.simulate.timefmt import t_plus

LONGEST = 3  # critical paths shown first
HOLDERS = 5  # actors shown first; the details section lists them all


@dataclass(frozen=True, slots=True)
class ObjectiveLine:
    """One objective: what it asked, how it ended, when, against which deadline."""

    objective: str
    title: str
    status: str  # met | missed | open | not_started
    at: str  # when the expected event came ("—" if never)
    deadline: str
    margin: str  # "2d to spare", "on the deadline", "achieved 3d late", "not achieved", …


@dataclass(frozen=True, slots=True)
class ResponseLine:
    """One response instance's outcome."""

    title: str
    response: str
    instance: int
    status: str
    completes: str  # "all 4", "any of 4", "lead (France)", "3 of 5"
    started: str
    ended: str
    took: str
    contributed: str  # "3/4", with declines: "3/4, 1 declined"
    decided_by: str  # the actor whose contribution or decline decided the end ("" if none or open)


@dataclass(frozen=True, slots=True)
class DecisionLine:
    """A decision taken."""

    decision: str
    question: str
    option: str
    meaning: str
    how: str
    when: str


@dataclass(frozen=True, slots=True)
class PathLine:
    """One of the longest critical paths."""

    response: str  # the response's title, "#n" added when it ran more than once
    status: str
    took: str
    actor: str
    deciding: str  # contributed | declined | started
    longest: str  # "parliament vote 21d (70%)" or ""


@dataclass(frozen=True, slots=True)
class HoldLine:
    """One actor's share of the run's critical paths."""

    actor: str
    paths: int
    declined: int
    procedure: str  # its procedure's time on those paths
    on_path: str  # the paths' time, start to end, summed
    responses: str  # the responses' titles, in record order


@dataclass(frozen=True, slots=True)
class Glance:
    """The report's first screen."""

    objectives: list[ObjectiveLine]
    responses: list[ResponseLine]
    decisions: list[DecisionLine]
    longest: list[PathLine]
    holders: list[HoldLine]
    ended: int  # response instances that completed or failed (the paths the holders share)


def glance(result: RunResult, world: World) -> Glance:
    """The first screen of a run's report."""
    paths = critical_paths(result)
    by_instance = {(p.response, p.instance): p for p in paths}
    return Glance(
        objectives=[_objective(result, world, o) for o in result.objectives],
        responses=[_response(result, world, x, by_instance.get((x.response, x.instance))) for x in result.responses],
        decisions=[_decision(world, d.decision, d.option or "—", d.how, t_plus(d.t)) for d in result.decisions],
        longest=[_path(result, world, p) for p in longest_paths(paths)],
        holders=[hold_line(result, world, h) for h in holdbacks(paths)],
        ended=len(paths),
    )


def longest_paths(paths: list[CriticalPath], n: int = LONGEST) -> list[CriticalPath]:
    """The ``n`` instances that took longest, longest first (record order among equals)."""
    return sorted(paths, key=lambda p: -p.duration_h)[:n]


def completes(world: World, x: ResponseRecord) -> str:
    """How an instance completes, in the words of its ``complete:`` criterion: ``all 4``,
    ``any of 4``, ``lead (France)``, ``3 of 5``."""
    d = world.responses.get(x.response)
    rule = d.complete if d is not None else "all"
    n = len(x.participants)
    if rule == "lead":
        return f"lead ({world.actor_name(d.lead)})" if d is not None and d.lead else "lead"
    if rule == "any":
        return f"any of {n}"
    return f"all {n}" if rule == "all" else f"{rule} of {n}"


def response_title(world: World, result: RunResult, x: ResponseRecord) -> str:
    """A response's title (its id if untitled), with ``#n`` when the run started it more than once."""
    d: ResponseDef | None = world.responses.get(x.response)
    title = (d.title if d is not None else None) or x.response
    again = sum(1 for y in result.responses if y.response == x.response) > 1
    return f"{title} #{x.instance}" if again else title


def hold_line(result: RunResult, world: World, h: Holdback) -> HoldLine:
    """One actor's row of the holdback table."""
    titles = dict.fromkeys(response_title(world, result, _record(result, p)) for p in h.paths)
    return HoldLine(world.actor_name(h.actor), len(h.paths), h.declined, format_hours(h.procedure_h),
                    format_hours(h.path_h), "; ".join(titles))


def _record(result: RunResult, p: CriticalPath) -> ResponseRecord:
    return next(x for x in result.responses if x.response == p.response and x.instance == p.instance)


def _objective(result: RunResult, world: World, o: ObjectiveRecord) -> ObjectiveLine:
    defs = {d.id: d for d in world.objectives}
    d = defs.get(o.objective)
    title = (d.model.title if d is not None else None) or ""
    at = o.at_h
    if o.status == "missed" and d is not None and o.from_h is not None:
        at = _first_at_or_after(result, d.expect, o.from_h)
    return ObjectiveLine(o.objective, title, o.status, t_plus(at), t_plus(o.deadline_h), _margin(o, at))


def _first_at_or_after(result: RunResult, event: str, t: float) -> float | None:
    return next((e.t for e in result.events if e.type == event and e.t >= t), None)


def _margin(o: ObjectiveRecord, at: float | None) -> str:
    """The time against the deadline, in words."""
    if o.status == "not_started":
        return "its clock never started"
    if o.status == "open":
        return "deadline after the end of the run"
    if at is None or o.deadline_h is None:
        return "not achieved"
    gap = o.deadline_h - at
    if gap == 0:
        return "on the deadline"
    return f"{format_hours(gap)} to spare" if gap > 0 else f"achieved {format_hours(-gap)} late"


def _response(result: RunResult, world: World, x: ResponseRecord, path: CriticalPath | None) -> ResponseLine:
    done = sum(1 for p in x.participants if p.status == "contributed")
    declined = sum(1 for p in x.participants if p.status == "declined")
    contributed = f"{done}/{len(x.participants)}" + (f", {declined} declined" if declined else "")
    took = "—" if x.ended_h is None else format_hours(x.ended_h - x.started_h)
    who = world.actor_name(path.actor) if path is not None and path.actor else ""
    return ResponseLine(response_title(world, result, x), x.response, x.instance, x.status, completes(world, x),
                        t_plus(x.started_h), t_plus(x.ended_h), took, contributed, who)


def _decision(world: World, decision: str, option: str, how: str, when: str) -> DecisionLine:
    d = world.decisions.get(decision)
    question = (d.prompt if d is not None else None) or ""
    meaning = (d.titles.get(option) if d is not None else None) or ""
    return DecisionLine(decision, question, option, meaning, how, when)


def _path(result: RunResult, world: World, p: CriticalPath) -> PathLine:
    step = p.longest()
    longest = "" if step is None else f"{step.name} {format_hours(step.hours)} ({share_pct(step.share)})"
    return PathLine(response_title(world, result, _record(result, p)), p.status, format_hours(p.duration_h),
                    world.actor_name(p.actor), p.deciding, longest)
