"""accord's performance figures, each against a yardstick measured in the same process.

Run from the repository root: ``python benchmarks/run.py`` (``--quick`` for fewer rounds,
``--skip-memory`` to leave out the 100,000-replication sweep). Prints one line per figure
with its target. Timings interleave accord and the yardstick in short rounds and take the
median ratio, so a machine busy with other work skews both sides alike.
"""

import argparse
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

import handwritten  # noqa: E402

from engine import api  # noqa: E402
from engine.simulation import run  # noqa: E402
from engine.sweep_run import SweepOptions, make_plan, run_sweep  # noqa: E402
from engine.world import World  # noqa: E402

BENCH = ROOT / "benchmarks" / "bench_scenario.yaml"
SMALL = ROOT / "tests" / "data" / "sweep_scenario.yaml"


def per_call(fn: Callable[[int], object], n: int, offset: int) -> float:
    """Seconds per call of ``fn(seed)`` over ``n`` seeds."""
    t0 = time.perf_counter()
    for i in range(n):
        fn(offset + i)
    return (time.perf_counter() - t0) / n


def interleaved(a: Callable[[int], object], b: Callable[[int], object], rounds: int, n: int) -> tuple[float, float, float]:
    """Median of a/b per round, and the median seconds per call of each."""
    ratios, ta, tb = [], [], []
    for r in range(rounds):
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


def throughput(per_rep: float, runs: int) -> None:
    """(b) replications per second per core, and parallel efficiency with 2 workers."""
    hand = per_call(handwritten.play, 200, 0)
    print(f"(b) throughput, one core: accord {1 / per_rep:,.0f} replications/s (target ≥ 1,000); "
          f"the hand-written SimPy model itself: {1 / hand:,.0f}/s")
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for workers in (1, 2, 1, 2):
            opts = SweepOptions(str(BENCH), runs, workers=workers, out=tmp, charts=False)
            t0 = time.perf_counter()
            run_sweep(opts)
            times.setdefault(workers, []).append(time.perf_counter() - t0)
    t1, t2 = min(times[1]), min(times[2])
    print(f"    sweep of {runs:,} replications: 1 worker {t1:.2f} s ({runs / t1:,.0f}/s), 2 workers {t2:.2f} s "
          f"({runs / t2:,.0f}/s) → parallel efficiency {t1 / (2 * t2):.0%} (target ≥ 85%; "
          f"{os.cpu_count()} cores shared with whatever else runs)")


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


def startup(rounds: int) -> None:
    """(d) ``accord validate rules/`` against importing simpy, pydantic and yaml."""
    py = sys.executable
    validate = [py, "-m", "engine", "validate", "rules"]
    imports = [py, "-c", "import simpy, pydantic, yaml"]
    ratios, tv, ti = [], [], []
    for _ in range(rounds):
        a, b = wall(validate), wall(imports)
        ratios.append(a / b)
        tv.append(a)
        ti.append(b)
    print(f"(d) start-up: accord validate rules/ {statistics.median(tv) * 1e3:.0f} ms vs import simpy, pydantic, "
          f"yaml {statistics.median(ti) * 1e3:.0f} ms → ratio {statistics.median(ratios):.2f}× (target ≤ 1.5×)")


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


def peak_rss(runs: int) -> int:
    """Peak RSS in KiB of a sweep of ``runs`` replications (the command and its workers)."""
    code = ("import resource, sys; from engine.cli import main; "
            f"main(['sweep', {str(SMALL)!r}, '--runs', '{runs}', '--workers', '2', '--no-charts', '-q', "
            f"'--out', sys.argv[1]]); "
            "print(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-c", code, tmp], check=True, capture_output=True, text=True, cwd=ROOT)
    return int(done.stdout.split()[-1])


def memory() -> None:
    """(f) peak RSS of a 100,000-replication sweep against a 1,000-replication one."""
    small, big = peak_rss(1_000), peak_rss(100_000)
    print(f"(f) memory: peak RSS 1,000 runs {small / 1024:.1f} MiB, 100,000 runs {big / 1024:.1f} MiB "
          f"→ ratio {big / small:.2f}× (target ≤ 1.2×)")


def main() -> None:
    """Print every figure."""
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="fewer rounds")
    p.add_argument("--skip-memory", action="store_true", help="skip the 100,000-replication sweep")
    args = p.parse_args()
    rounds = 9 if args.quick else 31
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
          f"{platform.python_version()}, {platform.platform()}")
    make_plan(str(BENCH), 1, None, None)  # fail early if the scenario does not load
    per_rep = overhead(rounds)
    throughput(per_rep, 2_000 if args.quick else 6_000)
    rule_scaling(rounds)
    startup(5 if args.quick else 11)
    load_big()
    if not args.skip_memory:
        memory()
    print(f"(peak RSS of this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
