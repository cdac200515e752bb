"""The discrete-event engine: plays a World on SimPy and appends to the record.

Lifecycle of a run, each step a method: ``prepare`` (schedule injects, start objective
clocks, take edge rules' initial values) → ``play`` (process events in time order up to
the horizon) → ``result`` (the RunResult). Responses and objectives live in their own
modules; this one holds event processing, rules and actions.
"""

import bisect
import gc
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.events import NORMAL, EventPriority

from engine.check.world import (
    Act,
    CompiledRule,
    DecisionDef,
    EmitAct,
    ReleaseAct,
    StartAct,
    World,
)
from engine.errors import GuardError
from engine.read.durations import TICKS_PER_HOUR, to_hours
from engine.simulate import headroom
from engine.simulate.actions import ACTIONS
from engine.simulate.objectives import ObjectiveTracker
from engine.simulate.record import (
    DecisionRecord,
    EventRecord,
    Firing,
    NoteRecord,
    PendingRecord,
    RunResult,
)
from engine.simulate.responses import ResponseBook
from engine.simulate.rule_index import NO_ROUTE, routes, rule_index
from engine.simulate.sources import source_keys
from engine.simulate.streams import Streams

# SimPy priorities after NORMAL (1): window ends, then objective deadlines, see the whole
# instant (SPEC §2.5): an event at 0 delay from either still comes before the next deadline.
LATE = EventPriority(2)
DEADLINE = EventPriority(3)
# Asked for every decision without a scripted choice; None leaves it to chances or the default.
Chooser = Callable[[DecisionDef, "Simulation"], str | None]


@dataclass(frozen=True)
class Limits:
    """Runaway guards (SPEC §2.6): events at one instant, events in the run, and events (and
    timers) scheduled but not yet played — a cascade spread over time (each event scheduling
    two more hours later) grows the last without bound long before the others trip."""

    per_instant: int = 10_000
    per_run: int = 1_000_000
    pending: int = 100_000


