"""The after-action report (AAR/IP, after the HSEEP structure exercise programmes use).

Built from the record only: an exercise overview; per capability, each objective with its
result, the time it took against its deadline and a rating; strengths and areas for
improvement derived from the record (objectives, critical paths, declines); and an
improvement plan whose blank cells the facilitators complete. Suggested ratings follow
``RATING_RULES``; an objective still open when the run ended (its deadline lies beyond the
end) or whose clock never started is *not evaluated*: nothing happened that could be
rated. A facilitator's rating, when given, replaces the suggestion everywhere (the
ratings, the overview, strengths, areas for improvement and the improvement plan).

A facilitated session may end before the scenario's horizon; the report then names that
instant "the session end" and keeps "the horizon" for the scenario's own (``Ending``).
"""

from dataclasses import dataclass, field
from fractions import Fraction

from engine.analyse.critical_path import CriticalPath, critical_paths
from engine.check.world import ObjectiveDef, World
from engine.read.durations import format_hours, format_ticks, to_hours, to_ticks
from engine.simulate.record import ObjectiveRecord, RunResult
from engine.simulate.timefmt import t_plus

RATING_RULES = {
    "P": "performed without challenges: met with at least a fifth of the allowed time to spare",
    "S": "performed with some challenges: met, but in the last fifth of the allowed time",
    "M": "performed with major challenges: achieved, but after the deadline",
    "U": "unable to be performed: its deadline passed and it was not achieved by the end of the run",
}
NOT_EVALUATED = ("not evaluated: an objective still open at the end of the run (its deadline lies beyond it) "
                 "or whose clock never started has no suggested rating")
SPARE_FRACTION = Fraction(1, 5)  # the "fifth of the allowed time" between P and S (exact, compared in ticks)
NO_CAPABILITY = "(no capability named)"
PLAN_COLUMNS = ("Capability", "Issue/Area for improvement", "Corrective action", "Capability element",
                "Primary responsible organisation", "Start date", "Completion date")


@dataclass(frozen=True, slots=True)
class Ending:
    """Where a run's record ends (hours from T+0) and the scenario's horizon: the same for a
    batch run; earlier for a facilitated session ended before the horizon."""

    at_h: float
    horizon_h: float

    @property
    def early(self) -> bool:
        """Whether the run ended before the scenario's horizon (a session ended early)."""
        return self.at_h < self.horizon_h  # hours made from ticks: equal instants are equal

    @property
    def name(self) -> str:
        """"the session end" or "the horizon": what reports call the instant the record ends."""
        return "the session end" if self.early else "the horizon"

    def describe(self, instant: str = "") -> str:
        """``horizon T+120d``, or ``session ended at T+42d, before the scenario's horizon T+120d``;
        ``instant`` (the end's date, if given) follows the end's T+ in brackets."""
        at = f" ({instant})" if instant else ""
        if self.early:
            return f"session ended at {t_plus(self.at_h)}{at}, before the scenario's horizon {t_plus(self.horizon_h)}"
        return f"horizon {t_plus(self.horizon_h)}{at}"

    def note(self) -> str:
        """What the end of the record is, beside its date: the horizon, or a session's end before it."""
        if self.early:
            return f"the session ended, before the scenario's horizon {t_plus(self.horizon_h)}"
        return "the scenario's horizon"


def ending(result: RunResult, world: World) -> Ending:
    """How a run ended: its record's end against the scenario's horizon."""
    return Ending(result.until_h, world.until)


