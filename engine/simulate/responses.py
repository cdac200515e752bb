"""Response instances: participants run their procedure, then the phases; the completion
criterion is checked at the start and after every contribution or decline (SPEC §2.2).

Times are read from SimPy's clock directly (``sim.env._now``, whole ticks while events
play): this module reads it several times per event and the property chain showed in
profiles. Records get hours, ``to_hours`` of the tick."""

from dataclasses import dataclass, field
from heapq import heappush

from simpy.events import NORMAL

from engine.check.world import ResponseDef, StepDef
from engine.read.durations import to_hours
from engine.simulate.context import Run
from engine.simulate.plans import block_draws, shape
from engine.simulate.record import EventRecord, ParticipantRecord, ResponseRecord, StepRecord
from engine.simulate.sampling import Sampler
from engine.simulate.streams import HALF, MASK, MIX1, MIX2, TO_HALF


@dataclass
class Runner:
    """A participant under way: its record, its plan of steps and where it is in it."""

    record: ParticipantRecord
    plan: tuple[StepDef, ...]
    n_procedure: int
    counters: tuple[int, ...]  # per step: its stream key plus the instance's counter term (streams)
    samplers: tuple[Sampler | None, ...]  # per step: its duration from a uniform (None: fixed)
    block: int = -1  # where its steps' draws start in the run's block of draws (-1: drawn one at a time)
    token: int | None = None  # the pending lifecycle event it has scheduled, if any


@dataclass
class Instance:
    """One started response."""

    definition: ResponseDef
    record: ResponseRecord
    runners: list[Runner] = field(default_factory=list)
    closing: bool = False  # decided (completed or failed) or stopped: the criterion is no longer checked
    # Participants that contributed and that declined (both final): counted as they happen,
    # not recounted at every check of the criterion.
    done: int = 0
    declined: int = 0
    # Lifecycle event types and source, spelt once per instance (they are on the hot path).
    types: dict[str, str] = field(default_factory=dict)
    source: str = ""


