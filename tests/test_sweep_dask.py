"""accord sweep --dask: the same bytes on a Dask LocalCluster as with local processes."""

import socket
import time
from pathlib import Path

import pytest

from engine.cli import main
from tests.conftest import DATA

distributed = pytest.importorskip("distributed", reason="dask[distributed] (extra accord[dask]) is not installed")

SCENARIO = str(DATA / "sweep_scenario.yaml")


def _args(out: Path) -> list[str]:
    return ["sweep", SCENARIO, "--runs", "80", "--variants", "all", "--seed", "5", "--no-charts", "-q",
            "--out", str(out)]


def test_dask_local_cluster_matches_local_run(tmp_path: Path) -> None:
    """sweep.json from a two-process LocalCluster equals the --workers 2 run byte for byte."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
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
