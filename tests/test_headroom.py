"""A run stops itself (MemoryError) while memory is left under the process's cap, so that the
stack unwinds at once (engine/simulate/headroom.py): never a spin at the cap itself."""

import subprocess
import sys
from pathlib import Path

import pytest
from test_runaway import HANG_GUARD_S, ROOT, scenario

from engine.simulate import headroom

pytestmark = pytest.mark.skipif(not Path("/proc/self/statm").exists(),
                                reason="the caps are read from /proc (Linux)")


def used() -> int:
    """The address space in use now, in bytes."""
    return int(Path("/proc/self/statm").read_text().split()[0]) * headroom._PAGE


def test_no_cap_means_no_check() -> None:
    """Without a cap there is nothing to look at."""
    headroom.check(None)


def test_a_cap_far_above_passes() -> None:
    """A cap with more than the reserve free lets the run go on."""
    headroom.check((used() + 4 * headroom.RESERVE, None))


def test_an_address_space_near_its_cap_stops_the_run() -> None:
    """Within the reserve of RLIMIT_AS: MemoryError."""
    with pytest.raises(MemoryError):
        headroom.check((used() + headroom.RESERVE // 2, None))


def test_data_near_its_cap_stops_the_run() -> None:
    """Within the reserve of RLIMIT_DATA (a cap on the data, not the whole address space): MemoryError."""
    with pytest.raises(MemoryError):
        headroom.check((None, 1))


def test_the_caps_are_read_from_the_process_limits() -> None:
    """A child with `ulimit -v` set has that cap; without one, none is reported here."""
    code = ("import resource; from engine.simulate import headroom; "
            "resource.setrlimit(resource.RLIMIT_AS, (900 << 20, resource.RLIM_INFINITY)); print(headroom.caps())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == f"({900 << 20}, None)"


def test_a_cascade_is_stopped_by_the_headroom_not_by_the_allocator(tmp_path: Path) -> None:
    """With the guards out of reach and a 350 MB cap, the MemoryError that ends the run is the
    headroom's (raised with memory left), not the allocator's at the cap."""
    path = scenario(tmp_path, "cascade", "grow")
    code = ("import resource, sys; from engine import api; from engine.simulate.simulation import Limits; "
            "resource.setrlimit(resource.RLIMIT_AS, (350 << 20, 350 << 20)); world = api.load(sys.argv[1])\n"
            "try:\n    api.play(world, limits=Limits(per_run=10**9, pending=10**9))\n"
            "except MemoryError as exc:\n    print('stopped:', exc)\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=False,
                         cwd=ROOT, timeout=HANG_GUARD_S)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("stopped:")
    assert "of the cap of 350 MiB" in out.stdout
