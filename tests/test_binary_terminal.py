"""Binary output (an XLSX workbook) never goes to a terminal: exit 2 with one line saying to
give --out FILE or redirect; redirected to a file or pipe it is written as usual. The
terminal is a real pseudo-terminal."""

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "scenarios/mnf_deployment.yaml"
ZIP = b"PK\x03\x04"  # every XLSX workbook is a ZIP package


def on_terminal(*argv: str) -> tuple[int, bytes, bytes]:
    """Run ``accord ARGV`` with standard output a pseudo-terminal: (exit code, what reached the
    terminal, stderr)."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "engine", *argv], cwd=ROOT, stdout=follower,
                              stderr=subprocess.PIPE, check=False, timeout=120)
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 1 << 16)
        except BlockingIOError:
            shown = b""
    finally:
        os.close(follower)
        os.close(leader)
    return proc.returncode, shown, proc.stderr


def test_xlsx_to_a_terminal_is_refused():
    """`accord msel S --format xlsx` on a terminal: exit 2, one line on stderr, no byte shown."""
    code, shown, err = on_terminal("msel", SCENARIO, "--format", "xlsx")
    assert (code, shown, len(err.splitlines())) == (2, b"", 1)
    assert b"--out FILE" in err


def test_xlsx_to_a_terminal_device_path_is_refused():
    """`--out /dev/stdout` when that is a terminal: exit 2, no byte shown."""
    code, shown, _ = on_terminal("msel", SCENARIO, "--format", "xlsx", "--out", "/dev/stdout")
    assert (code, shown) == (2, b"")


def test_text_to_a_terminal_is_shown():
    """The CSV MSEL (text) still prints on a terminal: exit 0."""
    code, shown, _ = on_terminal("msel", SCENARIO)
    assert code == 0
    assert b"I-01" in shown


@pytest.mark.parametrize("argv", [["--out", "-"], []])
def test_xlsx_to_a_pipe_is_written(argv):
    """Redirected to a pipe, the workbook arrives whole: exit 0, a ZIP package."""
    proc = subprocess.run([sys.executable, "-m", "engine", "msel", SCENARIO, "--format", "xlsx", *argv], cwd=ROOT,
                          capture_output=True, check=False, timeout=120)
    assert (proc.returncode, proc.stdout[:4]) == (0, ZIP)


def test_xlsx_to_a_redirected_file_is_written(tmp_path):
    """Redirected to a file (`> x.xlsx`), the workbook is written: exit 0, a ZIP package."""
    target = tmp_path / "x.xlsx"
    with target.open("wb") as f:
        proc = subprocess.run([sys.executable, "-m", "engine", "msel", SCENARIO, "--format", "xlsx"], cwd=ROOT,
                              stdout=f, check=False, timeout=120)
    assert (proc.returncode, target.read_bytes()[:4]) == (0, ZIP)
