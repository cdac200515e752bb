"""accord sweep --dask: the same bytes on a Dask LocalCluster as with local processes."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.cli import main
from tests.conftest import DATA

distributed = pytest.importorskip("distributed", reason="dask[distributed] (extra accord[dask]) is not installed")

SCENARIO = str(DATA / "sweep_scenario.yaml")
ROOT = Path(__file__).resolve().parents[1]


def _args(out: Path) -> list[str]:
    return ["sweep", SCENARIO, "--runs", "80", "--variants", "all", "--seed", "5", "--no-charts", "-q",
            "--out", str(out)]


def test_dask_local_cluster_matches_local_run(tmp_path: Path) -> None:
    """sweep.json from a two-process LocalCluster equals the --workers 2 run byte for byte."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=":0") as cluster:
        assert main([*_args(tmp_path / "dask"), "--dask", cluster.scheduler_address]) == 0
        assert "run_batch" in cluster.scheduler.task_prefixes  # the batches really ran on the cluster
    assert main([*_args(tmp_path / "local"), "--workers", "2"]) == 0
    assert (tmp_path / "dask" / "sweep.json").read_bytes() == (tmp_path / "local" / "sweep.json").read_bytes()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_fails_within_dask_timeout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A scheduler that does not answer within --dask-timeout: exit 4, a message naming address and time-out, no files."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    t0 = time.monotonic()
    code = main([*_args(tmp_path / "x"), "--dask", address, "--dask-timeout", "0.5"])
    assert code == 4
    assert time.monotonic() - t0 < 30  # a guard against hanging, not a timing claim
    assert f"--dask {address}: the scheduler did not answer within 0.5 s" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


HANG_GUARD_S = 120


def _sweep_process(address: str, out: Path, *extra: str) -> subprocess.Popen[str]:
    """`accord sweep --dask ADDRESS` in a child process (a hang fails the test, not the suite)."""
    argv = [sys.executable, "-m", "engine", "sweep", str(ROOT / "scenarios" / "renewed_attack.yaml"),
            "--runs", "100000", "--no-charts", "-q", "--out", str(out), "--dask", address, *extra]
    return subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, err = proc.communicate(timeout=HANG_GUARD_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the sweep waited in silence")
    return proc.returncode, err


def test_a_cluster_without_workers_fails_with_exit_4(tmp_path: Path) -> None:
    """A scheduler that answers but has no worker: exit 4 after --dask-timeout with a message,
    never a silent wait; nothing written."""
    with distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=":0") as cluster:
        code, err = _finish(_sweep_process(cluster.scheduler_address, tmp_path / "x", "--dask-timeout", "1"))
    assert code == 4
    assert f"--dask {cluster.scheduler_address}: the cluster has no worker" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()


def _start_worker(address: str) -> subprocess.Popen[bytes]:
    """A Dask worker process of its own (no nanny to restart it), as on a real cluster."""
    return subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--no-nanny",
                             "--nthreads", "1", "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_cluster_that_loses_its_last_worker_fails_with_exit_4(tmp_path: Path) -> None:
    """The only worker is killed mid-sweep (kill -9): the sweep exits 4 with a message once the
    cluster has been without a worker for --dask-timeout, instead of waiting for ever."""
    with distributed.LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address=":0") as cluster:
        worker = _start_worker(cluster.scheduler_address)
        try:
            proc = _sweep_process(cluster.scheduler_address, tmp_path / "x", "--dask-timeout", "2")
            deadline = time.monotonic() + HANG_GUARD_S
            while "run_batch" not in cluster.scheduler.task_prefixes and time.monotonic() < deadline:
                time.sleep(0.02)
            assert "run_batch" in cluster.scheduler.task_prefixes, "the sweep never reached the worker"
            worker.kill()
            code, err = _finish(proc)
        finally:
            worker.kill()
            worker.wait(timeout=60)
    assert code == 4
    assert "the cluster has had no worker for 2 s" in err
    assert "Traceback" not in err
    assert not (tmp_path / "x").exists()
