"""The command line: ``accord COMMAND …`` (also ``python -m engine``).

The only module that reads argv, prints and chooses exit codes: 0 ok, 1 a bug (with its
traceback), 2 invalid input or usage, 3 a run stopped by a guard (or by running out of
memory), 4 a sweep that could not run (a worker died, a cluster did not answer), 128+N a
command stopped by signal N (130 Ctrl-C, 143 SIGTERM, 141 standard output's reader gone:
``engine.cli.stdout``). Each command lives in
its own ``engine/cli/<name>.py`` module with ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; those modules import heavy libraries (matplotlib, dask) inside
``run`` only, so start-up stays fast (the program imports those a command names in
``PRELOAD`` or ``preload(args)`` just before it runs, while the cyclic collector is off); and a command line
naming a command builds the parser of that command alone (``accord --help`` imports them
all).
"""

import argparse
import gc
import importlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any, NoReturn, TextIO

from engine.cli.interrupts import handled, held, running
from engine.errors import AccordError, InputError
from engine.version import __version__

EPILOG = ("Exit codes: 0 ok, 1 internal error, 2 invalid input or usage, 3 run stopped by a guard or out of memory, "
          "4 sweep could not run (worker died, cluster did not answer), 130/143 interrupted (Ctrl-C, SIGTERM), "
          "141 standard output closed by its reader.")
STDOUT_CLOSED = 128 + 13  # SIGPIPE's number on every Unix (the signal module has none on Windows)
COMMANDS = ("validate", "run", "reports", "play", "serve", "forecast", "msel", "explain", "compare", "sweep", "lint",
            "schema", "new")


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with our message shape and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"accord: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"engine.cli.{name}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``command``'s subcommand only, or every one (None)."""
    p = _Parser(prog="accord", description="Tabletop-exercise and scenario-simulation engine.", epilog=EPILOG)
    p.add_argument("--version", action="version", version=f"accord {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for name in (command,) if command in COMMANDS else COMMANDS:
        module = _module(name)
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP, epilog=EPILOG))
    return p


def entry() -> NoReturn:
    """The ``accord`` program (console script and ``python -m engine``): ``main`` in a
    process of its own."""
    # Loading a command creates tens of thousands of long-lived objects (modules, classes,
    # pydantic's validators) and no garbage, and the cyclic collector would walk them over
    # and over (~10 ms of `accord validate`). So it is off while the command loads (its
    # module, then, once the arguments are known to be good, the modules its run() imports,
    # listed in PRELOAD), and what loaded is then frozen out of its sight; the process ends
    # with the command.
    sys.stdout = _Stdout(sys.stdout)  # a closed pipe stops the printing, not the work
    try:
        code = _started()
        sys.stdout.flush()  # here, not at the interpreter's exit, where a closed pipe would be "ignored"
    except BrokenPipeError:  # --help or --version into a closed pipe
        code = reader_gone()
    sys.exit(code)


class _Stdout:
    """Standard output (text), except that a reader gone (BrokenPipeError) sends it to
    os.devnull (``reader_gone``) instead of stopping the command: ``accord play`` prints as it
    plays, and must still journal every command and write its files at ``end``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        """Write ``text``; into a closed pipe, nowhere."""
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            reader_gone()
            return len(text)

    def flush(self) -> None:
        """Flush; into a closed pipe, nowhere."""
        try:
            self._stream.flush()
        except BrokenPipeError:
            reader_gone()
            self._stream.flush()  # what was pending goes to os.devnull, so the last flush at exit is quiet

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _started() -> int:
    with handled():  # SIGINT and SIGTERM stop the command in order (cli/interrupts.py)
        gc.disable()
        try:
            with held():  # a signal while the command loads is taken once it has loaded
                args = parse(None)
                preload(args)
        except KeyboardInterrupt as exc:  # Ctrl-C while the command loaded: nothing was written yet
            print("accord: interrupted", file=sys.stderr)
            return 128 + int(getattr(exc, "signum", signal.SIGINT))
        except SystemExit as exc:  # --help, --version and usage errors
            return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else 2
        finally:
            gc.freeze()
            gc.enable()
        return execute(args)


_gone: list[bool] = []  # standard output's reader has gone, in this command


def reader_gone() -> int:
    """Standard output's reader has gone (``accord run S | head -1``): from now on what is
    printed goes nowhere (also the interpreter's last flush), quietly; the command goes on to
    its end and then exits 141 as Unix tools do (128 + SIGPIPE). Python ignores SIGPIPE, so
    the write raised BrokenPipeError instead."""
    _gone.append(True)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return STDOUT_CLOSED


def preload(args: argparse.Namespace) -> None:
    """Import the modules the command's run() will import, now rather than while it runs:
    the module's ``preload(args)`` (matplotlib only when charts are wanted) or its
    ``PRELOAD`` tuple. Help and usage errors, which exit while parsing, never load them."""
    module = _module(args.command)
    wanted = module.preload(args) if hasattr(module, "preload") else getattr(module, "PRELOAD", ())
    for name in wanted:
        importlib.import_module(name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    return execute(parse(argv))


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The parsed command line (``sys.argv`` if None); usage errors exit 2."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # Pydantic looks for plugins in the metadata of every installed distribution the first
    # time it builds a validator (~10 ms with 140 distributions); accord uses none. A user
    # who wants them sets PYDANTIC_DISABLE_PLUGINS themselves (empty: load them all).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    return build_parser(argv[0] if argv else None).parse_args(argv)


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command; return the exit code."""
    if threading.current_thread() is not threading.main_thread():
        return _run(args)  # only the main thread may install signal handlers
    with handled():
        return running(lambda: _run(args))


OUT_OF_MEMORY = ("accord: error: out of memory: the run grew past what this machine holds (a rule cascade? "
                 "lower --max-pending-events or --max-events, or shorten the horizon); nothing was written")


def _run(args: argparse.Namespace) -> int:
    try:
        return _command(args)
    except MemoryError:
        pass  # said below, once the exception (which holds the run's frames and records) is gone
    gc.collect()
    print(OUT_OF_MEMORY, file=sys.stderr)
    return 3


def _command(args: argparse.Namespace) -> int:
    reader = sys.modules.get("engine.read.safe_open")  # not loaded: nothing was read (and --help stays light)
    if reader is not None:
        reader.forget_inputs()  # what an earlier command in this process read is not this one's input
    _gone.clear()
    try:
        code: int = _module(args.command).run(args)
        if _gone and code == 0:  # the work is done; an error's own code tells more than a closed pipe
            return STDOUT_CLOSED
    except InputError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return exc.exit_code
    except AccordError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        # Output files are replaced all together or not at all (engine.render.output), so a stop
        # never leaves a half-written folder.
        print("accord: interrupted; no output was half-written", file=sys.stderr)
        return 128 + int(getattr(exc, "signum", signal.SIGINT))
    except BrokenPipeError:  # bytes written to standard output (msel, csv), after their files
        return reader_gone()
    return code
