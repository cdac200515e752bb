"""Causal ancestry: which sampled factors could have moved a milestone in one run.

A milestone's time is set by one event: a response's first completion, the event that met
an objective. Following that event's causes back (as ``explain`` does) reaches the injects;
on the way, each participant's ``authorized`` or ``declined`` names its procedure steps and
its approval, each ``contributed`` its phases, an event from a decision's option (source
``decision:<id>``) that decision, and a response start or stop made by a rule that took a
decision whose options start or stop that response, that decision. Those factors are the
milestone's causal ancestry in the run; nothing else that was sampled can have changed when
it happened (only factors of a response's first instance are factors, as in sensitivity).

A milestone not reached counts as the horizon in sensitivity, so its ancestry is what kept
it from being reached: the failure or stop of the response's first instance (the decline
that made the criterion impossible), or, for an instance still under way at the horizon,
its start and the steps of the participants still under way. An objective adds the
ancestry of the event that started its clock (its ``after``), which decides its deadline.
"""

from collections.abc import Iterable, Sequence

from engine.analyse.sensitivity import FactorNames
from engine.check.expressions import LIFECYCLE
from engine.check.world import DecideAct, StartAct, StopAct, World
from engine.simulate.record import EventRecord, ResponseRecord, RunResult

PARTICIPANT_EVENTS = {"authorized": "procedure", "declined": "procedure", "contributed": "phase"}
RESPONSE_TARGETS = ("started", "completed", "failed")


class RunView:
    """What the ancestry of one run's milestones reads, looked up once per run."""

    def __init__(self, result: RunResult, first: dict[str, EventRecord],
                 instances: dict[str, ResponseRecord]) -> None:
        self.result = result
        self.first = first
        self.instances = instances
        self._fired: dict[int, list[str]] | None = None
        self.memo: dict[int, frozenset[str]] = {}  # event seq → the factors on its cause chain
        self.objectives = {o.objective: o for o in result.objectives}
        # Responses started more than once: only their participants' events need checking
        # for the instance they belong to.
        self.repeated = {rec.response for rec in result.responses if rec.instance > 1}

    def fired_on(self, seq: int | None) -> list[str]:
        """The rules that fired on event ``seq`` (indexed on first use: few runs need it)."""
        if self._fired is None:
            self._fired = {}
            for f in self.result.firings:
                if f.trigger is not None:
                    self._fired.setdefault(f.trigger, []).append(f.rule)
        return self._fired.get(seq, []) if seq is not None else []

    def first_at_or_after(self, etype: str, t: float) -> EventRecord | None:
        """The first event of ``etype`` at or after ``t`` hours."""
        by_type = self.result.by_type  # the run's own index; empty for a result read from a file
        candidates = by_type.get(etype, ()) if by_type else (e for e in self.result.events if e.type == etype)
        return next((e for e in candidates if e.t >= t), None)


