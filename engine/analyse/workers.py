"""What a local sweep worker process does first: take its own signal handlers, and die with
the command that started it.

Workers are forked from the command, so they start with its signal handlers; accord's
SIGTERM handler (``engine/cli/program.py``) turns SIGTERM into an orderly stop that a worker
would catch and report as a failed batch instead of ending, and the process pool, which
ends a broken pool's workers with SIGTERM, then waited for ever. A worker therefore
restores the default SIGTERM (it ends) and ignores SIGINT (Ctrl-C is the command's to handle).

No worker outlives the command. On Linux the kernel kills a worker the moment its parent
dies (``prctl(PR_SET_PDEATHSIG, SIGKILL)``): nothing to poll, and it works even while the
worker is deep in a run. Elsewhere a daemon thread checks every ``WATCH_S`` seconds whether
the parent is still the one that started it. A worker holds nothing to clean up (it writes
no files), so SIGKILL is safe.
"""

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCH_S = 1.0


def start_worker(parent: int) -> None:
    """Signal handlers and the parent watch of a worker process started by ``parent`` (a pid)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _die_with_parent_linux():
        threading.Thread(target=_watch, args=(parent,), name="accord-parent-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch was set
        _die()


def _die_with_parent_linux() -> bool:
    """Ask the kernel for SIGKILL when the parent dies; False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_S)
    _die()


def _die() -> None:
    """End this worker as the kernel's parent-death signal would (only the CLI exits)."""
    os.kill(os.getpid(), signal.SIGKILL)
