"""Forecasting the rest of a facilitated session (issue 18): many runs from where it stands.

The journal is replayed once per process (the command's and each worker's) to the branch
point (``branch_point``); each run then copies that state and plays on to the horizon with
the streams of its own seed, ``replication_seed(S, i)`` for run i and forecast seed S, as a
sweep's replication i (so a forecast from T+0 is that sweep, run for run). Per run i the
forecast plays several **arms**, each counted in its own ``Tally``:

- ``start``: the scenario from T+0 (what was to be expected when the session began);
- ``now``: from the branch point. With a decision waiting, the run takes the option a batch
  run would (the decision's chances, drawn from the run's own stream; else its default);
- ``option:<o>``: from the branch point with the next decision the facilitator is asked
  answered ``o``: the waiting one, else the one the ``now`` runs most often reach first
  (a second pass, once that is known); later decisions as in ``now``.

Runs go to an executor in batches (``sweep.in_order``), merged in batch order: the figures
are identical whatever the number of workers.
"""

import concurrent.futures as cf
import contextlib
import math
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from engine.analyse.forecast_tally import Since, Tally
from engine.analyse.local_pool import local_pool
from engine.analyse.sweep import replication_seed, tune_gc, world_for
from engine.analyse.workers import start_worker
from engine.check.world import DecisionDef, World
from engine.errors import ExecutionError
from engine.facilitate.branch_point import BranchPoint, origin, replay
from engine.facilitate.journal import Entry
from engine.simulate.branch import play_branch
from engine.simulate.record import RunResult
from engine.simulate.simulation import Simulation, draw_option
from engine.simulate.streams import Streams, stream_key

Tallies = dict[str, Tally]
TASK_SECONDS = 0.15  # a batch of ~150 ms, as a sweep's


@dataclass(frozen=True)
class Point:
    """A session to forecast from, as a worker needs it: the journal's header and entries."""

    journal: str
    scenario: str  # absolute path
    variant: str | None
    seed: int  # the session's
    nominal: bool
    entries: tuple[Entry, ...]


@dataclass
class Prepared:
    """A point replayed in this process: the branch point, T+0, and what precedes the branch."""

    point: Point
    world: World
    branch: BranchPoint
    origin: Simulation
    since: Since
    asked: frozenset[str]
    resolution: int = 0  # a waiting decision's resolution number (its n-th, from 0)


_PREPARED: dict[Point, Prepared] = {}


def prepare(point: Point) -> Prepared:
    """The point replayed, once per process (InputError at a journal line that does not replay)."""
    hit = _PREPARED.get(point)
    if hit is None:
        world = world_for(point.scenario, point.variant)
        branch = replay(world, point.seed, point.nominal, list(point.entries))
        snapshot = next(iter(branch.runs.values()))
        ended = frozenset((r.response, r.instance) for r in snapshot.responses.records() if r.status != "active")
        # The waiting decision is the one being forecast, not one still to come.
        since = Since(len(snapshot.events), branch.decided_before + (branch.waiting is not None), ended)
        asked = frozenset(d for d in world.decisions if d not in world.choices)
        waiting = branch.waiting
        resolution = 0 if waiting is None else sum(1 for d in snapshot.decisions[:branch.decided_before]
                                                  if d.decision == waiting.id)
        hit = _PREPARED[point] = Prepared(point, world, branch, origin(world, point.seed, point.nominal), since, asked,
                                          resolution)
    return hit


def warm(point: Point, parent: int) -> None:
    """Process-pool initializer: the worker's signals and parent watch, then the replay."""
    start_worker(parent)
    tune_gc()
    prepare(point)


@dataclass(frozen=True)
class Job:
    """Runs ``start``..``stop``-1 of a forecast: the first pass, or (``what_if``) the second."""

    point: Point
    seed: int
    start: int
    stop: int
    what_if: str | None = None
    full: bool = True  # False: the ``now`` arm alone (no ``start``, no options of a waiting decision)


class _Answer:
    """A chooser that answers the next resolution of one decision with one option."""

    def __init__(self, decision: str, option: str) -> None:
        self.decision, self.option, self.used = decision, option, False

    def __call__(self, d: DecisionDef, _sim: Simulation) -> str | None:
        if self.used or d.id != self.decision:
            return None
        self.used = True
        return self.option


