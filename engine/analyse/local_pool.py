"""A local process pool that never leaves a sweep waiting on a worker that died.

CPython's ``ProcessPoolExecutor`` notices a dead worker in its manager thread and fails the
pool (``BrokenProcessPool``). But a worker killed while it writes a result longer than the
pipe's buffer leaves the manager thread in ``recv`` on a message that never ends: the
futures never fail and the sweep would wait for ever (seen in about one of ten ``kill -9``
of a worker in ``tests/test_sweep_processes.py``, Python 3.11; a py-spy dump showed the
manager thread in ``Connection._recv`` under ``wait_result_broken_or_wakeup``). So the
sweep also watches the workers itself (``watch``, called while no batch finishes), and a
pool left by an error is stopped hard: its workers killed and the result pipe's writing end
closed, so a manager thread stuck in ``recv`` reads end-of-file and ends.

The pool's processes and result queue are private attributes of ``ProcessPoolExecutor``;
they are read with ``getattr`` and a default, so a Python that renames them loses only
this watch, not the sweep.
"""

import concurrent.futures as cf
import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

from engine.analyse.distributed import WatchedExecutor
from engine.errors import ExecutionError


@contextlib.contextmanager
def local_pool(workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> Iterator[cf.Executor]:
    """A process pool of ``workers`` processes, watched; shut down in order on success, stopped
    hard when the block raises (ExecutionError from its watch, an interrupt, any error)."""
    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs)
    try:
        yield WatchedExecutor(pool, lambda: watch(pool))
    except BaseException:
        stop_hard(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def watch(pool: cf.ProcessPoolExecutor) -> None:
    """Raise ExecutionError if one of the pool's workers has ended (workers end only when
    the pool shuts down, so an ended worker was killed or crashed)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        code = process.exitcode
        if code is not None:
            how = f"killed by signal {-code}" if code < 0 else f"ended with exit code {code}"
            raise ExecutionError(f"a worker failed while playing runs (a worker process was {how}: killed, or out "
                                 "of memory?); the sweep was stopped and nothing was written")


def stop_hard(pool: cf.ProcessPoolExecutor) -> None:
    """Kill the pool's workers, close the result pipe's writing end (so a manager thread
    waiting in ``recv`` reads end-of-file), and shut the pool down without waiting."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGKILL)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    pool.shutdown(wait=False, cancel_futures=True)
