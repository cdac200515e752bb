"""accord's performance figures, each against a yardstick measured in the same process.

Run from the repository root: ``python benchmarks/run.py`` (``--quick`` for fewer rounds,
``--skip-memory`` to leave out the 100,000-replication sweep, ``--only g,h`` for some
figures). Prints one line per figure with its target; (d) and (h)–(j), what a user waits
for, are in ``waits.py``. Timings interleave accord and the yardstick in short rounds and take the
median ratio, so a machine busy with other work skews both sides alike.
"""

import argparse
import gc
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import forecast  # noqa: E402
import handwritten  # noqa: E402
import waits  # noqa: E402

from engine import api  # noqa: E402
from engine.analyse.sweep import sweep  # noqa: E402
from engine.analyse.sweep_plan import SweepOptions, batch_size, executor_for, make_plan  # noqa: E402
from engine.check.world import World  # noqa: E402
from engine.simulate.simulation import run  # noqa: E402

BENCH = ROOT / "benchmarks" / "bench_scenario.yaml"
SMALL = ROOT / "tests" / "data" / "sweep_scenario.yaml"
RENEWED = ROOT / "scenarios" / "renewed_attack.yaml"


def per_call(fn: Callable[[int], object], n: int, offset: int) -> float:
    """Seconds per call of ``fn(seed)`` over ``n`` seeds (after a collection, so neither side
    pays for the other's garbage)."""
    gc.collect()
    t0 = time.perf_counter()
    for i in range(n):
        fn(offset + i)
    return (time.perf_counter() - t0) / n


def interleaved(a: Callable[[int], object], b: Callable[[int], object], rounds: int,
                n: int) -> tuple[float, float, float]:
    """Median of a/b per round, and the median seconds per call of each (the order alternates)."""
    ratios, ta, tb = [], [], []
    for r in range(rounds):
        if r % 2:
            y = per_call(b, n, r * n)
            x = per_call(a, n, r * n)
        else:
            x = per_call(a, n, r * n)
            y = per_call(b, n, r * n)
        ratios.append(x / y)
        ta.append(x)
        tb.append(y)
    return statistics.median(ratios), statistics.median(ta), statistics.median(tb)


def overhead(rounds: int) -> float:
    """(a) accord vs the hand-written SimPy model, per replication."""
    world = api.load(str(BENCH))
    events = statistics.mean(len(run(world, seed=i).events) for i in range(50))
    ratio, ta, tb = interleaved(lambda s: run(world, seed=s), handwritten.play, rounds, 20)
    print(f"(a) engine overhead: {events:.0f} events/replication; accord {ta * 1e3:.2f} ms, hand-written SimPy "
          f"{tb * 1e3:.2f} ms per replication → ratio {ratio:.2f}× (target ≤ 1.5×)")
    return ta


def sweep_seconds(runs: int, workers: int) -> float:
    """Seconds to play and merge ``runs`` replications on a warm local pool of ``workers``."""
    plan, worlds = make_plan(str(BENCH), runs, None, None)
    plan.path = str(BENCH)
    plan.batch_size = batch_size(worlds[None], runs, workers)
    warm, _ = make_plan(str(BENCH), 4 * workers, None, None)
    warm.path, warm.batch_size = str(BENCH), 1
    with executor_for(SweepOptions(str(BENCH), runs, workers=workers), plan) as ex:
        sweep(warm, ex)  # start the workers and load the world before the clock starts
        t0 = time.perf_counter()
        sweep(plan, ex, inflight=4 * max(workers, 2))
        return time.perf_counter() - t0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def throughput(per_rep: float, runs: int) -> None:
    """(b) replications per second per core, and parallel efficiency with 2 workers."""
    hand = per_call(handwritten.play, 200, 0)
    print(f"(b) throughput, one core: accord {1 / per_rep:,.0f} replications/s (target ≥ 1,000); "
          f"the hand-written SimPy model itself: {1 / hand:,.0f}/s")
    load = os.getloadavg()[0]
    times: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    for workers in (1, 2, 1, 2):
        before = _children_cpu()
        times[workers].append(sweep_seconds(runs, workers))
        cpu[workers].append(_children_cpu() - before)
    t1, t2 = min(times[1]), min(times[2])
    c1, c2 = min(cpu[1]), min(cpu[2])
    print(f"    sweep of {runs:,} replications (with aggregation): 1 worker {runs / t1:,.0f}/s, 2 workers "
          f"{runs / t2:,.0f}/s → parallel efficiency {t1 / (2 * t2):.0%} wall-clock (target ≥ 85%; load average "
          f"{load:.1f} on {os.cpu_count()} cores when it started); CPU work per replication with 2 workers is "
          f"{c1 / c2:.0%} as efficient as with 1 (worker CPU {c1:.1f} s vs {c2:.1f} s)")