def run_job(job: Job) -> Tallies:
    """Play one batch of runs and count them, arm by arm."""
    prep = prepare(job.point)
    tallies: Tallies = {}
    for i in range(job.start, job.stop):
        seed = replication_seed(job.seed, i)
        if job.what_if is not None:
            d = prep.world.decisions[job.what_if]
            snapshot = prep.branch.runs[None]
            for option in d.options:
                _count(tallies, f"option:{option}", prep, play_branch(snapshot, seed, _Answer(d.id, option)))
            continue
        if job.full:
            _count(tallies, "start", prep, play_branch(prep.origin, seed), start=True)
        waiting = prep.branch.waiting
        if waiting is None:
            _count(tallies, "now", prep, play_branch(prep.branch.runs[None], seed))
            continue
        taken = _batch_option(waiting, seed, prep.resolution)
        for answer, snapshot in prep.branch.runs.items():
            if not job.full and answer != taken:
                continue
            result = play_branch(snapshot, seed)
            _count(tallies, f"option:{answer}", prep, result)
            if answer == taken:
                _count(tallies, "now", prep, result)
    return tallies


def _batch_option(d: DecisionDef, seed: int, resolution: int) -> str:
    """The option a batch run with ``seed`` takes at the ``resolution``-th resolution of ``d``."""
    if not d.chances:
        return d.default
    return draw_option(Streams(seed).uniform(stream_key("decision", d.id), 0, resolution), d.chances)


def _count(tallies: Tallies, arm: str, prep: Prepared, result: RunResult, start: bool = False) -> None:
    tally = tallies.get(arm)
    if tally is None:
        tally = tallies[arm] = Tally(prep.asked, Since() if start else prep.since)
    tally.add_run(result)


def merge_into(tallies: Tallies, more: Tallies) -> None:
    """Add a batch's tallies to the forecast's, arm by arm."""
    for arm, tally in more.items():
        if arm in tallies:
            tallies[arm].merge(tally)
        else:
            tallies[arm] = tally


@dataclass
class Outcome:
    """A forecast's tallies and what they were counted from."""

    prepared: Prepared
    runs: int
    seed: int
    tallies: Tallies = field(default_factory=dict)
    decision: str | None = None  # the next decision whose options were played


Progress = Callable[[int, int], None]


def forecast(point: Point, runs: int, seed: int, executor: cf.Executor, *, workers: int = 1,
             progress: Progress | None = None, batch: int | None = None, full: bool = True) -> Outcome:
    """Play the forecast's runs on ``executor`` (its workers warmed with ``warm``); with
    ``full`` off, only the ``now`` arm (what a facilitator's quick look needs, and the benchmark)."""
    from engine.analyse.sweep import in_order  # noqa: PLC0415 - beside its sweep

    prep = prepare(point)
    size = batch or batch_size(prep, runs, workers)
    out = Outcome(prep, runs, seed)
    waiting = prep.branch.waiting
    passes = 1 if waiting is not None or not full else 2
    done = [0]

    def merge(job: Job, more: Tallies) -> None:
        merge_into(out.tallies, more)
        done[0] += job.stop - job.start
        if progress is not None:
            progress(done[0], runs * passes)

    inflight = 4 * max(workers, 2)
    in_order(executor, run_job, _jobs(point, seed, runs, size, None, full), merge, _died, inflight=inflight)
    out.decision = waiting.id if waiting is not None else out.tallies["now"].next_decision()
    if waiting is None and out.decision is not None and full:
        in_order(executor, run_job, _jobs(point, seed, runs, size, out.decision), merge, _died, inflight=inflight)
    return out


def _jobs(point: Point, seed: int, runs: int, size: int, what_if: str | None, full: bool = True) -> Iterator[Job]:
    for start in range(0, runs, size):
        yield Job(point, seed, start, min(start + size, runs), what_if, full)


def batch_size(prep: Prepared, runs: int, workers: int) -> int:
    """Runs per task: ~TASK_SECONDS of work (timed on three runs), at most a fair share per worker."""
    t0 = time.perf_counter()
    for i in range(3):
        play_branch(prep.origin, replication_seed(0, i))
        for snapshot in prep.branch.runs.values():
            play_branch(snapshot, replication_seed(0, i))
    per_run = max((time.perf_counter() - t0) / 3, 1e-6) * 2  # and a second pass, or the options
    return max(1, min(math.ceil(TASK_SECONDS / per_run), 1000, math.ceil(runs / workers)))


def _died(job: Job, exc: BaseException) -> ExecutionError:
    why = "a worker process ended abruptly (killed, or out of memory?)" \
        if isinstance(exc, cf.process.BrokenProcessPool) else f"{type(exc).__name__}: {exc}"
    return ExecutionError(f"a worker failed while playing runs {job.start}-{job.stop - 1} of the forecast ({why}); "
                          "the forecast was stopped and nothing was written")


def forecast_pool(point: Point, workers: int,
                  start: str | None = None) -> contextlib.AbstractContextManager[cf.Executor]:
    """A local process pool whose workers replay the point once, as they start; watched like
    a sweep's (``engine.analyse.local_pool``: a killed worker stops the forecast, exit 4).
    ``start``: the pool's start method (``spawn`` from a threaded server)."""
    return local_pool(workers, warm, (point, os.getpid()), "forecast", start)
