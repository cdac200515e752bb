"""What a user waits for (issue 14), figures (d) and (h)–(j): a run with every format against
JSON alone, a comparison with and without its charts, start-up of help and of validate, and the memory of writing
results.json. Each figure is a ratio of two commands timed in the same rounds, alternating
which goes first, as whole processes (``python -m engine …`` from the repository root).

``python benchmarks/waits.py`` prints them all; ``benchmarks/run.py`` calls ``main``.
Figures are medians with the range over the rounds: wall-clock, and CPU time (user +
system), which a machine busy with other work disturbs less.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks")]

import generate  # noqa: E402

PY = sys.executable
RENEWED = "scenarios/renewed_attack.yaml"


def timed(cmd: Sequence[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, children included) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(list(cmd), check=True, capture_output=True, cwd=ROOT)
    took = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


class Pair:
    """Two commands timed in the same rounds: ``a`` against the yardstick ``b``."""

    def __init__(self, a: Sequence[str], b: Sequence[str], rounds: int) -> None:
        self.a: list[tuple[float, float]] = []
        self.b: list[tuple[float, float]] = []
        for r in range(rounds):
            first, second = (a, b) if r % 2 == 0 else (b, a)
            x, y = timed(first), timed(second)
            self.a.append(x if r % 2 == 0 else y)
            self.b.append(y if r % 2 == 0 else x)

    def ratios(self, cpu: bool = False) -> list[float]:
        """a ÷ b of each round (wall-clock, or CPU time)."""
        i = 1 if cpu else 0
        return [x[i] / y[i] for x, y in zip(self.a, self.b, strict=True)]

    def line(self, what: str, yardstick: str, target: str) -> str:
        """``what`` 1.23 s vs ``yardstick`` 0.45 s → 2.7× (range …; CPU …) (target …)."""
        med = statistics.median
        wall, cpu = self.ratios(), self.ratios(cpu=True)
        return (f"{what} {med(x for x, _ in self.a):.2f} s vs {yardstick} {med(y for y, _ in self.b):.2f} s → "
                f"{med(wall):.2f}× (rounds {min(wall):.2f}–{max(wall):.2f}×; CPU time {med(cpu):.2f}×, "
                f"{min(cpu):.2f}–{max(cpu):.2f}×) (target {target})")


def engine(*args: str) -> list[str]:
    """``python -m engine ARGS`` as a command."""
    return [PY, "-m", "engine", *args]


def run_formats(rounds: int, folder: Path) -> None:
    """(h) ``accord run`` with every format ÷ ``--format json``: renewed_attack and 1,000 injects."""
    injects = generate.write("injects", 1000, folder / "injects")
    for name, path, target in ((RENEWED, RENEWED, "≤ 2.0×"), ("1,000 injects", str(injects), "≤ 3×")):
        out = folder / "out"
        pair = Pair(engine("run", path, "-q", "--out", str(out / "all")),
                    engine("run", path, "-q", "--out", str(out / "json"), "--format", "json"), rounds)
        print("(h) " + pair.line(f"accord run {name}, all formats", "--format json", target))


def compare_charts(rounds: int, folder: Path) -> None:
    """(i) ``accord compare renewed_attack`` (nominal), with its charts and without."""
    pair = Pair(engine("compare", RENEWED, "-q", "--out", str(folder / "c")),
                engine("compare", RENEWED, "-q", "--out", str(folder / "n"), "--no-charts"), rounds)
    print("(i) " + pair.line("accord compare renewed_attack", "--no-charts", "as low as it goes; 21 s at the start"))


def startup(rounds: int) -> None:
    """(d) ``accord run --help`` ÷ ``import argparse``; ``accord validate rules/`` ÷ ``import
    simpy, pydantic, yaml``. accord's modules are byte-compiled first, as installing a wheel
    does (this machine sets PYTHONDONTWRITEBYTECODE)."""
    subprocess.run([PY, "-m", "compileall", "-q", "engine"], check=True, cwd=ROOT)
    pair = Pair(engine("run", "--help"), [PY, "-c", "import argparse"], rounds)
    print("(d) start-up: " + pair.line("accord run --help", "import argparse", "≤ 2.0×"))
    for target in ("rules/paris_declaration.yaml", "rules"):
        pair = Pair(engine("validate", target), [PY, "-c", "import simpy, pydantic, yaml"], rounds)
        print("(d) start-up: " + pair.line(f"accord validate {target}", "import simpy, pydantic, yaml", "≤ 1.3×"))


PROBE = """
import sys
from engine import api
from engine.cli.program import parse

def kib(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))

args = parse(["run", sys.argv[1], "--format", "json", "--out", sys.argv[2]])
world = api.load(args.scenario)
result = api.play(world)
built, playing = kib("VmRSS"), kib("VmHWM")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # the peak (VmHWM) starts again from here: what writing adds
api.write_run(result, world, args.out, formats=args.format, scenario_path=args.scenario)
print(len(result.events), built, playing, kib("VmHWM"))
"""


def json_memory(folder: Path, events: int = 240_000) -> None:
    """(j) peak RSS while writing results.json of a lean chain of ``events`` events ÷ the RSS
    once its record is built (what ``accord run --format json`` does, in one process)."""
    chain = generate.write("chain", events, folder / "chain")
    done = subprocess.run([PY, "-c", PROBE, str(chain), str(folder / "chain_out")], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    n, built, playing, peak = (int(x) for x in done.stdout.split())
    size = os.path.getsize(folder / "chain_out" / "results.json")
    print(f"(j) memory: results.json of {n:,} events ({size / 2**20:.0f} MiB): RSS {built / 1024:.0f} MiB once the "
          f"record is built (peak {playing / 1024:.0f} MiB while playing), peak {peak / 1024:.0f} MiB while writing "
          f"→ {peak / built:.2f}× (target ≤ 1.3×)")


def main(rounds: int = 7, only: Sequence[str] = ("h", "i", "d", "j")) -> None:
    """Print the figures named in ``only``."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "h" in only:
            run_formats(rounds, folder)
        if "i" in only:
            compare_charts(max(3, rounds // 2), folder)
        if "d" in only:
            startup(3 * rounds)
        if "j" in only:
            json_memory(folder)


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rounds", type=int, default=7, help="rounds per figure (start-up: three times as many)")
    p.add_argument("--only", default="h,i,d,j", help="comma list of figures: h (run formats), i (compare), "
                   "d (start-up), j (results.json memory)")
    ns = p.parse_args()
    main(ns.rounds, ns.only.split(","))
