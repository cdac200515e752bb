"""A sweep never hangs and leaves no process behind (issue 13, item 5), on local processes.

Each test drives `accord sweep` in a child process (so accord's own SIGTERM handler is in
place, as in real use) and kills a worker or the command itself. Time-outs here only guard
against a hang; nothing asserts how fast things happen."""

import concurrent.futures as cf
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.analyse.sweep import warm_worker
from engine.cli import interrupts
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = str(ROOT / "scenarios" / "renewed_attack.yaml")  # slow enough to kill mid-sweep
HANG_GUARD_S = 60


def children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux /proc)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("needs /proc/<pid>/task/<pid>/children")
    return [int(x) for x in path.read_text().split()]


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie awaiting its reaper)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def start_sweep(tmp_path: Path, workers: int = 2, per_run: bool = True) -> subprocess.Popen[str]:
    """`accord sweep` with many runs (it would take minutes) and its output folder in tmp_path."""
    argv = [sys.executable, "-m", "engine", "sweep", SCENARIO, "--runs", "200000", "--workers", str(workers),
            "--no-charts", "-q", "--out", str(tmp_path / "out")]
    if per_run:
        argv += ["--per-run", str(tmp_path / "runs.csv")]
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})


def wait_for_workers(proc: subprocess.Popen[str], n: int) -> list[int]:
    """The pids of the sweep's worker processes, once ``n`` of them run."""
    deadline = time.monotonic() + HANG_GUARD_S
    while time.monotonic() < deadline:
        found = children(proc.pid)
        if len(found) >= n:
            time.sleep(0.5)  # let them take batches
            return found
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the sweep never started its workers")


def finish(proc: subprocess.Popen[str], workers: list[int]) -> tuple[int, str]:
    """Exit code and stderr of the sweep; on a hang, kill it and its workers, and fail."""
    try:
        _, err = proc.communicate(timeout=HANG_GUARD_S)
    except subprocess.TimeoutExpired:
        for pid in [proc.pid, *workers]:
            kill(pid)
        proc.communicate()
        pytest.fail("the sweep hung")
    return proc.returncode, err


def kill(pid: int) -> None:
    """SIGKILL ``pid`` if it still exists (cleanup after a failed check)."""
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def assert_all_gone(pids: list[int]) -> None:
    """Every pid ends (within the hang guard); survivors are killed and the test fails."""
    deadline = time.monotonic() + HANG_GUARD_S
    while any(running(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = [p for p in pids if running(p)]
    for p in alive:
        kill(p)
    assert alive == [], "worker processes outlived the sweep"


def test_a_killed_worker_ends_the_sweep_with_exit_4(tmp_path):
    """kill -9 of one worker (as the OOM killer does): the sweep exits 4 with a message naming
    the runs it lost, writes nothing, and leaves no worker behind."""
    proc = start_sweep(tmp_path)
    workers = wait_for_workers(proc, 2)
    os.kill(workers[0], signal.SIGKILL)
    code, err = finish(proc, workers)
    assert code == 4, err
    assert "accord: error: a worker failed while playing runs" in err
    assert "Traceback" not in err
    assert os.listdir(tmp_path) == []  # no output folder, no per-run file, no temporary
    assert_all_gone(workers)


def test_workers_die_with_a_killed_sweep(tmp_path):
    """kill -9 of the command itself: its workers do not stay behind."""
    proc = start_sweep(tmp_path)
    workers = wait_for_workers(proc, 2)
    proc.kill()
    proc.communicate(timeout=HANG_GUARD_S)
    assert_all_gone(workers)


@pytest.mark.parametrize(("signum", "workers"), [(signal.SIGTERM, 2), (signal.SIGINT, 4), (signal.SIGTERM, 4)])
def test_a_signal_stops_the_sweep_and_its_workers(tmp_path, signum, workers):
    """SIGTERM or Ctrl-C to the command: exit 128+N (interrupted), nothing written, no worker
    left; with four workers the pool's queue feeder was stuck writing to dead workers and the
    process hung at exit after printing "interrupted"."""
    proc = start_sweep(tmp_path, workers, per_run=False)  # (with --per-run it did not hang)
    pids = wait_for_workers(proc, workers)
    time.sleep(2)  # batches under way and queued: the feeder's pipe fills once the workers are gone
    proc.send_signal(signum)
    code, err = finish(proc, pids)
    assert code == 128 + signum, err
    assert "interrupted" in err
    assert not (tmp_path / "out").exists()
    assert_all_gone(pids)


def _signals() -> tuple[object, object]:
    return signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)


def test_workers_take_the_default_sigterm_not_accords(monkeypatch):
    """A worker forked while accord's SIGTERM handler is installed ends on SIGTERM (default
    action) and leaves Ctrl-C to the command (ignored)."""
    previous = signal.signal(signal.SIGTERM, interrupts.stop)
    try:
        with cf.ProcessPoolExecutor(1, initializer=warm_worker, initargs=(str(DATA / "sweep_scenario.yaml"), (None,),
                                                                          os.getpid())) as pool:
            term, intr = pool.submit(_signals).result(timeout=HANG_GUARD_S)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert term == signal.SIG_DFL
    assert intr == signal.SIG_IGN


class _BrokenPool(cf.Executor):
    """A pool whose worker died before the next batch was handed over."""

    def submit(self, fn, /, *args, **kwargs):
        raise cf.process.BrokenProcessPool("A child process terminated abruptly")


def test_a_pool_broken_when_a_batch_is_handed_over_is_exit_4_too():
    """The worker may die between two batches: the pool then refuses the next one, and that
    too is a lost worker (ExecutionError, exit 4), not a traceback."""
    from engine.analyse.sweep import sweep  # noqa: PLC0415
    from engine.analyse.sweep_plan import make_plan  # noqa: PLC0415
    from engine.errors import ExecutionError  # noqa: PLC0415

    plan, _ = make_plan(str(DATA / "sweep_scenario.yaml"), 10, None, None)
    with pytest.raises(ExecutionError, match="a worker failed while playing runs 0-"):
        sweep(plan, _BrokenPool())


def test_sigterm_during_a_sampled_compare_prints_one_line(tmp_path):
    """SIGTERM to `accord compare --runs`: exit 143 and the one "interrupted" line, no thread's
    traceback after it (the pool's manager thread once printed InvalidStateError, 5 times in 6)."""
    argv = [sys.executable, "-m", "engine", "compare", SCENARIO, "--runs", "1000000", "--workers", "2",
            "--no-charts", "-q", "--out", str(tmp_path / "out")]
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    workers = wait_for_workers(proc, 2)
    proc.send_signal(signal.SIGTERM)
    code, err = finish(proc, workers)
    assert code == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()
    assert_all_gone(workers)
