"""Memory headroom: stop a growing run while memory is still left to stop it with.

A process with a cap on its address space (``ulimit -v``, RLIMIT_AS, or RLIMIT_DATA) gets a
MemoryError when the cap is reached. Raised then, with no memory left, CPython 3.11 can
spin for minutes while it unwinds the stack: each handler on the way needs a small integer
object to record where it was, allocating it fails, and it tries again (tests/test_runaway.py
saw runs hang this way once in three or four on a loaded machine). So the run looks at its
own size every 1,024 events (``Simulation._guard_run``) and raises MemoryError itself while
``RESERVE`` bytes are still free under the cap: the stack then unwinds at once, the record is
freed, and the command says "out of memory" (exit 3).

Without a cap there is nothing to look at: Linux gives memory until its out-of-memory killer
ends the process, which no program can report.
"""

import os

try:
    import resource
except ImportError:  # not on Windows: no caps to read
    resource = None  # type: ignore[assignment]

RESERVE = 32 << 20  # bytes kept free under the cap: what unwinding and the message need
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_STATM = "/proc/self/statm"
_READABLE = resource is not None and os.path.exists(_STATM)  # once: caps() is asked at every run's start


Caps = tuple[int | None, int | None]  # (RLIMIT_AS, RLIMIT_DATA) soft limits in bytes; None: none


def caps() -> Caps | None:
    """The process's caps on its address space and on its data (bytes), or None when it has
    neither or they cannot be checked (no /proc: not Linux)."""
    if not _READABLE:
        return None
    found = tuple(_finite(resource.getrlimit(which)[0]) for which in (resource.RLIMIT_AS, resource.RLIMIT_DATA))
    return None if found == (None, None) else (found[0], found[1])


def _finite(limit: int) -> int | None:
    return None if limit == resource.RLIM_INFINITY or limit <= 0 else limit


def check(limits: Caps | None) -> None:
    """Raise MemoryError if the process's address space or data is within ``RESERVE`` bytes of
    its cap (``limits`` from ``caps``; None: no cap, nothing to do)."""
    if limits is None:
        return
    with open(_STATM, "rb") as statm:  # pages: size resident shared text lib data dirty
        fields = statm.read().split()
    for cap, used in zip(limits, (int(fields[0]) * _PAGE, int(fields[5]) * _PAGE), strict=True):
        if cap is not None and used > cap - RESERVE:
            raise MemoryError(f"{used >> 20} MiB in use, within {RESERVE >> 20} MiB of the cap of {cap >> 20} MiB")
