"""Monte-Carlo sweeps: N sampled replications per variant, on any ``concurrent.futures.Executor``.

Replication ``i`` with base seed ``S`` plays with ``replication_seed(S, i)`` in the base and in
every variant (common random numbers, SPEC §2.3: the runs of one replication differ only by
what the variants change, so they can be compared pairwise), a seed derived from those two
alone, so results do not depend on the number of workers, the batch size or the order in
which batches finish. Replications go to the executor in
batches (one task per batch, not per replication); each batch returns a mergeable
``Aggregate``, merged in batch order. At most a few batches per worker are in flight, so
memory stays flat however many replications there are.
"""

import concurrent.futures as cf
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from engine.analyse.aggregate import Aggregate
from engine.analyse.milestones import milestone_names
from engine.analyse.workers import start_worker
from engine.check.scenario import load_world
from engine.check.world import World
from engine.errors import AccordError, ExecutionError
from engine.simulate.simulation import run

Row = list[str | int | float | None]
T = TypeVar("T")
R = TypeVar("R")
GC_THRESHOLD = 50_000  # young-generation collection every 50,000 net allocations, not 700
WATCH_S = 1.0  # how often an executor's watch() runs while no batch finishes


@dataclass(frozen=True, slots=True)
class Batch:
    """Replications ``start``..``stop``-1 of one variant (what one task plays)."""

    path: str
    variant: str | None
    seed: int
    start: int
    stop: int
    names: tuple[str, ...]
    rows: bool = False


@dataclass(slots=True)
class BatchResult:
    """What a batch sends back: its aggregate, and its per-run rows if asked for."""

    aggregate: Aggregate
    rows: list[Row] = field(default_factory=list)


def replication_seed(base: int, index: int) -> int:
    """The seed of replication ``index`` (base and every variant alike): BLAKE2b of
    ``"<base>/<index>"``, 8 bytes, big-endian."""
    key = f"{base}/{index}".encode()
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


_WORLDS: dict[tuple[str, str | None], World] = {}


def world_for(path: str, variant: str | None) -> World:
    """The World of (path, variant), loaded once per process."""
    key = (path, variant)
    if key not in _WORLDS:
        _WORLDS[key] = load_world(path, variant)
        tune_gc()
    return _WORLDS[key]


def warm_worker(path: str, variants: tuple[str | None, ...], parent: int | None = None) -> None:
    """Process-pool initializer: default SIGTERM, Ctrl-C left to the parent, die with the
    parent (``workers.start_worker``); then load the worlds once."""
    start_worker(os.getppid() if parent is None else parent)
    for v in variants:
        world_for(path, v)


def tune_gc() -> None:
    """Garbage-collector settings for a process that plays replications in bulk.

    A run allocates thousands of small records, nearly all freed by reference counting;
    with the default thresholds the collector still walks the young generations every 700
    allocations and a fifth of a replication's time went there. The loaded worlds are
    frozen out of collection. Only sweep workers call this (once per process)."""
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, 20, 20)


def run_batch(batch: Batch) -> BatchResult:
    """Play the replications of one batch and aggregate them."""
    world = world_for(batch.path, batch.variant)
    agg = Aggregate(list(batch.names), world.until)
    out = BatchResult(agg)
    for i in range(batch.start, batch.stop):
        seed = replication_seed(batch.seed, i)
        result = run(world, seed=seed)
        times = agg.add_run(i, result, world)
        if batch.rows:
            statuses = {o.objective: o.status for o in result.objectives}
            out.rows.append([batch.variant or "", i, seed, *times,
                             *(statuses.get(o.id, "") for o in world.objectives)])
        del result  # free the run's records now, while they are in the cache, not after the next run
    agg.flush()
    return out


@dataclass
class Plan:
    """What to sweep: one scenario file, its variants (None = base), runs each, base seed."""

    path: str
    variants: list[str | None]
    runs: int
    seed: int
    names: dict[str | None, tuple[str, ...]]
    batch_size: int = 100
    rows: bool = False

    def batches(self) -> Iterator[Batch]:
        """Every batch, variant by variant, in replication order."""
        for v in self.variants:
            for start in range(0, self.runs, self.batch_size):
                stop = min(start + self.batch_size, self.runs)
                yield Batch(self.path, v, self.seed, start, stop, self.names[v], self.rows)


