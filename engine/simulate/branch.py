"""Branching a run at a point in time (issue 18): the state of a run part-way through,
copied, and played on to the horizon with fresh random streams for what is still to draw.

What is known at the branch point is what the run has already drawn:

- a step or phase under way keeps the end it drew when it began (its end is on the queue);
  so does every event already scheduled (an ``after:`` already drawn, an inject);
- every draw not yet made comes from the branch's own streams, seeded by the branch seed:
  the n-th draw of a source is still its n-th (the counts carry on), but from the new base,
  so two branches with the same seed share every draw (common random numbers, SPEC §2.3)
  and a branch at T+0 plays exactly as ``simulate.run`` with that seed.

A snapshot is copied once per run with ``fork``: the World (and everything made from it:
rule indexes, response plans, samplers) and the records that never change once made
(events, firings, decisions, notes) are shared; the rest (state, responses and their
records, objectives, the queue and the calls on it) is copied, class by class. A generic
``copy.deepcopy`` with the shared part in its memo took ~7 ms per copy of a
``renewed_attack`` session at T+24d, as long as playing the rest of the run; this takes a
fraction of a millisecond (``tests/test_branch.py`` checks that every attribute of the
classes copied here is handled).
"""

import itertools
from typing import Any

import simpy

from engine.simulate.objectives import ObjectiveTracker
from engine.simulate.plans import block_draws
from engine.simulate.record import ObjectiveRecord, ParticipantRecord, ResponseRecord, RunResult, StepRecord
from engine.simulate.responses import Instance, ResponseBook, Runner
from engine.simulate.simulation import Chooser, Simulation
from engine.simulate.streams import Streams


def detach(sim: Simulation) -> None:
    """Make a run that stopped part-way (a facilitated session) ready to be forked: no
    facilitator to ask, and only events past the horizon tracked as pending."""
    sim.chooser = None
    sim.pending_after = sim.world.until_ticks


def fork(sim: Simulation) -> Simulation:
    """A copy of ``sim`` between two events whose future can differ from it; ``sim`` itself
    is left as it was. Raises TypeError if something other than the engine's own calls is
    scheduled (nothing else is, in a run of a World)."""
    new = object.__new__(Simulation)
    new.__dict__.update(sim.__dict__)  # the World, its rule indexes and the limits: shared
    new.state, new.enabled, new.prev = dict(sim.state), dict(sim.enabled), dict(sim.prev)
    new.pending = dict(sim.pending)
    new.events, new.firings, new.decisions, new.notes = (list(sim.events), list(sim.firings), list(sim.decisions),
                                                          list(sim.notes))
    new.by_type = {k: list(v) for k, v in sim.by_type.items()}
    new.dirty, new.fired_once, new.released = set(sim.dirty), set(sim.fired_once), set(sim.released)
    if sim.streams is not None:
        new.streams = Streams(sim.seed)
        new.streams.counts = dict(sim.streams.counts)
    owners: dict[int, Any] = {id(sim): new}
    new.responses = owners[id(sim.responses)] = _fork_book(sim.responses, new, owners)
    new.objectives = owners[id(sim.objectives)] = _fork_objectives(sim.objectives, new)
    new.env = simpy.Environment(initial_time=sim.env._now)
    new.env._eid = new.ids = itertools.count(_next_id(sim.ids))
    new.env._queue = new.queue = [_fork_entry(entry, owners) for entry in sim.queue]
    return new


def _fork_book(book: ResponseBook, sim: Simulation, owners: dict[int, Any]) -> ResponseBook:
    """The response instances, their records and runners copied (``owners`` maps old to new)."""
    new = object.__new__(ResponseBook)
    new.__dict__.update(book.__dict__)
    new.sim, new.started, new.draws = sim, dict(book.started), list(book.draws)
    new.instances = []
    for inst in book.instances:
        copied = owners[id(inst)] = _fork_instance(inst, owners)
        new.instances.append(copied)
    new.latest = {name: owners[id(inst)] for name, inst in book.latest.items()}
    return new


def _fork_instance(inst: Instance, owners: dict[int, Any]) -> Instance:
    rec = inst.record
    participants: list[ParticipantRecord] = []
    runners: list[Runner] = []
    for runner in inst.runners:
        p = runner.record
        record = ParticipantRecord(p.actor, p.status, p.authorized_h, p.contributed_h,
                                   [StepRecord(s.kind, s.name, s.start_h, s.end_h) for s in p.steps])
        participants.append(record)
        runners.append(owners.setdefault(id(runner), Runner(record, runner.plan, runner.n_procedure, runner.counters,
                                                            runner.samplers, runner.block, runner.token)))
    copied = ResponseRecord(rec.response, rec.instance, rec.status, rec.started_h, rec.ended_h, participants)
    return Instance(inst.definition, copied, runners, inst.closing, inst.done, inst.declined, inst.types, inst.source)


def _fork_objectives(tracker: ObjectiveTracker, sim: Simulation) -> ObjectiveTracker:
    new = object.__new__(ObjectiveTracker)
    new.__dict__.update(tracker.__dict__)  # definitions and indexes: shared
    new.sim, new.causes = sim, list(tracker.causes)
    new.records = [ObjectiveRecord(o.objective, o.status, o.from_h, o.at_h, o.deadline_h) for o in tracker.records]
    return new


def _fork_entry(entry: tuple[Any, ...], owners: dict[int, Any]) -> tuple[Any, ...]:
    """A queue entry with its call bound to the copies (the run, its responses, objectives,
    instances and runners); every other argument is a value, shared."""
    t, priority, eid, fn, args = entry
    if not callable(fn):
        raise TypeError(f"cannot branch a run with {type(fn).__name__} scheduled")
    owner = getattr(fn, "__self__", None)
    if owner is not None:
        fn = getattr(owners[id(owner)], fn.__name__)
    args = tuple(owners.get(id(a), a) if isinstance(a, (Instance, Runner)) else a for a in args)
    return t, priority, eid, fn, args


def _next_id(counter: "itertools.count[int]") -> int:
    """The next number ``counter`` gives, without taking it (``count(12)`` → 12)."""
    return int(repr(counter)[6:-1])


def reseed(sim: Simulation, seed: int, chooser: Chooser | None = None) -> None:
    """From now on, draw from the streams of ``seed`` (sampled, even after a nominal start):
    what was drawn stays, what is drawn next is the n-th draw of its source from the new base.
    ``chooser`` answers decisions first (None for a decision it leaves to chances or default)."""
    old = sim.streams
    sim.streams = Streams(seed)
    if old is not None:
        sim.streams.counts = dict(old.counts)
    sim.seed, sim.nominal, sim.chooser = seed, False, chooser
    book = sim.responses
    if book.draws:  # first instances under way read their later steps' draws from the block
        book.draws = block_draws(sim.world, sim.streams.base)


def play_branch(snapshot: Simulation, seed: int, chooser: Chooser | None = None) -> RunResult:
    """Fork ``snapshot``, reseed the copy with ``seed`` and play it to the horizon."""
    sim = fork(snapshot)
    reseed(sim, seed, chooser)
    sim.play()
    result = sim.result()
    sim.release()
    return result
