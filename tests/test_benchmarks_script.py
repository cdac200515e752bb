"""The benchmark script stays runnable: it imports engine modules by path, which the type
checker and the other tests do not cover."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_script_loads() -> None:
    """`python benchmarks/run.py --help` imports everything it uses and exits 0."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0, done.stderr