def sensitivity_share_once(runs: int, workers: int) -> tuple[float, float]:
    """CPU seconds of the sensitivity step and of the whole sweep (this process and its workers:
    planning, playing, merging, the document, the charts) of ``runs`` replications of every
    variant of renewed_attack, as ``accord sweep --variants all`` does it."""
    from engine.render import sweep_report  # noqa: PLC0415
    from engine.render.sweep_files import render_sweep  # noqa: PLC0415

    spent = [0.0]
    step = sweep_report.sensitivity

    def timed(*args: object, **kwargs: object) -> object:
        t0 = time.process_time()
        try:
            return step(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            spent[0] += time.process_time() - t0

    children, mine = _children_cpu(), time.process_time()
    sweep_report.sensitivity = timed  # type: ignore[assignment]
    try:
        plan, worlds = make_plan(str(RENEWED), runs, "all", None)
        plan.batch_size = batch_size(worlds[None], runs, workers)
        with executor_for(SweepOptions(str(RENEWED), runs, "all", workers=workers), plan) as ex:
            aggs = sweep(plan, ex, inflight=4 * max(workers, 2))
        render_sweep(plan, worlds, aggs, charts=True)
    finally:
        sweep_report.sensitivity = step  # type: ignore[assignment]
    return spent[0], (time.process_time() - mine) + (_children_cpu() - children)


def sensitivity_share(rounds: int, runs: int = 1000) -> None:
    """(g) the sensitivity step's share of the CPU time of a 1,000-run sweep of renewed_attack
    with every variant (median and range over ``rounds`` sweeps, each in a fresh process so that
    numpy's import, which the step pays first, is counted every time)."""
    shares, steps, totals = [], [], []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, __file__, "--sensitivity-once", str(runs)], check=True,
                             capture_output=True, text=True, cwd=ROOT).stdout.split()
        step, total = float(out[0]), float(out[1])
        shares.append(step / total)
        steps.append(step)
        totals.append(total)
    med = statistics.median
    print(f"(g) sensitivity step of a {runs:,}-run renewed_attack sweep (--variants all, 2 workers, charts): "
          f"{med(steps):.2f} s of {med(totals):.1f} s CPU → {med(shares):.1%} (range {min(shares):.1%}–"
          f"{max(shares):.1%} over {rounds} sweeps) (target ≤ 5%)")


def cpu_per_call(fn: Callable[[int], object], n: int, offset: int) -> float:
    """CPU seconds per call of ``fn(seed)`` over ``n`` seeds (this process; after a collection)."""
    gc.collect()
    t0 = time.process_time()
    for i in range(n):
        fn(offset + i)
    return (time.process_time() - t0) / n


def cpu_interleaved(a: Callable[[int], object], b: Callable[[int], object], rounds: int,
                    n: int) -> tuple[list[float], float, float]:
    """Per-round CPU-time ratios a/b (order alternating), and the median seconds per call of each."""
    ratios, ta, tb = [], [], []
    for r in range(rounds):
        first, second = (b, a) if r % 2 else (a, b)
        t1, t2 = cpu_per_call(first, n, r * n), cpu_per_call(second, n, r * n)
        x, y = (t2, t1) if r % 2 else (t1, t2)
        ratios.append(x / y)
        ta.append(x)
        tb.append(y)
    return ratios, statistics.median(ta), statistics.median(tb)


