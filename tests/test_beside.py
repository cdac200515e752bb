"""Jobs beside this process (engine/render/beside.py): the result is the same whether a forked
child or this process ran the job, and a job that fails in the child is run here."""

import os

import pytest

from engine.render import beside
from engine.render.beside import Beside


def test_a_job_runs_in_a_child_and_its_result_comes_back() -> None:
    """With fork available, the job runs in another process; its result is returned here."""
    if not beside.can_fork():
        pytest.skip("this platform does not fork")
    here = os.getpid()
    job = Beside(lambda: (os.getpid(), b"\x89PNG" * 1000))
    pid, data = job.result()
    assert pid != here
    assert data == b"\x89PNG" * 1000


def test_without_fork_the_job_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where forking is not safe the same job runs in this process, with the same result."""
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    here = os.getpid()
    assert Beside(lambda: (os.getpid(), "svg")).result() == (here, "svg")


def test_a_job_that_fails_in_the_child_is_run_here() -> None:
    """A child that fails sends nothing useful: the job runs again here (and would raise here)."""
    if not beside.can_fork():
        pytest.skip("this platform does not fork")
    parent = os.getpid()

    def only_here() -> int:
        if os.getpid() != parent:
            raise RuntimeError("fails in the child")
        return 7

    assert Beside(only_here).result() == 7


def test_an_error_of_the_job_reaches_the_caller() -> None:
    """A job that fails everywhere raises its own error from result(), not a pipe error."""
    def broken() -> None:
        raise ValueError("bad chart")

    job = Beside(broken)
    with pytest.raises(ValueError, match="bad chart"):
        job.result()