class Ancestry:
    """The causal ancestry of a world's milestones (``targets``) in each run, as factor names.

    Worked out once per world (which rules take which decisions, and which responses those
    start or stop); ``of_run`` then walks each target's cause chain in the run's record.
    Targets: ``<response>.started``, ``.completed``, ``.failed``, ``objective:<id>`` and
    ``first:<type>``; any other milestone has no ancestry (sensitivity ranks only the key
    milestones: completions and objectives)."""

    def __init__(self, world: World, names: FactorNames, targets: Iterable[str]) -> None:
        self.names = names
        self.targets = list(targets)
        # plain strings only: a sweep worker ships this back with its aggregate
        self.objectives = {o.id: (o.expect, o.after) for o in world.objectives}
        self.decisions = {d: tuple(names.decision(d, option) for option in dd.options)
                          for d, dd in world.decisions.items()}
        # every lifecycle event type → (response, what): read per event of a chain, not parsed
        self.lifecycle = {f"{r}.{what}": (r, what) for r in world.responses for what in LIFECYCLE}
        touches = {d: {a.response for acts in dd.options.values() for a in acts if isinstance(a, StartAct | StopAct)}
                   for d, dd in world.decisions.items()}
        # response → actor → the factor names its authorization and its contribution bring
        self.plans: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
        for r, d in world.responses.items():
            for actor in d.participants:
                steps = world.procedures.get((actor, d.authority), ()) if d.authority else ()
                self.plans.setdefault(r, {})[actor] = {
                    "authorized": (*(names.step(r, actor, s.name) for s in steps), names.approved(r, actor)),
                    "contributed": tuple(names.step(r, actor, s.name) for s in d.phases)}
        # rule → response → the decisions the rule takes that can start or stop that response
        self.deciders: dict[str, dict[str, list[str]]] = {}
        for rule in world.rules:
            for a in rule.then:
                if isinstance(a, DecideAct):
                    for r in touches.get(a.decision, ()):
                        self.deciders.setdefault(rule.id, {}).setdefault(r, []).append(a.decision)
        self.decided = {r for by_response in self.deciders.values() for r in by_response}

    def of_run(self, result: RunResult, first: dict[str, EventRecord],
               instances: dict[str, ResponseRecord]) -> dict[str, frozenset[str]]:
        """Each target's ancestry in one run: the names of the factors on its causal path.
        ``first`` and ``instances`` are ``first_events(result)`` and ``first_instances(result)``."""
        run = RunView(result, first, instances)
        return {t: self.target(run, t) for t in self.targets}

    def target(self, run: RunView, target: str) -> frozenset[str]:
        """The ancestry of one milestone (empty when nothing sampled can have moved it)."""
        if target.startswith("objective:"):
            oid = target.removeprefix("objective:")
            return self._objective(run, oid, *self.objectives[oid]) if oid in self.objectives else frozenset()
        if target.startswith("first:"):
            return self.chain(run, run.first.get(target.removeprefix("first:")))
        response, _, what = target.rpartition(".")
        return self._response(run, response, what) if what in RESPONSE_TARGETS else frozenset()

    def _response(self, run: RunView, response: str, what: str) -> frozenset[str]:
        """A response milestone of the first instance: the chain of the event that set it, or of
        the instance's own end when it ended otherwise, or what is still under way at the horizon."""
        rec = run.instances.get(response)
        if rec is None:
            return frozenset()  # never started: nothing sampled in this run held it back
        if what == "started":
            return self.chain(run, run.first.get(f"{response}.started"))
        if rec.status != "active":
            return self.chain(run, run.first.get(f"{response}.{rec.status}"))
        under_way = [name for p in rec.participants if p.status in ("pending", "authorized")
                     for name in self._participant(response, p.actor, rec, ("procedure", "phase"))]
        return self.chain(run, run.first.get(f"{response}.started")).union(under_way)

    def _objective(self, run: RunView, objective: str, expect: str, after: str | None) -> frozenset[str]:
        """The event that met the objective (or, unmet, what its expected event waited on),
        and the event that started its clock."""
        rec = run.objectives.get(objective)
        out = self.chain(run, run.first.get(after)) if after is not None else frozenset()
        if rec is None or rec.from_h is None:
            return out
        met = rec.at_h if rec.status == "met" and rec.at_h is not None else rec.from_h
        expected = run.first_at_or_after(expect, met)
        if expected is not None:
            out |= self.chain(run, expected)
        else:
            response, _, what = expect.rpartition(".")
            if what in RESPONSE_TARGETS and response in run.instances:
                out |= self._response(run, response, what)
        return out

    def chain(self, run: RunView, event: EventRecord | None) -> frozenset[str]:
        """The factors on the cause chain of ``event`` (itself included); chains share their
        roots, so each event's answer is kept for the rest of the run."""
        memo, events = run.memo, run.result.events
        path: list[EventRecord] = []
        while event is not None and event.seq not in memo:
            path.append(event)
            event = _cause(events, event)
        found = memo[event.seq] if event is not None else frozenset()
        for e in reversed(path):  # root first
            own = self._link(run, e)
            if own:
                found = found.union(own)
            memo[e.seq] = found
        return found

    def _link(self, run: RunView, e: EventRecord) -> Sequence[str]:
        """What one event of a chain brings: a participant's steps, or a decision."""
        known = self.lifecycle.get(e.type)
        if known is None:
            source = e.source
            return self.decisions.get(source[9:], ()) if source.startswith("decision:") else ()
        response, what = known
        kind = PARTICIPANT_EVENTS.get(what)
        if kind is not None:
            rec = run.instances.get(response)
            if e.by is None or rec is None or (response in run.repeated and not _of_first_instance(run, e, response)):
                return ()
            planned = self.plans.get(response, {}).get(e.by, {}).get(what)
            # authorized and contributed end every procedure step or phase of the plan; a
            # decline ends the procedure early, so its steps are read from the record
            return planned if planned is not None else self._participant(response, e.by, rec, (kind,))
        if what not in ("started", "stopped") or response not in self.decided:
            return ()
        return [name for rule in run.fired_on(e.cause) for d in self.deciders.get(rule, {}).get(response, ())
                for name in self.decisions[d]]

    def _participant(self, response: str, actor: str, rec: ResponseRecord, kinds: tuple[str, ...]) -> list[str]:
        """The factor names of a participant's finished steps of these kinds (and its approval,
        with its procedure)."""
        p = next((x for x in rec.participants if x.actor == actor), None)
        if p is None:
            return []
        out = [self.names.step(response, actor, s.name) for s in p.steps if s.kind in kinds and s.end_h is not None]
        if "procedure" in kinds:
            out.append(self.names.approved(response, actor))
        return out


def _cause(events: list[EventRecord], e: EventRecord) -> EventRecord | None:
    """The event whose processing scheduled ``e`` (seq n is ``events[n - 1]``; causes point
    backwards, anything else ends a walk)."""
    cause = e.cause
    return events[cause - 1] if cause is not None and 0 < cause < e.seq else None


def _of_first_instance(run: RunView, e: EventRecord, response: str) -> bool:
    """Whether a participant's lifecycle event belongs to the response's first instance: its
    causes lead back (through the participant's authorization) to the instance's start."""
    started = f"{response}.started"
    cause = _cause(run.result.events, e)
    while cause is not None and cause.type != started and cause.source == e.source:
        cause = _cause(run.result.events, cause)
    first = run.first.get(started)
    return cause is not None and first is not None and cause.seq == first.seq