def plan_names(worlds: dict[str | None, World]) -> dict[str | None, tuple[str, ...]]:
    """The milestone names of every variant: their union, in first-seen order, so columns align."""
    names: dict[str, None] = {}
    for w in worlds.values():
        names.update(dict.fromkeys(milestone_names(w)))
    return dict.fromkeys(worlds, tuple(names))


def sweep(plan: Plan, executor: cf.Executor, *, inflight: int = 8,
          on_batch: Callable[[Batch, BatchResult], None] | None = None) -> dict[str | None, Aggregate]:
    """Play every batch of the plan on ``executor``; merge results in batch order.

    ``on_batch`` sees each batch's result in order (progress, per-run rows). A batch that
    fails because its worker died raises ExecutionError: no replication is ever dropped.
    An executor with a ``watch()`` method (``distributed.WatchedExecutor``) has it called
    every ``WATCH_S`` seconds in which no batch finished; it raises ExecutionError when the
    executor cannot make progress (a Dask cluster without workers).
    """
    aggs: dict[str | None, Aggregate] = {}

    def merge(batch: Batch, res: BatchResult) -> None:
        _merge(aggs, batch, res)
        if on_batch is not None:
            on_batch(batch, res)

    in_order(executor, run_batch, plan.batches(), merge, _died, inflight=inflight)
    return aggs


def in_order(executor: cf.Executor, fn: Callable[[T], R], tasks: Iterable[T], on_result: Callable[[T, R], None],
             died: Callable[[T, BaseException], ExecutionError], *, inflight: int = 8) -> None:
    """Run ``fn`` on every task on ``executor``, at most ``inflight`` at a time, and hand each
    result to ``on_result`` in task order (whatever order they finish in). A task whose worker
    died raises ``died(task, exc)``; ``watch()`` as described in ``sweep``."""
    watch: Callable[[], None] | None = getattr(executor, "watch", None)
    todo = iter(enumerate(tasks))
    running: dict[cf.Future[R], tuple[int, T]] = {}
    ready: dict[int, tuple[T, R]] = {}
    merged = 0
    try:
        _submit(executor, fn, todo, running, inflight, died)
        while running:
            done, _ = cf.wait(running, timeout=WATCH_S if watch else None, return_when=cf.FIRST_COMPLETED)
            if not done and watch is not None:
                watch()
            for fut in done:
                index, task = running.pop(fut)
                ready[index] = (task, _result(fut, task, died))
            while merged in ready:
                on_result(*ready.pop(merged))
                merged += 1
            _submit(executor, fn, todo, running, inflight - len(ready), died)
    finally:
        for fut in running:
            fut.cancel()


def _submit(executor: cf.Executor, fn: Callable[[T], R], todo: Iterator[tuple[int, T]],
            running: dict[cf.Future[R], tuple[int, T]], limit: int,
            died: Callable[[T, BaseException], ExecutionError]) -> None:
    while len(running) < max(limit, 1):
        nxt = next(todo, None)
        if nxt is None:
            return
        try:
            running[executor.submit(fn, nxt[1])] = nxt
        except (cf.process.BrokenProcessPool, RuntimeError) as exc:  # a worker died: the pool takes no more
            raise died(nxt[1], exc) from exc


def _result(fut: cf.Future[R], task: T, died: Callable[[T, BaseException], ExecutionError]) -> R:
    try:
        return fut.result()
    except AccordError:
        raise
    except (cf.process.BrokenProcessPool, cf.CancelledError, OSError) as exc:
        raise died(task, exc) from exc
    except Exception as exc:
        if type(exc).__module__.split(".")[0] in ("distributed", "dask", "tornado"):
            raise died(task, exc) from exc
        raise


def _died(batch: Batch, exc: BaseException) -> ExecutionError:
    which = f"variant {batch.variant}" if batch.variant else "the base"
    why = "a worker process ended abruptly (killed, or out of memory?)" \
        if isinstance(exc, cf.process.BrokenProcessPool) else f"{type(exc).__name__}: {exc}"
    return ExecutionError(
        f"a worker failed while playing runs {batch.start}-{batch.stop - 1} of {which} "
        f"({why}); the sweep was stopped and nothing was written"
    )


def _merge(aggs: dict[str | None, Aggregate], batch: Batch, res: BatchResult) -> None:
    if batch.variant in aggs:
        aggs[batch.variant].merge(res.aggregate)
    else:
        aggs[batch.variant] = res.aggregate
