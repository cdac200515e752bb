"""Standard output's reader gone (``accord run S | head -1``): the command stops printing,
quietly (nothing on stderr), exits 141 (128 + SIGPIPE) and its files are whole. The pipe is
real and its read end is closed before accord writes a byte, so every write meets EPIPE."""

import os
import subprocess
import sys
from pathlib import Path

from conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(DATA / "attack_day_ten.yaml")
CLOSED = 141


def accord(*argv: str, stdout: int) -> subprocess.CompletedProcess[bytes]:
    """Run ``accord ARGV`` in a process of its own, standard output to ``stdout``."""
    return subprocess.run([sys.executable, "-m", "engine", *argv], cwd=ROOT, stdout=stdout,
                          stderr=subprocess.PIPE, check=False, timeout=300)


def closed_stdout(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``accord ARGV`` with standard output a pipe whose reader has gone."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return accord(*argv, stdout=write_end)
    finally:
        os.close(write_end)


def test_run_files_are_whole_when_the_reader_goes(tmp_path):
    """`accord run` (rich tables, then "wrote" lines): exit 141, stderr empty, and its files
    byte-identical to those of the same run printed to a reader."""
    closed = closed_stdout("run", SCENARIO, "--out", str(tmp_path / "closed"))
    read = accord("run", SCENARIO, "--out", str(tmp_path / "read"), stdout=subprocess.DEVNULL)
    assert (closed.returncode, closed.stderr, read.returncode) == (CLOSED, b"", 0)
    for name in ("results.json", "events.csv", "report.md"):
        assert (tmp_path / "closed" / name).read_bytes() == (tmp_path / "read" / name).read_bytes()


def test_compare_exits_141_quietly(tmp_path):
    """`accord compare --runs 20` into a closed pipe: exit 141, stderr empty, compare.json written."""
    proc = closed_stdout("compare", SCENARIO, "--runs", "20", "--no-charts", "--out", str(tmp_path / "c"))
    assert (proc.returncode, proc.stderr) == (CLOSED, b"")
    assert (tmp_path / "c" / "compare.json").stat().st_size > 0


def test_plain_print_exits_141_quietly():
    """`accord validate` (one plain line, flushed as the program ends): exit 141, stderr empty."""
    proc = closed_stdout("validate", SCENARIO)
    assert (proc.returncode, proc.stderr) == (CLOSED, b"")


def test_bytes_to_standard_output_exit_141_quietly():
    """`accord msel S` (the CSV written as bytes to standard output): exit 141, stderr empty."""
    proc = closed_stdout("msel", SCENARIO)
    assert (proc.returncode, proc.stderr) == (CLOSED, b"")
