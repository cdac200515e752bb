"""Running a sweep on a Dask cluster (optional extra ``accord[dask]``).

``Client.get_executor(pure=False)`` gives a ``concurrent.futures.Executor``, so the sweep
code is the same as for local processes; seeds are explicit, so results are identical.

A cluster never leaves a sweep waiting in silence: the scheduler must answer within the
time-out (``--dask-timeout``), a worker must join within it too, and while the sweep runs
a cluster that has had no worker for that long (its last one died or left) stops the sweep
(``ExecutionError``, exit 4). A worker that dies while others remain is Dask's to handle:
its tasks are run again elsewhere (a task that kills several workers fails the sweep).
"""

import concurrent.futures as cf
import contextlib
import time
from collections.abc import Callable, Iterator
from typing import Any

from engine.errors import ExecutionError

CONNECT_TIMEOUT_S = 5.0  # seconds; `accord sweep --dask-timeout` overrides it


class WatchedExecutor(cf.Executor):
    """An executor with a ``watch()`` the sweep calls while it waits (every second or so with
    no batch finished); ``watch`` raises ExecutionError when no progress is possible."""

    def __init__(self, inner: cf.Executor, watch: Callable[[], None]) -> None:
        self.inner = inner
        self.watch = watch

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        """Submit to the inner executor."""
        return self.inner.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Shut the inner executor down."""
        self.inner.shutdown(wait=wait, cancel_futures=cancel_futures)


class _NoWorkerWatch:
    """Fails once the cluster has had no worker for ``timeout`` seconds."""

    def __init__(self, client: Any, address: str, timeout: float) -> None:
        self.client, self.address, self.timeout = client, address, timeout
        self.since: float | None = None

    def __call__(self) -> None:
        if self._workers():
            self.since = None
            return
        now = time.monotonic()
        if self.since is None:
            self.since = now
        elif now - self.since >= self.timeout:
            raise ExecutionError(f"--dask {self.address}: the cluster has had no worker for {self.timeout:g} s "
                                 "(the last one died or left); the sweep was stopped and nothing was written")

    def _workers(self) -> bool:
        if self.client.status != "running":  # the scheduler is gone: the client is reconnecting
            return False
        try:
            return bool(self.client.scheduler_info(n_workers=1)["workers"])
        except (OSError, TimeoutError):
            return False


@contextlib.contextmanager
def dask_executor(address: str, timeout: float = CONNECT_TIMEOUT_S) -> Iterator[cf.Executor]:
    """An executor on the Dask scheduler at ``address`` with at least one worker; a clear
    error if the scheduler does not answer or no worker joins within ``timeout`` seconds."""
    try:
        from distributed import Client  # noqa: PLC0415 - optional dependency, imported on demand
    except ImportError:
        raise ExecutionError("--dask needs the optional extra: pip install 'accord[dask]'") from None
    try:
        client = Client(  # type: ignore[no-untyped-call]
            address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ExecutionError(f"--dask {address}: the scheduler did not answer within {timeout:g} s ({exc})") from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):  # WorkerStartTimeoutError is a TimeoutError
            raise ExecutionError(f"--dask {address}: the cluster has no worker (none joined within {timeout:g} s); "
                                 "nothing was run") from None
        inner = client.get_executor(pure=False)  # type: ignore[no-untyped-call]
        yield WatchedExecutor(inner, _NoWorkerWatch(client, address, timeout))
    finally:
        with contextlib.suppress(OSError, TimeoutError):
            client.close(timeout=timeout)  # type: ignore[no-untyped-call]


Pool = contextlib.AbstractContextManager[cf.Executor]


def dask_or_local(dask: str | None, timeout: float, local: Callable[[], Pool]) -> Pool:
    """The executor of ``--dask ADDRESS`` (``dask_executor``), else ``local()`` (a local pool);
    either is shut down on the way out of the ``with``."""
    return dask_executor(dask, timeout) if dask else local()
