"""Running a sweep on a Dask cluster (optional extra ``accord[dask]``).

``Client.get_executor(pure=False)`` gives a ``concurrent.futures.Executor``, so the sweep
code is the same as for local processes; seeds are explicit, so results are identical.
"""

import concurrent.futures as cf
import contextlib
from collections.abc import Iterator

from engine.errors import ExecutionError

CONNECT_TIMEOUT_S = 5.0  # seconds; `accord sweep --dask-timeout` overrides it


@contextlib.contextmanager
def dask_executor(address: str, timeout: float = CONNECT_TIMEOUT_S) -> Iterator[cf.Executor]:
    """An executor on the Dask scheduler at ``address``; a clear error if it does not answer."""
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
        yield client.get_executor(pure=False)  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]