def _range(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):.2f}× (range {min(ratios):.2f}–{max(ratios):.2f} over {len(ratios)} rounds)"


def lean_chain(rounds: int, events: int = 5000) -> None:
    """(k) a lean event chain (one rule event per hour), per event, against SimPy playing the same
    chain as one process that yields a timeout per event and records each (CPU time)."""
    import generate  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as tmp:
        world = api.load(str(generate.write("chain", events, Path(tmp))))
    ratios, ta, tb = cpu_interleaved(lambda s: run(world, seed=s), lambda _: handwritten.chain(events), rounds, 1)
    print(f"(k) lean event chain: accord {ta / events * 1e6:.2f} µs, SimPy process-per-event "
          f"{tb / events * 1e6:.2f} µs per event → {_range(ratios)} (target ≤ 2.0×)")


def sweep_marginal(rounds: int, n: int = 50) -> None:
    """(l) what a sweep worker spends per replication beyond the sampled first 2,000 (playing and
    aggregating, as ``run_batch`` does), against the hand-written model (CPU time, this process
    tuned as a worker is)."""
    from engine.analyse.aggregate import SAMPLE  # noqa: PLC0415
    from engine.analyse.sweep import Batch, run_batch, world_for  # noqa: PLC0415

    plan, _ = make_plan(str(BENCH), 1, None, None)
    world_for(str(BENCH), None)  # loads the world and tunes the collector as a worker does
    names = plan.names[None]

    def batch(off: int) -> None:
        run_batch(Batch(str(BENCH), None, plan.seed, SAMPLE + off, SAMPLE + off + n, names))

    def hand(off: int) -> None:
        for i in range(n):
            handwritten.play(off + i)

    ratios, ta, tb = cpu_interleaved(lambda r: batch(r % 1900), hand, rounds, 1)
    print(f"(l) sweep worker per replication beyond the sample: accord {ta / n * 1e3:.2f} ms, hand-written "
          f"{tb / n * 1e3:.2f} ms → {_range(ratios)} (target ≤ 1.15×)")


def dormant_pack(folder: Path, rules: int) -> Path:
    """The benchmark pack plus ``rules`` rules that never fire (on a never-emitted event, and edge
    rules on a state variable nothing changes), and its scenario."""
    text = (ROOT / "benchmarks" / "bench_pack.yaml").read_text()
    text = text.replace("  debrief: {}\n", "  debrief: {}\n  dormant: {fields: {n: {type: int}}}\n")
    text = text.replace("  incidents: {type: int, initial: 0}\n", "  incidents: {type: int, initial: 0}\n"
                        "  quiet: {type: int, initial: 0}\n")
    extra = []
    for i in range(rules):
        if i % 2:
            extra.append(f"  - id: D-{i}\n    on: dormant\n    when: event.n == {i} and alert == 'red'\n"
                         f"    then: [{{add: {{quiet: 1}}}}]\n")
        else:
            extra.append(f"  - id: D-{i}\n    when: quiet >= {i + 1}\n    then: [{{set: {{alert: amber}}}}]\n")
    (folder / "bench_pack.yaml").write_text(text + "".join(extra))
    scenario = (ROOT / "benchmarks" / "bench_scenario.yaml").read_text()
    (folder / "bench_scenario.yaml").write_text(scenario)
    return folder / "bench_scenario.yaml"


def rule_scaling(rounds: int) -> None:
    """(c) the cost of 1,000 rules that never trigger."""
    with tempfile.TemporaryDirectory() as tmp:
        world: World = api.load(str(dormant_pack(Path(tmp), 1000)))
    base = api.load(str(BENCH))
    ratio, ta, tb = interleaved(lambda s: run(world, seed=s), lambda s: run(base, seed=s), rounds, 20)
    print(f"(c) rule scaling: with 1,000 dormant rules {ta * 1e3:.2f} ms vs {tb * 1e3:.2f} ms per replication "
          f"→ +{ratio - 1:.1%} (target ≤ 10%)")


