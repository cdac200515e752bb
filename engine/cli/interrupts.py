"""How Ctrl-C (SIGINT) and SIGTERM stop a command: as a KeyboardInterrupt (``Interrupted``
for SIGTERM) that ``program`` catches, says so and exits 128 + N; never half-way through
loading a module.

Python raises the interrupt wherever the main thread is, and two places turn it into
something else:

- loading a module: class creation wraps an exception from ``__set_name__`` in
  RuntimeError, and some extension modules report ImportError("initialization failed"):
  a traceback and exit 1, as if accord had a bug;
- text run by ``exec()`` (the standard library's dataclasses and namedtuple build their
  classes so, while modules load): CPython 3.11 then marks the interrupt as unhandled even
  though accord catches it, and once accord has stopped in order with exit 130, kills the
  process with SIGINT instead (a parent sees -2: tests/test_faults.py saw it about once in
  ten runs under load, when Ctrl-C came while a run's writers were being loaded).

So the signal waits there. While a command loads (arguments, the modules its run
imports), ``held`` blocks both signals; one that came is taken when loading ends (under a
second). While a command runs, ``stop`` sends the signal again when the code under way
(above ``running``) is loading a module or running text from ``exec()``: the interrupt
is raised in the first function called once that code has returned (microseconds for exec'd text,
milliseconds for an import). A signal that comes while the interpreter itself starts,
before accord's first line, cannot be handled by accord.
"""

import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM)
# Code whose interruption would not reach accord as itself (see above).
_LOADING = ("<string>", "<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>")


class Interrupted(KeyboardInterrupt):
    """SIGTERM, turned into the same orderly stop as Ctrl-C (SIGINT)."""

    signum = signal.SIGTERM


def running(command: Callable[[], int]) -> int:
    """Run ``command``; its frame marks how far up ``stop`` looks for loading code (a program
    run as ``python -c`` is itself ``<string>`` text, and must not hold signals forever)."""
    return command()


def stop(signum: int, frame: FrameType | None) -> None:
    """The handler of SIGINT and SIGTERM: raise KeyboardInterrupt (SIGINT) or Interrupted
    (SIGTERM), unless the code under way is loading: then at the first call made by code
    that is not (``_when_loaded``)."""
    if _loading(frame):
        _waiting.append(signum)
        sys.setprofile(_when_loaded)
        return
    raise _interrupt(signum)


_waiting: list[int] = []  # the signal that waits for loading code to return


def _when_loaded(frame: FrameType, event: str, _arg: object) -> None:
    """A profile function, set while a signal waits: it raises the interrupt in the first
    function called outside loading code. (Re-sending the signal instead would call the
    handler again inside itself: Python checks for signals right after each call.)"""
    if event in ("call", "c_call") and not _loading(frame):
        sys.setprofile(None)
        raise _interrupt(_waiting.pop())


def _interrupt(signum: int) -> KeyboardInterrupt:
    return Interrupted() if signum == signal.SIGTERM else KeyboardInterrupt()


def _loading(frame: FrameType | None) -> bool:
    loading = False
    while frame is not None:
        if frame.f_code is running.__code__:
            return loading
        loading = loading or frame.f_code.co_filename in _LOADING
        frame = frame.f_back
    return False  # not within a command: nothing to wait for


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """``stop`` handles SIGINT and SIGTERM within the block (the previous handlers after it),
    and an interrupt that Python swallowed is raised again (``_swallowed``)."""
    previous = {signum: signal.signal(signum, stop) for signum in HANDLED}
    hook, sys.unraisablehook = sys.unraisablehook, _swallowed(sys.unraisablehook)
    try:
        yield
    finally:
        sys.unraisablehook = hook
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _swallowed(hook: Callable[[Any], object]) -> Callable[[Any], None]:
    """An unraisable-exception hook: an interrupt raised where Python cannot raise it — in a
    weakref callback or a ``__del__``, which the signal can land in at any allocation — is
    raised again in the first function called after (``_when_loaded``); it was lost, and the
    command ran on to exit 0 (tests/test_faults.py saw it once in 25: a KeyboardInterrupt
    "ignored" in weakref.py's ``remove``). Any other exception goes to ``hook``."""
    def again(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _waiting.append(signal.SIGTERM if isinstance(unraisable.exc_value, Interrupted) else signal.SIGINT)
            sys.setprofile(_when_loaded)
            return
        hook(unraisable)
    return again


@contextlib.contextmanager
def held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block ends (then they are taken, by ``stop`` if it
    handles them). Windows has no signal masks: there they are taken at once."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, set(HANDLED))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
