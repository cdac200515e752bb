"""Work done beside this process: each job in a forked child of its own, while this process
goes on (rendering the text files while the charts are drawn, say).

A forked child starts with a copy of everything this process has built (a chart's figure,
a run's record), so nothing is pickled on the way there; only the result comes back,
through a pipe. Where forking is not safe (not Linux, or threads are running) or a child
fails, the job runs here instead, when its result is asked for: the result is the same
either way, and so are the errors a job raises.
"""

import multiprocessing
import multiprocessing.connection
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Forking is safe here: Linux (macOS's system libraries are not fork-safe) and no other
    thread running (a fork copies only the calling thread, not the locks others hold)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class Beside(Generic[T]):
    """A job started in a forked child; ``result()`` waits for it (or runs it here)."""

    def __init__(self, job: Callable[[], T]) -> None:
        self._job = job
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: multiprocessing.connection.Connection | None = None
        if can_fork():
            ctx = multiprocessing.get_context("fork")
            reader, writer = ctx.Pipe(duplex=False)
            self._process = ctx.Process(target=_child, args=(job, writer), daemon=True)
            self._process.start()
            writer.close()  # the child holds the writing end; EOF here when it is gone
            self._conn = reader

    def result(self) -> T:
        """The job's result: the child's, or the job run here if there was no child or it failed."""
        if self._conn is not None and self._process is not None:
            try:
                ok, value = self._conn.recv()
            except EOFError:  # the child died without answering
                ok, value = False, None
            finally:
                self._conn.close()
                self._process.join()
            if ok:
                return value  # type: ignore[no-any-return]  # what _child sent: the job's T
        return self._job()


def _child(job: Callable[[], object], conn: multiprocessing.connection.Connection) -> None:
    """In the child: run the job and send (True, result), or (False, None) if it raised; the
    parent then runs it itself, so a bug shows its traceback there, once."""
    try:
        value = job()
    except BaseException:
        conn.send((False, None))
    else:
        conn.send((True, value))
    finally:
        conn.close()