def wall(cmd: list[str]) -> float:
    """Seconds one command takes."""
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def load_big() -> None:
    """(e) a 1,000-rule pack validates in under a second (the whole command, start-up included)."""
    with tempfile.TemporaryDirectory() as tmp:
        scenario = dormant_pack(Path(tmp), 1000)
        pack = scenario.parent / "bench_pack.yaml"
        cmd = [sys.executable, "-m", "engine", "validate", str(pack)]
        took = min(wall(cmd) for _ in range(3))
        t0 = time.perf_counter()
        api.validate([str(pack)])
        inproc = time.perf_counter() - t0
    print(f"(e) load: a pack of {1000 + 22:,} rules validates in {took * 1e3:.0f} ms as a command "
          f"({inproc * 1e3:.0f} ms of it checking) (target < 1 s)")


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


def peak_rss(runs: int) -> tuple[int, int]:
    """Peak RSS in KiB of a sweep of ``runs`` replications: (the command alone, the command plus
    its workers), sampled every 50 ms from /proc (getrusage would inherit this process's peak)."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "engine", "sweep", str(SMALL), "--runs", str(runs), "--workers", "2",
               "--no-charts", "-q", "--out", tmp]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL)
        main_peak = tree_peak = 0
        while proc.poll() is None:
            main = _rss_kib(proc.pid)
            main_peak = max(main_peak, main)
            tree_peak = max(tree_peak, main + sum(_rss_kib(c) for c in _children(proc.pid)))
            time.sleep(0.05)
        if proc.returncode:
            raise SystemExit(f"sweep failed: exit {proc.returncode}")
    return main_peak, tree_peak


def memory() -> None:
    """(f) peak RSS of a 100,000-replication sweep against a 1,000-replication one."""
    (m1, t1), (m2, t2) = peak_rss(1_000), peak_rss(100_000)
    print(f"(f) memory: peak RSS of the sweep command 1,000 runs {m1 / 1024:.1f} MiB, 100,000 runs "
          f"{m2 / 1024:.1f} MiB → ratio {m2 / m1:.2f}×; with its 2 workers {t1 / 1024:.1f} vs {t2 / 1024:.1f} MiB "
          f"→ {t2 / t1:.2f}× (target ≤ 1.2×)")


def main() -> None:
    """Print every figure."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="fewer rounds")
    p.add_argument("--skip-memory", action="store_true", help="skip the 100,000-replication sweep")
    p.add_argument("--only-sensitivity", action="store_true", help="print (g) alone")
    p.add_argument("--sensitivity-once", type=int, metavar="RUNS", help=argparse.SUPPRESS)
    p.add_argument("--only", metavar="LIST", help="comma list of figures to print (a-m; default all)")
    args = p.parse_args()
    if args.sensitivity_once:
        step, total = sensitivity_share_once(args.sensitivity_once, 2)
        print(step, total)
        return
    if args.only_sensitivity:
        sensitivity_share(3 if args.quick else 5)
        return
    rounds = 9 if args.quick else 31
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.platform()}")
    make_plan(str(BENCH), 1, None, None)  # fail early if the scenario does not load
    only = set(args.only.split(",")) if args.only else set("abcdefghijklm")
    if only & {"a", "b"}:
        per_rep = overhead(rounds)
        if "b" in only:
            throughput(per_rep, 2_000 if args.quick else 6_000)
    if "c" in only:
        rule_scaling(rounds)
    if "k" in only:
        lean_chain(rounds)
    if "l" in only:
        sweep_marginal(rounds)
    if "d" in only:
        waits.startup(7 if args.quick else 21)
    if "e" in only:
        load_big()
    if "g" in only:
        sensitivity_share(3 if args.quick else 5)
    if "f" in only and not args.skip_memory:
        memory()
    waits.main(3 if args.quick else 7, sorted(only & {"h", "i", "j"}))
    if "m" in only:
        forecast.forecast_vs_sweep(2 if args.quick else 5)


if __name__ == "__main__":
    main()
