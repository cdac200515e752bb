"""Standard output's reader gone (``accord run S | head -1``): the command stops printing,
quietly (nothing on stderr), exits 141 (128 + SIGPIPE) and its files are whole. The pipe is
real and its read end is closed before accord writes a byte, so every write meets EPIPE."""

import json
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


def test_play_into_head_journals_every_command_and_writes_the_files_at_end(tmp_path):
    """`printf … | accord play S | head -1` (the session prints as it plays): the reader goes
    after one line, yet every command is journaled, the files are written at `end`, exit 141."""
    from play_helpers import EXERCISE  # noqa: PLC0415

    out = tmp_path / "out"
    script = "next\\nstatus all\\nnext\\nnote seen\\nnext\\nend\\n"
    shell = (f"printf '{script}' | {sys.executable} -m engine play {EXERCISE} --out {out} | head -1 >/dev/null; "
             'echo "${PIPESTATUS[1]}"')
    done = subprocess.run(["bash", "-c", shell], cwd=ROOT, capture_output=True, text=True, check=False, timeout=300)
    assert (done.stdout.strip(), done.stderr) == (str(CLOSED), "")
    journaled = [json.loads(x)["cmd"] for x in (out / "journal.jsonl").read_text().splitlines()[1:]]
    assert journaled == ["next", "next", "note seen", "next", "end"]
    assert json.loads((out / "results.json").read_text())["scenario"]
    assert (out / "facilitation.json").exists()


def test_serve_into_a_closed_pipe_keeps_serving(tmp_path):
    """`accord serve S | head -1`: the links go nowhere, but the server serves on until Ctrl-C
    (then 130: the signal tells more than the closed pipe)."""
    import signal  # noqa: PLC0415
    import time  # noqa: PLC0415
    import urllib.error  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    from play_helpers import EXERCISE  # noqa: PLC0415
    from serve_helpers import free_port  # noqa: PLC0415

    port = free_port()
    read_end, write_end = os.pipe()
    os.close(read_end)
    proc = subprocess.Popen([sys.executable, "-m", "engine", "serve", EXERCISE, "--out", str(tmp_path / "out"),
                             "--port", str(port)], cwd=ROOT, stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    deadline = time.monotonic() + 60
    answered = False  # an HTTP answer (any) means uvicorn serves, so the links were printed before
    while not answered and proc.poll() is None and time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).close()
            answered = True
        except urllib.error.HTTPError:
            answered = True
        except OSError:
            time.sleep(0.1)
    alive = answered and proc.poll() is None
    proc.send_signal(signal.SIGINT)
    assert (alive, proc.wait(timeout=30)) == (True, 130)
    assert (tmp_path / "out" / "journal.jsonl").exists()
    proc.stderr.close()