class ResponseBook:
    """All response instances of a run, and their mechanics."""

    def __init__(self, sim: Run) -> None:
        self.sim = sim
        self.instances: list[Instance] = []
        self.latest: dict[str, Instance] = {}
        self.started: dict[str, int] = {}  # instances begun per response (the next one's number - 1)
        self.draws: list[float] = []  # first instances' step draws, two uniforms each (plans.block_draws)

    def status(self, response: str) -> str:
        """Status of the latest instance, ``idle`` if none."""
        inst = self.latest.get(response)
        return inst.record.status if inst else "idle"

    def contributed(self, response: str) -> frozenset[str]:
        """Actors of the latest instance that have contributed."""
        inst = self.latest.get(response)
        if inst is None:
            return frozenset()
        return frozenset(r.record.actor for r in inst.runners if r.record.status == "contributed")

    def records(self) -> list[ResponseRecord]:
        """Every instance's record, in start order."""
        return [i.record for i in self.instances]

    # -- start -------------------------------------------------------------------------
    def start(self, name: str, participants: tuple[str, ...] | None, cause: int | None, delay: int) -> None:
        """Schedule the start of a new instance ``delay`` ticks from now."""
        token = self.sim.expect(self.sim.env._now + delay, f"{name}.started", f"response:{name}")
        self.sim.at(delay, self._begin, token, name, participants, cause)

    def _begin(self, token: int, name: str, participants: tuple[str, ...] | None, cause: int | None) -> None:
        if token:
            del self.sim.pending[token]
        current = self.latest.get(name)
        if current is not None and current.record.status == "active":
            self.sim.note(f"start {name} ignored: an instance is already active")
            return
        world = self.sim.world
        d = world.responses[name]
        made = shape(world, d, participants)
        number = self.started[name] = self.started.get(name, 0) + 1
        inst = Instance(d, ResponseRecord(name, number, "active", to_hours(self.sim.env._now)),
                        types=made.types, source=made.source)
        streams = self.sim.streams
        block = made.block_start if number == 1 and streams is not None else -1
        if block >= 0 and streams is not None and not self.draws:
            self.draws = block_draws(world, streams.base)
        for plan, counters in zip(made.plans, made.counters(number), strict=True):
            runner = Runner(ParticipantRecord(plan.actor), plan.steps, plan.n_procedure, counters, plan.samplers, block)
            if block >= 0:
                block += len(plan.steps)
            inst.runners.append(runner)
            inst.record.participants.append(runner.record)
        self.instances.append(inst)
        self.latest[name] = inst
        self.sim.process(f"{name}.started", None, {}, f"response:{name}", cause,
                         hook=lambda rec: self._launch(inst, rec))

    def _launch(self, inst: Instance, rec: EventRecord) -> None:
        for runner in inst.runners:
            if runner.n_procedure:
                self._step(inst, runner, 0, rec.seq)
            else:  # no procedure for this authority: authorized at once
                runner.token = self._expect(inst, "authorized", 0)
                self.sim.at(0, self._authorize, inst, runner, rec.seq)
        self._check(inst, rec.seq)

    def _expect(self, inst: Instance, what: str, delay: int) -> int:
        sim = self.sim
        return sim.expect(sim.env._now + delay, inst.types[what], inst.source)

    # -- participants --------------------------------------------------------------------------
    def _step(self, inst: Instance, runner: Runner, i: int, cause: int) -> None:
        """Begin step ``i`` of a participant's plan (procedure steps, then phases)."""
        step, sim = runner.plan[i], self.sim
        streams, dist, approval = sim.streams, step.duration, step.approval
        if streams is None:  # nominal: nominal durations, approvals of 0.5 or more succeed
            duration = dist.nominal
            approved = approval is None or approval >= 0.5
        elif (draw := runner.samplers[i]) is None and approval is None:  # a fixed step draws nothing
            duration, approved = dist.params[0], True
        elif runner.block >= 0:  # one draw of its own stream, made with the run's block
            j = 2 * (runner.block + i)
            duration = dist.params[0] if draw is None else draw(self.draws[j + 1])
            approved = approval is None or self.draws[j] < approval
        else:  # the same draw, made here: a later instance, or other participants
            z = streams.base ^ runner.counters[i]
            z = (z ^ (z >> 30)) * MIX1 & MASK  # streams.mix, inlined
            z = (z ^ (z >> 27)) * MIX2 & MASK
            z ^= z >> 31
            duration = dist.params[0] if draw is None else draw((z >> 32) * TO_HALF)
            approved = approval is None or (z & HALF) * TO_HALF < approval
        now = sim.env._now
        runner.record.steps.append(StepRecord(step.kind, step.name, now / 3600))  # to_hours, inlined (hot path)
        n_procedure = runner.n_procedure
        # A step that ends in a lifecycle event past the horizon leaves that event pending
        # (tested here rather than in sim.expect: this is the engine's busiest path).
        if now + duration > sim.pending_after:  # the horizon instant is played
            if i < n_procedure and (i == n_procedure - 1 or not approved):
                runner.token = self._expect(inst, "authorized" if approved else "declined", duration)
            elif i == len(runner.plan) - 1:
                runner.token = self._expect(inst, "contributed", duration)
        # sim.at(duration, ...), inlined: one call fewer on every step
        args = (inst, runner, i, approved, cause)
        heappush(sim.queue, (now + duration, NORMAL, next(sim.ids), self._step_done, args))

    def _step_done(self, inst: Instance, runner: Runner, i: int, approved: bool, cause: int) -> None:
        if runner.record.status == "stopped":
            return
        runner.record.steps[-1].end_h = self.sim.env._now / 3600  # to_hours, inlined (hot path)
        if i < runner.n_procedure and not approved:
            self._decline(inst, runner, cause)
        elif i == runner.n_procedure - 1:
            self._authorize(inst, runner, cause)
        elif i == len(runner.plan) - 1:
            self._contribute(inst, runner, cause)
        else:
            self._step(inst, runner, i + 1, cause)

    def _lifecycle(self, inst: Instance, runner: Runner, what: str, cause: int | None,
                   check: bool) -> EventRecord:
        if runner.token:
            self.sim.pending.pop(runner.token, None)
            runner.token = None
        hook = (lambda rec: self._check(inst, rec.seq)) if check else None
        return self.sim.process(inst.types[what], runner.record.actor, {}, inst.source, cause, hook)

    def _authorize(self, inst: Instance, runner: Runner, cause: int) -> None:
        if runner.record.status == "stopped":
            return
        runner.record.status = "authorized"
        runner.record.authorized_h = self.sim.env._now / 3600  # to_hours, inlined (hot path)
        rec = self._lifecycle(inst, runner, "authorized", cause, check=False)
        if runner.record.status != "authorized":
            return  # a rule on `authorized` stopped the response
        if len(runner.plan) > runner.n_procedure:
            self._step(inst, runner, runner.n_procedure, rec.seq)
        else:  # no phases: contributes at once
            runner.token = self._expect(inst, "contributed", 0)
            self.sim.at(0, self._contribute, inst, runner, rec.seq)

    def _contribute(self, inst: Instance, runner: Runner, cause: int) -> None:
        if runner.record.status == "stopped":
            return
        runner.record.status = "contributed"
        runner.record.contributed_h = self.sim.env._now / 3600  # to_hours, inlined (hot path)
        inst.done += 1
        self._lifecycle(inst, runner, "contributed", cause, check=True)

    def _decline(self, inst: Instance, runner: Runner, cause: int) -> None:
        runner.record.status = "declined"
        inst.declined += 1
        self._lifecycle(inst, runner, "declined", cause, check=True)

    # -- completion ------------------------------------------------------------------------------
    def _check(self, inst: Instance, cause: int) -> None:
        """Decide the instance when the criterion is met (``completed``) or can no longer be
        (``failed``). A decision is final at once (SPEC §2.2): this runs while the deciding
        contribution, decline or start is processed, before its rules, so they read the new
        status, a ``stop`` from them keeps it and a ``start`` opens a new instance; the
        ``<response>.completed``/``failed`` event follows at the same instant."""
        if inst.closing:
            return
        outcome = _outcome(inst)
        if outcome is None:
            return
        inst.closing = True
        inst.record.status = outcome
        inst.record.ended_h = self.sim.env._now / 3600  # to_hours, inlined (hot path)
        token = self._expect(inst, outcome, 0)
        self.sim.at(0, self._close, inst, outcome, token, cause)

    def _close(self, inst: Instance, outcome: str, token: int, cause: int) -> None:
        if token:
            del self.sim.pending[token]
        name = inst.definition.id
        self.sim.process(f"{name}.{outcome}", None, {}, f"response:{name}", cause)

    # -- stop -----------------------------------------------------------------------------------
    def stop(self, name: str, cause: int | None) -> None:
        """Cancel the latest instance: unfinished participants stop, ``stopped`` is emitted."""
        inst = self.latest.get(name)
        running = [r for r in inst.runners if r.record.status in ("pending", "authorized")] if inst else []
        if inst is None or (inst.record.status != "active" and not running):
            self.sim.note(f"stop {name} ignored: no instance is active")
            return
        for runner in running:
            runner.record.status = "stopped"
            if runner.record.steps and runner.record.steps[-1].end_h is None:
                runner.record.steps[-1].end_h = to_hours(self.sim.env._now)
            if runner.token:
                self.sim.pending.pop(runner.token, None)
                runner.token = None
        if inst.record.status == "active":
            inst.record.status = "stopped"
            inst.record.ended_h = to_hours(self.sim.env._now)
        inst.closing = True
        token = self._expect(inst, "stopped", 0)
        self.sim.at(0, self._stopped, inst, token, cause)

    def _stopped(self, inst: Instance, token: int, cause: int | None) -> None:
        if token:
            del self.sim.pending[token]
        name = inst.definition.id
        self.sim.process(f"{name}.stopped", None, {}, f"response:{name}", cause)


def _outcome(inst: Instance) -> str | None:
    """'completed', 'failed' or None (still open) for the instance's criterion."""
    done, declined, total = inst.done, inst.declined, len(inst.runners)
    crit = inst.definition.complete
    if crit == "all":
        return "completed" if done == total else ("failed" if declined else None)
    if crit == "any":
        return "completed" if done else ("failed" if declined == total else None)
    if crit == "lead":
        lead = next((r.record.status for r in inst.runners if r.record.actor == inst.definition.lead), "declined")
        return "completed" if lead == "contributed" else ("failed" if lead == "declined" else None)
    need = int(crit)
    if done >= need:
        return "completed"
    return "failed" if done + (total - done - declined) < need else None
