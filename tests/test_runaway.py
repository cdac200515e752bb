"""Runaway growth stops cleanly (issue 13, item 6): numbers stay within ±2^53, a cascade
spread over time meets a guard that names the rules feeding it, and running out of memory
is a clear error (exit 3), never a traceback or a segfault.

The hostile runs play in a child process with capped memory; time-outs only guard against
a hang."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine import api
from engine.check.expr_types import MAX_EXACT
from engine.simulate.simulation import Limits

ROOT = Path(__file__).resolve().parents[1]
HANG_GUARD_S = 300

PACK = """\
pack: bomb
state:
  n.i: {type: int, initial: 2}
  x.f: {type: float, initial: 2.0}
events:
  tick: {}
  grow: {}
  report: {fields: {n: {type: int}, x: {type: float}}}
rules:
  - id: R-square
    on: tick
    then:
      - set: {n.i: "n.i * n.i + 1", x.f: "x.f * x.f"}
      - emit: report
        with: {n: "n.i * n.i", x: "x.f * x.f"}
      - emit: tick
        after: 1h
  - id: R-spread
    on: grow
    then:
      - emit: grow
        after: "uniform(1m, 10h)"
      - emit: grow
        after: "uniform(1m, 10h)"
"""


def scenario(folder: Path, name: str, event: str, until: str = "30d") -> Path:
    """A scenario playing the bomb pack from one inject of ``event``."""
    (folder / "pack.yaml").write_text(PACK, encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(f"scenario: {name}\nrules: [pack.yaml]\nuntil: {until}\nseed: 1\n"
                    f"injects: [{{id: I, at: T+0, event: {event}}}]\n", encoding="utf-8")
    return path


def accord(*args: str, memory_mb: int = 1024) -> subprocess.CompletedProcess[str]:
    """`accord ARGS` in a child with capped address space."""
    code = ("import resource, sys; from engine.cli.program import main; "
            f"resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20)); "
            "sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=False,
                          timeout=HANG_GUARD_S, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_an_int_squared_every_hour_stays_within_range(tmp_path):
    """The issue's example: `set: {n.i: "n.i * n.i + 1"}` every hour for 30 days plays to the
    end (no CPU or memory bomb) and writes results.json; the value stops where the next
    square would pass 2^53, like a non-finite value would."""
    path = scenario(tmp_path, "square", "tick")
    proc = accord("run", str(path), "--nominal", "-q", "--format", "json", "--out", str(tmp_path / "o"))
    assert proc.returncode == 0, proc.stderr
    results = json.loads((tmp_path / "o" / "results.json").read_text(encoding="utf-8"))
    n = results["state"]["n.i"]
    assert n <= MAX_EXACT < n * n + 1
    assert abs(results["state"]["x.f"]) <= MAX_EXACT


def test_a_payload_field_past_the_range_is_left_out(tmp_path):
    """An emitted field whose value passes ±2^53 is left out of the event, as inf is."""
    world = api.load(str(scenario(tmp_path, "square", "tick", until="6h")))
    reports = [e.payload for e in api.play(world, nominal=True).events if e.type == "report"]
    assert reports[0] == {"n": 25, "x": 16.0}  # n.i = 5, x.f = 4 after the first set
    assert all(abs(v) <= MAX_EXACT for p in reports for v in p.values())
    assert "n" not in reports[-1]


@pytest.mark.parametrize(("written", "past"), [
    ("n.i: {type: int, initial: 2}", "n.i: {type: int, initial: 9007199254740993}"),
    ("x.f: {type: float, initial: 2.0}", "x.f: {type: float, initial: -1.0e300}"),
])
def test_a_literal_past_the_range_is_a_load_error(tmp_path, capsys, written, past):
    """A number in a file beyond ±2^53 is refused where it is written (exit 2, path:line:col)."""
    path = scenario(tmp_path, "s", "tick")
    (tmp_path / "pack.yaml").write_text(PACK.replace(written, past), encoding="utf-8")
    from engine.cli import main  # noqa: PLC0415

    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    line = PACK.splitlines().index("  " + written) + 1
    assert err.startswith(f"{tmp_path / 'pack.yaml'}:{line}:")
    assert "±2^53" in err


def test_a_cascade_spread_over_time_stops_at_the_pending_guard(tmp_path):
    """The issue's example: a rule scheduling two of its events 1 min to 10 h later grows
    without bound; the run stops with exit 3, naming the rule that fed it (not "none"),
    well before memory runs out."""
    path = scenario(tmp_path, "cascade", "grow")
    proc = accord("run", str(path), "-q", "--format", "json", "--out", str(tmp_path / "o"), memory_mb=1024)
    assert proc.returncode == 3, proc.stderr
    assert "scheduled and not yet played" in proc.stderr
    assert "rules involved: R-spread (" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_the_per_run_guard_names_the_rules_of_the_whole_run(tmp_path):
    """Stopped by --max-events, the guard names the rules that fired most in the run, not only
    at the last instant (which, in a cascade spread over time, has almost none)."""
    path = scenario(tmp_path, "cascade", "grow")
    proc = accord("run", str(path), "-q", "--format", "json", "--out", str(tmp_path / "o"), "--max-events", "3000")
    assert proc.returncode == 3
    assert "more than 3,000 events in the run" in proc.stderr
    assert "rules involved: R-spread (3," in proc.stderr


def test_running_out_of_memory_is_a_clear_error(tmp_path):
    """With the guards set out of reach, the cascade exhausts a 350 MB cap: exit 3 and one
    line saying so, never a traceback or a segfault (which it was: the SIGTERM handler's
    reset crashed once memory was gone)."""
    path = scenario(tmp_path, "cascade", "grow")
    proc = accord("run", str(path), "-q", "--format", "json", "--out", str(tmp_path / "o"),
                  "--max-events", "1000000000", "--max-pending-events", "1000000000", memory_mb=350)
    assert proc.returncode == 3, (proc.returncode, proc.stderr[-2000:])
    assert proc.stderr.startswith("accord: error: out of memory")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


def test_the_pending_guard_is_configurable(tmp_path):
    """`run --max-pending-events N` sets the pending guard (default Limits().pending)."""
    path = scenario(tmp_path, "cascade", "grow")
    proc = accord("run", str(path), "-q", "--format", "json", "--out", str(tmp_path / "o"),
                  "--max-pending-events", "2000")
    assert proc.returncode == 3
    assert "more than 2,000 events scheduled and not yet played" in proc.stderr
    assert Limits().pending == 100_000
