"""(m) A forecast of 1,000 runs of ``renewed_attack`` from mid-session, on 2 workers, against a
sweep of the same number of runs × the fraction of events still to come (issue 18).

The session is scripted: it advances to T+24d answering every decision with its default,
where about half of a run's events have happened. Both sides run on a warm pool (workers
started, the World loaded and, for the forecast, the journal replayed once per worker)
and alternate in rounds; the figure is the median ratio.
"""

import statistics
import tempfile
import time
from pathlib import Path

from engine.analyse.sweep import Plan, plan_names, replication_seed, sweep
from engine.analyse.sweep_plan import SweepOptions, batch_size, executor_for
from engine.check.scenario import load_world
from engine.facilitate import journal as jl
from engine.facilitate.forecast import forecast, forecast_pool, prepare
from engine.facilitate.forecast_run import point_of
from engine.facilitate.session import Feed, Session
from engine.simulate.branch import play_branch

ROOT = Path(__file__).resolve().parent.parent
RENEWED = str(ROOT / "scenarios" / "renewed_attack.yaml")
TARGET = 3.0


def mid_session(folder: str, until_h: float = 576.0) -> str:
    """A journal of renewed_attack advanced to ``until_h``, decisions answered by default."""
    world = load_world(RENEWED)
    path = str(Path(folder) / "journal.jsonl")
    journal = jl.Journal.create(path, jl.header(RENEWED, None, world.seed, False, folder))
    session = Session(world, seed=world.seed, journal=journal)

    def live() -> str | None:
        if session.waiting is not None:
            return f"decide {session.waiting.id} {session.waiting.default}"
        return None if session.clock >= until_h else f"advance T+{int(until_h)}h"

    session.run(Feed([], live))
    journal.close()
    return path


def remaining_fraction(path: str, runs: int = 100) -> float:
    """The share of a run's events still to come at the branch point (mean over ``runs``)."""
    prep = prepare(point_of(path))
    snapshot = next(iter(prep.branch.runs.values()))
    done = len(snapshot.events)
    counts = [len(play_branch(snapshot, replication_seed(1, i)).events) for i in range(runs)]
    return (statistics.fmean(counts) - done) / statistics.fmean(counts)


def forecast_vs_sweep(rounds: int, runs: int = 1000, workers: int = 2) -> None:
    """Print (m): forecast seconds, sweep seconds, the remaining fraction and the ratio."""
    with tempfile.TemporaryDirectory() as folder:
        path = mid_session(folder)
        point = point_of(path)
        fraction = remaining_fraction(path)
        world = load_world(RENEWED)
        plan = Plan(RENEWED, [None], runs, 7, plan_names({None: world}))
        plan.batch_size = batch_size(world, runs, workers)
        ratios, fc_s, sw_s, full_s = [], [], [], []
        sweep_opts = SweepOptions(RENEWED, runs, workers=workers)
        with forecast_pool(point, workers) as pool, executor_for(sweep_opts, plan) as ex:
            forecast(point, 4 * workers, 7, pool, workers=workers, batch=1)  # warm: workers replayed once
            sweep(Plan(RENEWED, [None], 4 * workers, 7, plan.names, batch_size=1), ex)
            for _ in range(rounds):
                t0 = time.perf_counter()
                forecast(point, runs, 7, pool, workers=workers, full=False)
                fc = time.perf_counter() - t0
                t0 = time.perf_counter()
                sweep(plan, ex, inflight=4 * workers)
                sw = time.perf_counter() - t0
                t0 = time.perf_counter()
                forecast(point, runs, 7, pool, workers=workers)
                full_s.append(time.perf_counter() - t0)
                fc_s.append(fc)
                sw_s.append(sw)
                ratios.append(fc / (sw * fraction))
    ratio = statistics.median(ratios)
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"(m) forecast of {runs:,} runs of renewed_attack from T+24d on {workers} workers: "
          f"{statistics.median(fc_s):.2f} s; sweep of {runs:,} runs {statistics.median(sw_s):.2f} s × remaining "
          f"fraction {fraction:.2f} = {statistics.median(sw_s) * fraction:.2f} s: {ratio:.2f}× "
          f"(range {min(ratios):.2f}–{max(ratios):.2f}; target ≤ {TARGET:g}×: {verdict}); "
          f"the whole forecast (from the start, from now, and each option of the next decision) "
          f"{statistics.median(full_s):.2f} s")


if __name__ == "__main__":
    forecast_vs_sweep(3)