@dataclass(frozen=True, slots=True)
class ObjectiveRating:
    """One objective's result, time taken against its deadline, and rating."""

    objective: str
    title: str
    capability: str
    status: str
    allowed_h: float
    taken_h: float | None  # clock start to the (first) expect event; None if never achieved
    suggested: str  # P, S, M or U by RATING_RULES; "" when not evaluated (open, not started)
    reason: str  # the rule applied, with the numbers (or why it is not evaluated)
    rating: str  # the facilitator's rating if given, else the suggested one ("" = not evaluated)
    comment: str = ""  # the facilitator's comment
    by_facilitator: bool = False  # whether a facilitator rated it (the rating is theirs)

    @property
    def shown(self) -> str:
        """The rating as reports show it: a letter, or "not evaluated"."""
        return self.rating or "not evaluated"

    def why(self) -> str:
        """The rating's reason as findings give it: the facilitator's, else the suggestion's."""
        if self.by_facilitator:
            return f"rated {self.rating} by the facilitator" + (f": {self.comment}" if self.comment else "")
        return self.reason


@dataclass(frozen=True, slots=True)
class Finding:
    """A strength or an area for improvement, tied to a capability and, if known, an organisation."""

    capability: str
    text: str
    organisation: str = ""


@dataclass(frozen=True, slots=True)
class Overview:
    """Exercise overview: name, dates in scenario time, scope, objectives, capabilities, actors, summary."""

    name: str
    start: str
    end: str
    scope: str
    objectives: tuple[str, ...]
    capabilities: tuple[str, ...]
    actors: tuple[str, ...]
    summary: str
    ending: str  # where the run ended: the horizon, or a session's end before it
    ratings: str  # each objective's rating (the facilitator's where given), grouped by rating


@dataclass(frozen=True, slots=True)
class Evaluation:
    """An evaluator's observation during play (as on an HSEEP exercise evaluation guide): when
    (hours after T+0), of which objective and its capability, the inject or response it
    concerns if any, a rating (P, S, M or U; "" for none) and what was seen."""

    t: float
    objective: str
    capability: str
    rating: str
    inject: str
    response: str
    text: str


@dataclass(frozen=True, slots=True)
class DecisionOdds:
    """A decision the facilitator took, with the forecasts journaled just before and just
    after it: per objective (met runs, runs), None where no forecast was made."""

    decision: str
    option: str
    t: float  # hours after T+0
    before: dict[str, tuple[int, int]] | None
    after: dict[str, tuple[int, int]] | None


@dataclass
class AfterActionReport:
    """The AAR/IP content; renderers lay it out."""

    overview: Overview
    ratings: list[ObjectiveRating]
    ending: Ending
    strengths: list[Finding]
    improvements: list[Finding]
    plan: list[tuple[str, ...]]  # rows in PLAN_COLUMNS order; "" where facilitators fill in
    observations: list[tuple[float, str]] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)  # evaluators' observations, in time order
    odds: list[DecisionOdds] = field(default_factory=list)  # a session run with forecasts: around each decision

    def by_capability(self) -> list[tuple[str, list[ObjectiveRating]]]:
        """Ratings grouped by capability, capabilities in order of first appearance."""
        groups: dict[str, list[ObjectiveRating]] = {}
        for r in self.ratings:
            groups.setdefault(r.capability, []).append(r)
        return list(groups.items())

    def evaluations_by_capability(self) -> list[tuple[str, list[Evaluation]]]:
        """Evaluators' observations grouped by capability, in order of first appearance."""
        groups: dict[str, list[Evaluation]] = {}
        for e in self.evaluations:
            groups.setdefault(e.capability, []).append(e)
        return list(groups.items())


