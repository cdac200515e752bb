"""The local pool's own watch of its workers (engine/analyse/local_pool.py): a killed worker
fails the sweep even when the pool itself never notices."""

import concurrent.futures as cf
import os
import signal
import socket
import time

import pytest

from engine.analyse.local_pool import local_pool, stop_hard, watch
from engine.errors import ExecutionError


def _nothing() -> None:
    """A worker initializer that does nothing."""


def _pids(ex) -> list[int]:
    return [p.pid for p in ex.inner._processes.values()]


def _started(ex) -> list[int]:
    ex.submit(time.sleep, 0).result(timeout=30)  # the pool starts its workers on first use
    return _pids(ex)


def test_watch_is_quiet_while_every_worker_lives():
    with local_pool(2, _nothing, ()) as ex:
        _started(ex)
        watch(ex.inner)


def _watch_for(ex, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ex.watch()
        time.sleep(0.05)


def test_watch_names_a_killed_worker():
    with local_pool(1, _nothing, ()) as ex:
        os.kill(_started(ex)[0], signal.SIGKILL)
        with pytest.raises(ExecutionError, match="signal 9"):
            _watch_for(ex, 30)


def test_stop_hard_ends_busy_workers_without_waiting_for_them():
    with local_pool(1, _nothing, ()) as ex:
        pool = ex.inner
        procs = [pool._processes[pid] for pid in _started(ex)]
        busy = pool.submit(time.sleep, 600)
        time.sleep(0.2)
        stop_hard(pool)
        for p in procs:
            p.join(timeout=30)
            assert p.exitcode == -signal.SIGKILL
        assert procs
        with pytest.raises((cf.CancelledError, cf.process.BrokenProcessPool)):  # either way it never ran to the end
            busy.result(timeout=30)


def test_a_spawned_pool_starts_fresh_interpreters():
    """start="spawn" (accord serve's forecasts): the worker is a new interpreter, not a fork of
    this one, which would carry this process's state (and a server's threads' locks, held).
    The state looked at: socket's default time-out, set here only."""
    before = socket.getdefaulttimeout()
    socket.setdefaulttimeout(123.0)
    try:
        with local_pool(1, _nothing, (), start="spawn") as ex:
            assert ex.submit(socket.getdefaulttimeout).result(timeout=120) is None
        with local_pool(1, _nothing, ()) as ex:
            assert ex.submit(socket.getdefaulttimeout).result(timeout=60) == 123.0
    finally:
        socket.setdefaulttimeout(before)
