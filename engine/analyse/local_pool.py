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

Stopping hard has one more wrinkle: the futures the sweep cancelled on its way out are
still in the pool's books, and when the manager thread then finds its workers dead it sets
an exception on each, which Python 3.11 refuses for a cancelled future
(``InvalidStateError``, printed as a thread's traceback under the "interrupted" line; seen
in 3 of 4 SIGTERMs of ``accord compare --runs``). That error, from the manager thread of a
pool stopped hard, and only that one, is not printed: the command has already said what
happened.

The pool's processes and result queue are private attributes of ``ProcessPoolExecutor``;
they are read with ``getattr`` and a default, so a Python that renames them loses only
this watch, not the sweep.
"""

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import signal
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

from engine.analyse.distributed import WatchedExecutor
from engine.errors import ExecutionError


@contextlib.contextmanager
def local_pool(workers: int, initializer: Callable[..., None], initargs: tuple[Any, ...],
               what: str = "sweep", start: str | None = None) -> Iterator[cf.Executor]:
    """A process pool of ``workers`` processes, watched; shut down in order on success, stopped
    hard when the block raises (ExecutionError from its watch, an interrupt, any error).
    ``what`` names the work in the error (``sweep``, ``forecast``); ``start`` is the start
    method (None: the platform's, fork on Linux; ``spawn`` from a process whose other threads
    hold locks a fork would copy held, such as ``accord serve``)."""
    context = multiprocessing.get_context(start) if start else None
    pool = cf.ProcessPoolExecutor(max_workers=workers, initializer=initializer, initargs=initargs,
                                  mp_context=context)
    try:
        yield WatchedExecutor(pool, lambda: watch(pool, what))
    except BaseException:
        stop_hard(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def watch(pool: cf.ProcessPoolExecutor, what: str = "sweep") -> None:
    """Raise ExecutionError if one of the pool's workers has ended (workers end only when
    the pool shuts down, so an ended worker was killed or crashed)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        code = process.exitcode
        if code is not None:
            how = f"killed by signal {-code}" if code < 0 else f"ended with exit code {code}"
            raise ExecutionError(f"a worker failed while playing runs (a worker process was {how}: killed, or out "
                                 f"of memory?); the {what} was stopped and nothing was written")


def stop_hard(pool: cf.ProcessPoolExecutor) -> None:
    """Kill the pool's workers, leave the call queue's feeder thread behind at exit, close the
    result pipe's writing end (so a manager thread waiting in ``recv`` reads end-of-file), and
    shut the pool down without waiting."""
    _quiet(getattr(pool, "_executor_manager_thread", None))  # first: the workers' death wakes it
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGKILL)
    calls = getattr(pool, "_call_queue", None)
    if calls is not None:  # its feeder thread may be stuck writing to the dead workers' full pipe:
        calls.cancel_join_thread()  # the process must not wait for it at exit (it hung after Ctrl-C)
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        with contextlib.suppress(OSError):
            writer.close()
    pool.shutdown(wait=False, cancel_futures=True)


_STOPPED: "weakref.WeakSet[threading.Thread]" = weakref.WeakSet()
_previous_hook = threading.excepthook


def _quiet(thread: threading.Thread | None) -> None:
    """Keep the InvalidStateError of this stopped pool's manager thread from being printed."""
    if thread is None:
        return
    _STOPPED.add(thread)
    threading.excepthook = _hook


def _hook(args: "threading.ExceptHookArgs") -> None:
    if args.thread in _STOPPED and args.exc_type is not None and issubclass(args.exc_type, cf.InvalidStateError):
        return
    _previous_hook(args)