def aar(result: RunResult, world: World, ratings: dict[str, tuple[str, str]] | None = None,
        observations: list[tuple[float, str]] | None = None,
        evaluations: list[Evaluation] | None = None,
        odds: list[DecisionOdds] | None = None) -> AfterActionReport:
    """The after-action report of a run; ``ratings`` (objective → (rating, comment)) override
    suggestions; ``observations`` are the facilitator's notes, ``evaluations`` the evaluators';
    ``odds`` the forecasts around each decision (a session run with forecasts)."""
    defs = {o.id: o for o in world.objectives}
    end = ending(result, world)
    rated = [rate(result, o, defs[o.objective], (ratings or {}).get(o.objective), end) for o in result.objectives]
    paths = critical_paths(result)
    strengths = [Finding(r.capability, f"{r.objective} ({r.title}): {r.why()}") for r in rated if r.rating == "P"]
    improvements = [Finding(r.capability, f"{r.objective} ({r.title}): {r.why()}")
                    for r in rated if r.rating in ("S", "M", "U")]
    good = _responses_rated_p(world, rated)
    strengths += [_path_strength(world, p) for p in paths if (p.response, p.status) in good]
    improvements += [f for p, f in _path_findings(world, paths) if (p.response, p.status) not in good]
    improvements += _decline_findings(result, world)
    plan: list[tuple[str, ...]] = [(f.capability, f.text, "", "", f.organisation, "", "") for f in improvements]
    return AfterActionReport(_overview(result, world, end, rated), rated, end, strengths, improvements, plan,
                             sorted(observations or []), sorted(evaluations or [], key=lambda e: e.t),
                             [o for o in odds or [] if o.before or o.after])


def rate(result: RunResult, o: ObjectiveRecord, d: ObjectiveDef, override: tuple[str, str] | None = None,
         end: Ending | None = None) -> ObjectiveRating:
    """Rate one objective by RATING_RULES (or take the facilitator's rating); ``end`` is how the
    run ended (default: at the scenario's horizon, as a batch run does)."""
    allowed = d.within
    taken, suggested, reason = _suggest(result, o, d, end or Ending(result.until_h, result.until_h))
    rating, comment = override if override is not None else (suggested, "")
    return ObjectiveRating(o.objective, d.model.title or o.objective, _capability(d), o.status, allowed,
                           taken, suggested, reason, rating, comment, override is not None)


def _suggest(result: RunResult, o: ObjectiveRecord, d: ObjectiveDef, end: Ending) -> tuple[float | None, str, str]:
    allowed = d.within
    if o.status == "met" and o.at_h is not None and o.from_h is not None:
        taken_t = to_ticks(o.at_h) - to_ticks(o.from_h)
        spare_t = d.within_ticks - taken_t
        taken = to_hours(taken_t)
        numbers = (f"took {format_ticks(taken_t)} of {format_hours(allowed)} allowed, "
                   f"{format_ticks(spare_t)} to spare")
        if spare_t >= SPARE_FRACTION * d.within_ticks:
            return taken, "P", f"P: {numbers} (≥ a fifth)"
        return taken, "S", f"S: {numbers} (less than a fifth)"
    if o.status == "missed" and o.from_h is not None and o.deadline_h is not None:
        late = next((e.t for e in result.events if e.type == d.expect and e.t > o.deadline_h), None)
        if late is not None:
            taken_t = to_ticks(late) - to_ticks(o.from_h)
            taken = to_hours(taken_t)
            return taken, "M", (f"M: achieved after {format_ticks(taken_t)}, "
                                f"{format_ticks(to_ticks(late) - to_ticks(o.deadline_h))} "
                                f"after the deadline of {format_hours(allowed)}")
        return None, "U", (f"U: {d.expect} did not happen by {end.name} ({t_plus(end.at_h)}); "
                           f"deadline {format_hours(allowed)} missed")
    if o.status == "open":
        deadline = f" ({t_plus(o.deadline_h)})" if o.deadline_h is not None else ""
        return None, "", (f"not evaluated: its deadline{deadline} lies beyond {end.name} ({t_plus(end.at_h)}), "
                          f"and {d.expect} had not happened yet")
    return None, "", f"not evaluated: its clock never started (no {d.after} event by {end.name})"


def ratings_summary(rated: list[ObjectiveRating]) -> str:
    """``P: OBJ-1 (facilitator), OBJ-2; not evaluated: OBJ-3``: objectives grouped by rating."""
    groups: dict[str, list[str]] = {}
    for r in rated:
        groups.setdefault(r.shown, []).append(r.objective + (" (facilitator)" if r.by_facilitator else ""))
    order = [*RATING_RULES, "not evaluated"]
    return "; ".join(f"{k}: {', '.join(groups[k])}" for k in sorted(groups, key=lambda k: (
        order.index(k) if k in order else len(order), k)))


