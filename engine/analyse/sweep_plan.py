"""Planning a sweep: which worlds play, how many replications a task holds, and on which
executor (a local process pool or a Dask cluster) the tasks run."""

import concurrent.futures as cf
import contextlib
import math
import os
import time
from dataclasses import dataclass

from engine.analyse.distributed import CONNECT_TIMEOUT_S, dask_or_local
from engine.analyse.local_pool import local_pool
from engine.analyse.sweep import Plan, plan_names, replication_seed, warm_worker
from engine.analyse.variants import select_variants
from engine.check.scenario import load_world
from engine.check.world import World
from engine.simulate.simulation import run

TASK_SECONDS = 0.15  # aim for tasks of ~150 ms: long enough to hide scheduling, short enough to balance


@dataclass
class SweepOptions:
    """What ``accord sweep`` was asked to do."""

    path: str
    runs: int
    variants: str | None = None
    workers: int = 1
    seed: int | None = None
    out: str | None = None
    per_run: str | None = None
    dask: str | None = None
    dask_timeout: float = CONNECT_TIMEOUT_S
    charts: bool = True
    batch_size: int | None = None


def make_plan(path: str, runs: int, variants: str | None, seed: int | None, *,
              default_all: bool = False) -> tuple[Plan, dict[str | None, World]]:
    """Load the base and the chosen variants (errors surface here) and plan the sweep."""
    base = load_world(path)
    worlds: dict[str | None, World] = {None: base}
    for v in select_variants(base, variants, default_all=default_all)[1:]:
        worlds[v] = load_world(path, v)
    plan = Plan(path, list(worlds), runs, base.seed if seed is None else seed, plan_names(worlds))
    return plan, worlds


def batch_size(world: World, runs: int, workers: int) -> int:
    """Replications per task: enough for ~TASK_SECONDS, at most a fair share per worker."""
    t0 = time.perf_counter()
    for i in range(3):
        run(world, seed=replication_seed(0, i))
    per_run = max((time.perf_counter() - t0) / 3, 1e-6)
    size = math.ceil(TASK_SECONDS / per_run)
    return max(1, min(size, 5000, math.ceil(runs / workers)))


def executor_for(opts: SweepOptions, plan: Plan) -> contextlib.AbstractContextManager[cf.Executor]:
    """A Dask executor for ``--dask``, else a local process pool; shut down on the way out."""
    initargs = (os.path.abspath(plan.path), tuple(plan.variants), os.getpid())
    return dask_or_local(opts.dask, opts.dask_timeout, lambda: local_pool(opts.workers, warm_worker, initargs))
