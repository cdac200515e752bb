"""Ctrl-C and SIGTERM stop a command in order, never half-way through loading a module or
through text run by exec() (cli/interrupts.py): there, CPython turns the interrupt into
another error, or kills the process with SIGINT after accord's orderly exit 130 (-2, the
flaky tests/test_faults.py::test_interrupted_run_leaves_old_reports[2])."""

import importlib
import os
import signal
import sys
import weakref
from collections.abc import Callable

import pytest

from engine.cli import interrupts


def _interrupt_self(signum: int = signal.SIGINT) -> None:
    os.kill(os.getpid(), signum)


def _then_call(run: Callable[[], object]) -> None:
    """``run``, then a function call (where a waiting interrupt is raised)."""
    run()
    _nothing()


def _nothing() -> None:
    return None


def test_an_interrupt_in_exec_text_waits_until_the_text_has_run():
    """SIGINT while exec() runs text (as dataclasses and namedtuple do) is raised after it."""
    seen: list[str] = []
    text = "kill()\nfor _ in range(1000):\n    pass\nseen.append('text ran')"

    def command() -> int:
        with pytest.raises(KeyboardInterrupt):
            _then_call(lambda: exec(text, {"kill": _interrupt_self, "seen": seen}))
        return 0

    with interrupts.handled():
        interrupts.running(command)
    assert seen == ["text ran"]


def test_an_interrupt_while_a_module_loads_waits_until_it_has_loaded(tmp_path, monkeypatch):
    """SIGINT while a module's code runs (an import) is raised once the import is done: the
    module is whole, not a half-made class turned into RuntimeError."""
    (tmp_path / "slow_module.py").write_text(
        "import os, signal\nos.kill(os.getpid(), signal.SIGINT)\nfor _ in range(1000):\n    pass\nLOADED = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "slow_module", raising=False)

    def command() -> int:
        with pytest.raises(KeyboardInterrupt):
            _then_call(lambda: importlib.import_module("slow_module"))
        return 0

    with interrupts.handled():
        interrupts.running(command)
    assert sys.modules["slow_module"].LOADED


def test_sigterm_is_interrupted():
    """SIGTERM raises Interrupted (a KeyboardInterrupt that knows its signal, for exit 143)."""

    def command() -> int:
        with pytest.raises(interrupts.Interrupted):
            _then_call(lambda: _interrupt_self(signal.SIGTERM))
        return 0

    with interrupts.handled():
        interrupts.running(command)


def test_outside_a_command_nothing_waits():
    """Exec'd text not within a command (a program run as `python -c`) is interrupted at
    once: only code above `running` makes a signal wait, so it never waits forever."""
    seen: list[str] = []
    text = "kill()\nfor _ in range(1000):\n    pass\nseen.append('text ran')"
    with interrupts.handled(), pytest.raises(KeyboardInterrupt):
        exec(text, {"kill": _interrupt_self, "seen": seen})
    assert seen == []


def test_signals_while_loading_are_taken_after():
    """Within `held`, SIGINT waits; it is raised when the block ends."""
    seen: list[str] = []

    def load() -> None:
        with interrupts.held():
            _then_call(_interrupt_self)
            seen.append("loaded")

    with interrupts.handled(), pytest.raises(KeyboardInterrupt):
        load()
    assert seen == ["loaded"]


def test_handlers_are_put_back():
    """After `handled`, the previous SIGINT and SIGTERM handlers are in place again."""
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    with interrupts.handled():
        pass
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_an_interrupt_swallowed_by_a_weakref_callback_is_raised_again() -> None:
    """A KeyboardInterrupt raised in a weakref callback (which Python reports as "ignored" and
    drops) is raised again at the next call: the command does not run on to exit 0."""
    class Target:
        pass

    def callback(_ref: object) -> None:
        raise KeyboardInterrupt

    def command() -> int:
        target = Target()
        ref = weakref.ref(target, callback)
        del target  # the callback runs here and its interrupt is swallowed
        _nothing()
        return 0 if ref() is None else 1

    with interrupts.handled(), pytest.raises(KeyboardInterrupt):
        interrupts.running(command)


def test_other_unraisable_errors_reach_the_previous_hook() -> None:
    """Only interrupts are raised again; another error in a callback goes where it went before."""
    seen: list[type[BaseException]] = []
    previous, sys.unraisablehook = sys.unraisablehook, lambda u: seen.append(type(u.exc_value))

    class Target:
        pass

    def callback(_ref: object) -> None:
        raise ValueError

    try:
        with interrupts.handled():
            target = Target()
            ref = weakref.ref(target, callback)
            del target
            assert ref() is None
    finally:
        sys.unraisablehook = previous
    assert seen == [ValueError]