def _capability(d: ObjectiveDef) -> str:
    return d.model.capability or NO_CAPABILITY


def capability_of(world: World, objective: str) -> str:
    """The capability an objective is evaluated under (``NO_CAPABILITY`` if it names none)."""
    return next((_capability(o) for o in world.objectives if o.id == objective), NO_CAPABILITY)


def _response_capability(world: World, response: str) -> str:
    """The capability of the objective that expects this response's end, else its component or title."""
    for o in world.objectives:
        if o.expect.rsplit(".", 1)[0] == response and o.model.capability:
            return o.model.capability
    d = world.responses.get(response)
    return (d.component or d.title or response) if d is not None else response


def _responses_rated_p(world: World, rated: list[ObjectiveRating]) -> set[tuple[str, str]]:
    """(response, ending) pairs that an objective rated P expects: their critical paths held no problem."""
    expects = {o.id: o.expect for o in world.objectives}
    out = set()
    for r in rated:
        response, _, ending = expects[r.objective].rpartition(".")
        if r.rating == "P" and response:
            out.add((response, ending))
    return out


def _path_findings(world: World, paths: list[CriticalPath]) -> list[tuple[CriticalPath, Finding]]:
    """The longest step of each critical path: where time went."""
    out = []
    for p in paths:
        step = p.longest()
        if step is None:
            if p.status == "failed":
                out.append((p, Finding(_response_capability(world, p.response),
                                       f"{p.response} #{p.instance} could never meet its completion criterion")))
            continue
        who = world.actor_name(p.actor)
        verb = "completion" if p.status == "completed" else "failure"
        text = (f"{who} {step.name} ({step.kind}) was on the critical path of {p.response} and took "
                f"{format_hours(step.hours)} of its {format_hours(p.duration_h)} ({verb})")
        out.append((p, Finding(_response_capability(world, p.response), text, who)))
    return out


def _path_strength(world: World, p: CriticalPath) -> Finding:
    """A response that met its objective with time to spare, and who set its pace."""
    step = p.longest()
    who = world.actor_name(p.actor)
    pace = f"; {who} set the pace ({step.name} took {format_hours(step.hours)})" if step is not None else ""
    return Finding(_response_capability(world, p.response),
                   f"{p.response} {p.status} in {format_hours(p.duration_h)}, well within its objective{pace}", who)


def _decline_findings(result: RunResult, world: World) -> list[Finding]:
    out = []
    for x in result.responses:
        for p in x.participants:
            if p.status == "declined":
                step = p.steps[-1].name if p.steps else "its procedure"
                text = f"{world.actor_name(p.actor)} declined {x.response} #{x.instance} at {step}"
                out.append(Finding(_response_capability(world, x.response), text, world.actor_name(p.actor)))
    return out


def _overview(result: RunResult, world: World, end: Ending, rated: list[ObjectiveRating]) -> Overview:
    sc = world.scenario
    objectives = tuple(f"{o.id}: {o.model.title or o.expect}" for o in world.objectives)
    capabilities = tuple(dict.fromkeys(_capability(o) for o in world.objectives))
    acting = [p.actor for x in result.responses for p in x.participants]
    acting += [e.by for e in result.events if e.by]
    actors = tuple(world.actor_name(a) for a in dict.fromkeys(acting))
    variant = f", variant {result.variant}" if result.variant else ""
    played = f", played to {t_plus(end.at_h)} (the session ended)" if end.early else ""
    scope = (f"{result.mode} run{variant}, seed {result.seed}; {len(world.injects)} injects over "
             f"{format_hours(end.horizon_h)}{played}; {len(world.responses)} responses and {len(world.rules)} rules "
             f"in {len(world.packs)} pack(s)")
    return Overview(sc.title or sc.scenario, result.instant(0), result.instant(end.at_h), scope,
                    objectives, capabilities, actors, (sc.description or "").strip(), end.note(),
                    ratings_summary(rated))