class Simulation:
    """One run of one World. Also the expression Context (state, now, event, history)."""

    def __init__(self, world: World, *, seed: int | None = None, nominal: bool = False,
                 chooser: Chooser | None = None, limits: Limits | None = None) -> None:
        self.world = world
        self.seed = world.seed if seed is None else seed
        self.nominal = nominal
        # The run's random streams, one per source, derived from the seed alone (SPEC §2.3).
        self.streams: Streams | None = None if nominal else Streams(self.seed)
        self.keys = source_keys(world)
        self.chooser = chooser
        self.limits = limits or Limits()
        self._per_instant, self._per_run = self.limits.per_instant, self.limits.per_run  # hot path
        self._caps = headroom.caps()  # a memory cap, if any, looked at with the run's guards
        # Its clock (``_now``) holds whole ticks; SimPy types it int | float, hence Any here.
        self.env: Any = simpy.Environment()
        # SimPy's queue and id counter, held directly: our timers are pushed on every step.
        # Entries are (tick, priority, id, fn, args): SimPy's key, so SimPy's order, and the call
        # itself rather than an event object (building one per timer was a third of a
        # replication's time); ``step``/``play`` run them, not ``env.step``.
        self.queue: list[Any] = self.env._queue
        self.ids: itertools.count[int] = self.env._eid
        self.state: dict[str, Any] = dict(world.initial_state)
        self.float_vars = {k for k, v in world.state_types.items() if v.kind == "float"}
        self.event: EventRecord | None = None
        self.events: list[EventRecord] = []
        self.by_type: dict[str, list[EventRecord]] = {}  # in time order: windows bisect on .t
        self.firings: list[Firing] = []
        self.decisions: list[DecisionRecord] = []
        self.notes: list[NoteRecord] = []
        # Events scheduled and not yet played, as (t, type, source): a PendingRecord is made
        # only for those left at the horizon (most are played; tuples are cheaper to build).
        self.pending: dict[int, tuple[int, str, str]] = {}
        self._pending_ids = 0
        self.pending_after: float = world.until_ticks  # a facilitated session, which may end early, lowers it
        self.dirty: set[str] = set()
        self.fired_once: set[str] = set()
        self.released: set[str] = set()  # held injects released so far
        self._index_rules(world)
        self.responses = ResponseBook(self)
        self.objectives = ObjectiveTracker(self)
        self._instant = -1
        self._instant_count = 0

    # -- the Context protocol of compiled expressions -------------------------------------
    @property
    def now(self) -> int:
        """Ticks since T+0."""
        now: int = self.env._now
        return now

    def count(self, event_type: str, within: int | None, filters: tuple[tuple[str, Any], ...]) -> int:
        """How many events of a type, optionally in the window (now − within, now] (ticks) and filtered."""
        recs = self.by_type.get(event_type)
        if not recs:
            return 0
        # Records hold hours made from ticks by one division, so comparing hours made the same
        # way is exact: an event at exactly now − within is outside the window.
        lo = 0 if within is None else bisect.bisect_right(recs, (self.env._now - within) / TICKS_PER_HOUR, key=_time)
        if not filters:
            return len(recs) - lo
        return sum(1 for e in recs[lo:] if _matches(e, filters))

    def occurred(self, event_type: str, within: int | None, filters: tuple[tuple[str, Any], ...]) -> bool:
        """Whether such an event happened (in the window)."""
        return self.count(event_type, within, filters) > 0

    def last_time(self, event_type: str) -> int | None:
        """The tick of the last event of a type, or None."""
        recs = self.by_type.get(event_type)
        return round(recs[-1].t * TICKS_PER_HOUR) if recs else None

    def status(self, response: str) -> str:
        """Status of the latest instance of a response, ``idle`` if never started."""
        return self.responses.status(response)

    def contributed(self, response: str) -> frozenset[str]:
        """Participants of the latest instance that have contributed."""
        return self.responses.contributed(response)

    # -- rule indexes ----------------------------------------------------------------------
    def _index_rules(self, world: World) -> None:
        """Use the world's rule indexes (by trigger type, by what edge rules read), built once
        per world: a sweep plays thousands of runs, and 1,000 dormant rules must cost nothing."""
        self.rules = rules = world.rules
        index = rule_index(rules, world.event_fields)
        self.edge_index = index.edge
        self.edge_rules = index.edge_rules
        self.enabled = dict(index.enabled)
        self.firing = index.firing
        self.routes = routes(world)
        self.prev: dict[int, bool] = {}

    # -- scheduling --------------------------------------------------------------------------
    def at(self, delay: int, fn: Callable[..., None], *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay`` ticks, after everything already scheduled then."""
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        heappush(self.queue, (self.env._now + delay, NORMAL, next(self.ids), fn, args))

    def late(self, delay: int, fn: Callable[..., None], *args: Any) -> None:
        """Like ``at``, but after every ordinary event of that instant (a window's end)."""
        heappush(self.queue, (self.env._now + delay, LATE, next(self.ids), fn, args))

    def deadline(self, delay: int, fn: Callable[..., None], *args: Any) -> None:
        """Like ``late``, but after the window ends too: an objective's deadline."""
        heappush(self.queue, (self.env._now + delay, DEADLINE, next(self.ids), fn, args))

    def expect(self, t: int, etype: str, source: str) -> int:
        """Register an event that will happen at tick ``t``; reported as pending if past the horizon.

        Returns a token, 0 for an event at or before ``pending_after`` (the horizon in batch
        runs): it is sure to be played, so it is not tracked (most events; a dict entry each
        was measurable)."""
        if t <= self.pending_after:  # the horizon instant is played
            return 0
        self._pending_ids += 1
        self.pending[self._pending_ids] = (t, etype, source)
        return self._pending_ids

    def emit(self, etype: str, payload: dict[str, Any], by: str | None, source: str,
             cause: int | None, delay: int = 0) -> None:
        """Schedule an event ``delay`` ticks from now."""
        t = self.env._now + delay
        if t <= self.pending_after:  # expect's common case, inlined: sure to be played, so processed directly
            heappush(self.queue, (t, NORMAL, next(self.ids), self.process, (etype, by, payload, source, cause)))
            return
        args = (self.expect(t, etype, source), etype, payload, by, source, cause)
        heappush(self.queue, (t, NORMAL, next(self.ids), self._deliver, args))

    def _deliver(self, token: int, etype: str, payload: dict[str, Any], by: str | None,
                 source: str, cause: int | None) -> None:
        if token:
            del self.pending[token]
        self.process(etype, by, payload, source, cause)

    # -- processing an event -------------------------------------------------------------------
    def process(self, etype: str, by: str | None, payload: dict[str, Any], source: str,  # noqa: PLR0912
                cause: int | None, hook: Callable[[EventRecord], None] | None = None) -> EventRecord:
        """Record an event, update responses (``hook``) and objectives, fire the ``on`` rules,
        then re-check the edge rules until none fires (SPEC §2.1)."""
        events, now = self.events, self.env._now  # SimPy's clock read once, not through its property
        seq = len(events) + 1
        rec = EventRecord(seq, now / 3600, etype, by, payload, source, cause)  # to_hours, inlined (hot path)
        # _tick's usual cases, inlined (this runs for every event): a new instant, or one more
        # event at the current one below the limit.
        if now != self._instant and self._per_instant >= 1:
            self._instant, self._instant_count = now, 1
        elif now == self._instant and self._instant_count < self._per_instant:
            self._instant_count += 1
        else:
            self._tick()
        if seq > self._per_run or not seq & 1023:  # the run's guards, looked at every 1,024 events
            self._guard_run(seq)
        events.append(rec)
        recs = self.by_type.get(etype)
        if recs is None:
            self.by_type[etype] = [rec]
        else:
            recs.append(rec)
        outer, self.event = self.event, rec
        rules, select, edge, watched, windows = self.routes.get(etype, NO_ROUTE)
        if edge:  # only what an edge rule reads can need a re-check
            self.dirty.add(etype)
        if hook is not None:
            hook(rec)
        if watched:
            self.objectives.on_event(rec)
        if rules:
            if select is not None:  # only the rules whose leading `event.<field> == '<text>'` can hold
                rules = select[1].get(payload.get(select[0]), select[2])
            enabled, fired_once = self.enabled, self.fired_once
            for rule in rules:  # each rule's trial and ``fire``, inlined: a call per rule and event showed
                if (enabled[rule.id] and not (rule.once and rule.id in fired_once)
                        and (rule.when is None or rule.when.fn(self))
                        and (rule.chance is None or self._chance(rule))):
                    self.firings.append(Firing(rule.id, rec.t, seq))
                    if rule.once:  # the set is read for `once` rules only
                        fired_once.add(rule.id)
                    if now == self._instant and self._instant_count < self._per_instant:
                        self._instant_count += 1
                    else:
                        self._tick()
                    source, acts = self.firing[rule.id]
                    for perform, act in acts:
                        perform(self, act, source, seq)
        self.event = None
        dirty = self.dirty
        if dirty:  # usually empty: nothing an edge rule reads changed
            if dirty.isdisjoint(self.edge_index):
                dirty.clear()  # recheck's fast path, inlined
            else:
                self.recheck(seq)
        self.event = outer
        if windows:
            for width, idxs in windows.items():
                self.late(width, self._window_expired, idxs, seq)
        return rec

    def _guard_run(self, seq: int) -> None:
        """Stop a run with more events than its limit, or too many scheduled and not yet played,
        or (MemoryError) one about to reach the process's memory cap (``headroom``)."""
        headroom.check(self._caps)
        if seq > self._per_run:  # len(events) >= per_run before the append
            self._runaway(f"more than {self.limits.per_run:,} events in the run", whole_run=True)
        if len(self.queue) > self.limits.pending:
            self._runaway(f"more than {self.limits.pending:,} events scheduled and not yet played",
                          whole_run=True)

    def _tick(self) -> None:
        """Count events and firings at this instant; stop a runaway cycle."""
        now = self.env._now
        if now != self._instant:
            self._instant, self._instant_count = now, 0
        self._instant_count += 1
        if self._instant_count > self.limits.per_instant:
            self._runaway(f"more than {self.limits.per_instant:,} events at one instant")

    def _runaway(self, what: str, *, whole_run: bool = False) -> None:
        """Stop the run, naming the rules that fed the growth: those that fired most at this
        instant (a cycle without delay), or in the whole run (a cascade spread over time)."""
        if whole_run:
            fired = Counter(f.rule for f in self.firings).most_common(8)
            rules = ", ".join(f"{r} ({n:,} firings)" for r, n in fired) or "none"
            why = "rules that schedule more events than are played?"
        else:
            rules = ", ".join(r for r, _ in self._firings_now().most_common(8)) or "none"
            why = "a rule cycle without delay?"
        raise GuardError(f"run stopped at t={to_hours(self.env.now):g} h: {what} — {why} rules involved: {rules}")

    def _firings_now(self) -> Counter[str]:
        """The rules fired at the current instant, by count (for the guard's message)."""
        now, seen = self.env._now / TICKS_PER_HOUR, Counter[str]()
        for f in reversed(self.firings):
            if f.t != now:
                break
            seen[f.rule] += 1
        return seen

    def _chance(self, rule: CompiledRule) -> bool:
        """Roll the rule's chance: its n-th roll is the n-th draw of its own stream."""
        p = rule.chance
        if p is None:
            return True
        streams = self.streams
        return p >= 0.5 if streams is None else streams.next(self.keys.chances[rule.id]) < p

    def fire(self, rule: CompiledRule, trigger: int | None, cause: int | None) -> None:
        """Record a firing and run the rule's actions."""
        now = self.env._now
        self.firings.append(Firing(rule.id, now / 3600, trigger))
        if rule.once:  # the set is read for `once` rules only
            self.fired_once.add(rule.id)
        if now != self._instant and self._per_instant >= 1:  # _tick's usual cases, inlined
            self._instant, self._instant_count = now, 1
        elif now == self._instant and self._instant_count < self._per_instant:
            self._instant_count += 1
        else:
            self._tick()
        source, acts = self.firing[rule.id]
        for perform, act in acts:  # run_actions, inlined, with each action's function found once per world
            perform(self, act, source, cause)

    def recheck(self, cause: int | None, first: list[int] | None = None) -> None:
        """Re-check the edge rules that read what changed, in pack order, until none fires."""
        if not first and self.dirty.isdisjoint(self.edge_index):
            self.dirty.clear()  # nothing changed that an edge rule reads: the common case
            return
        candidates = set(first or ())
        while candidates or self.dirty:
            for dep in self.dirty:
                candidates.update(self.edge_index.get(dep, ()))
            self.dirty = set()
            for idx in sorted(candidates):
                self._edge(self.rules[idx], cause)
            candidates = set()

    def _edge(self, rule: CompiledRule, cause: int | None) -> None:
        assert rule.when is not None
        value = bool(rule.when.fn(self))
        was = self.prev.get(rule.position, False)
        self.prev[rule.position] = value
        if not value or was or not self.enabled[rule.id]:
            return
        if rule.once and rule.id in self.fired_once:
            return
        if self._chance(rule):
            self.fire(rule, None, cause)

    def _window_expired(self, idxs: list[int], cause: int) -> None:
        self.recheck(cause, idxs)

    # -- actions -----------------------------------------------------------------------------------
    def run_actions(self, acts: tuple[Act, ...], source: str, cause: int | None) -> None:
        """Run actions in order; events they schedule carry ``source`` and ``cause``."""
        for act in acts:
            ACTIONS[type(act)](self, act, source, cause)

    def delay(self, act: EmitAct | StartAct | ReleaseAct) -> int:
        """The ``after:`` of an action in ticks: nominal, or the next draw of its own stream."""
        after = act.after
        if after is None:
            return 0
        if self.streams is None or after.kind == "fixed":
            return after.nominal
        key, draw = self.keys.delays[id(act)]
        return draw(self.streams.next(key))

    def release_inject(self, inject: str, cause: int | None, delay: int = 0) -> bool:
        """Deliver a held inject ``delay`` ticks from now, as any inject (``source: inject:<id>``,
        caused by ``cause``); a second release only leaves a note (False)."""
        if inject in self.released:
            self.note(f"release {inject} ignored: it was already released")
            return False
        self.released.add(inject)
        inj = self.world.held[inject]
        self.emit(inj.event, dict(inj.payload), inj.by, f"inject:{inj.id}", cause, delay)
        return True

    def note(self, text: str) -> None:
        """Put a line on the timeline."""
        self.notes.append(NoteRecord(to_hours(self.env.now), text))

    def decide(self, d: DecisionDef, cause: int | None) -> None:
        """Resolve a decision: scripted choice, else the facilitator (the chooser, unless it
        answers None), else chances, else default. Its n-th resolution is the n-th draw of its
        own stream, however it is resolved."""
        roll = None if self.streams is None else self.streams.next(self.keys.decisions[d.id])
        picked = None if d.id in self.world.choices or self.chooser is None else self.chooser(d, self)
        if d.id in self.world.choices:
            option, how = self.world.choices[d.id], "scripted"
        elif picked is not None:
            option, how = picked, "facilitator"
        elif roll is not None and d.chances:
            option, how = draw_option(roll, d.chances), "chance"
        else:
            option, how = d.default, "default"
        self.decisions.append(DecisionRecord(d.id, to_hours(self.env.now), option, how))
        self.run_actions(d.options[option], f"decision:{d.id}", cause)

    # -- the run --------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Schedule every inject (file order), start objective clocks, read edge rules' values."""
        for inj in self.world.injects:
            self.emit(inj.event, dict(inj.payload), inj.by, f"inject:{inj.id}", None, inj.tick)
        self.prev = self._initial_edge_values()
        self.objectives.begin()

    def _initial_edge_values(self) -> dict[int, bool]:
        """Edge rules' values on the initial state. Before any event they depend on the state
        alone (edge rules may not read ``now``), so runs from the world's own initial state
        share one evaluation: 1,000 edge rules would otherwise cost every replication."""
        index = rule_index(self.rules)
        shared = self.state == self.world.initial_state
        if shared and index.initial is not None and index.initial[0] == self.state:
            return dict(index.initial[1])
        values = {r.position: bool(r.when.fn(self)) for r in self.edge_rules}  # type: ignore[union-attr]
        if shared:
            index.initial = (dict(self.state), values)
        return dict(values)

    def play(self) -> None:
        """Process events in time order up to and including the horizon."""
        env, until = self.env, self.world.until_ticks  # the horizon instant is played
        queue: list[Any] = env._queue
        while queue and queue[0][0] <= until:
            env._now, _, _, fn, args = heappop(queue)  # step's body, inlined (once per event)
            fn(*args)

    def step(self) -> None:
        """Run the next scheduled call (the clock moves to its tick): a facilitated session
        steps the run one call at a time. Raises ``simpy.core.EmptySchedule`` when nothing is."""
        if not self.queue:
            raise simpy.core.EmptySchedule
        self.env._now, _, _, fn, args = heappop(self.queue)
        fn(*args)

    def release(self) -> None:
        """Drop the references that make a finished run a cycle (the simulation ↔ its response
        book, objective tracker and scheduled calls), so reference counting
        frees it at once: otherwise every run's records wait for the cyclic collector, which
        cost a fifth of a replication's time in sweeps. Call only after ``result()``."""
        self.queue.clear()
        del self.responses, self.objectives

    def result(self) -> RunResult:
        """The record of the run."""
        self.objectives.finish()
        pending = sorted(self.pending.items(), key=lambda kv: (kv[1][0], kv[0]))
        return RunResult(
            scenario=self.world.scenario.scenario, variant=self.world.variant, seed=self.seed,
            mode="nominal" if self.nominal else "sampled", start=self.world.start,
            until_h=self.world.until, events=self.events, firings=self.firings,
            responses=self.responses.records(), decisions=self.decisions,
            objectives=self.objectives.records,
            pending=[PendingRecord(to_hours(t), etype, source) for _, (t, etype, source) in pending],
            state=dict(self.state), notes=self.notes, by_type=self.by_type,
        )


def _time(e: EventRecord) -> float:
    return e.t


def _matches(e: EventRecord, filters: tuple[tuple[str, Any], ...]) -> bool:
    for name, value in filters:
        got = e.by if name == "by" else e.payload.get(name)
        if got != value:
            return False
    return True


def draw_option(roll: float, chances: tuple[tuple[str, float], ...]) -> str:
    """The option whose share of [0, 1) holds ``roll`` (options in file order)."""
    total = 0.0
    for option, p in chances:
        total += p
        if roll < total:
            return option
    return chances[-1][0]


def run(world: World, *, seed: int | None = None, nominal: bool = False,
        limits: Limits | None = None) -> RunResult:
    """Play a world once and return its record. The cyclic garbage collector is off while
    the run plays (``gc.disable``) and put back as it was after, also when a guard stops it."""
    # The cyclic collector is paused while the run plays: a run allocates ~1,000 records
    # (events, steps, participants, scheduled calls) that all live until it ends, so the
    # collector walked them about once a run, found nothing to free and promoted them, which
    # in turn brought on full collections of the whole process: ~15% of a replication of the
    # benchmark scenario. The run's own cycles are broken by ``release``; any other garbage
    # waits for the next collection after the run.
    was_on = gc.isenabled()
    gc.disable()
    try:
        sim = Simulation(world, seed=seed, nominal=nominal, limits=limits)
        sim.prepare()
        sim.play()
        result = sim.result()
        sim.release()
    finally:
        if was_on:
            gc.enable()
    return result
