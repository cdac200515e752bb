"""``accord play SCENARIO``: a facilitated exercise, step by step, journaled and resumable.

Commands come from the keyboard (with completion and history) when standard input is a
terminal, else one per line from standard input. ``--handout FILE`` writes the players'
situation manual instead of playing. The session itself is set up in ``cli/sessions``, shared
with ``accord serve``.
"""

import argparse
import io
import os
import signal
import stat
import sys
from collections.abc import Callable
from typing import Any

from engine.cli.outputs import write_or_print
from engine.cli.sessions import Opened, add_session_arguments, load, open_session, session_files
from engine.cli.values import count, workers
from engine.errors import one_line
from engine.render.output import write_files

HELP = "run a facilitated exercise step by step (journaled, resumable)"
SESSION = ("engine.api", "engine.facilitate.journal", "engine.facilitate.session", "engine.facilitate.feed")


def preload(args: argparse.Namespace) -> tuple[str, ...]:
    """What run() imports: the session and, for a handout, the briefing and its renderer;
    else the screen (rich) and, at a terminal, the completion (readline)."""
    if args.handout:
        return (*SESSION, "engine.analyse.briefing", "engine.render.handout")
    keyboard = ("engine.facilitate.completion",) if sys.stdin.isatty() else ()
    forecasts = ("engine.facilitate.forecast_live",)  # `forecast` may be typed in any session
    return (*SESSION, "rich.console", "engine.cli.play_view", *forecasts, *keyboard)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``play``."""
    add_session_arguments(p)
    p.add_argument("--forecasts", type=count, metavar="N",
                   help="forecasts on: N runs of the rest of the exercise just before and just after every decision "
                        "the facilitator takes (journaled; the after-action report shows how each moved the odds)")
    p.add_argument("--workers", type=workers, default=os.cpu_count() or 1, metavar="K",
                   help="worker processes of the forecasts (default: %(default)s)")
    p.add_argument("--handout", metavar="FILE",
                   help="write the players' situation manual (Markdown) as of T+0, or as of the "
                        "--resume journal's time with the situation so far, and exit (- for standard output)")


def run(args: argparse.Namespace) -> int:
    """Set up the session from the arguments (or the journal being resumed) and run it."""
    if args.scenario is None and args.resume is None:
        print("accord: error: give a SCENARIO, or --resume a journal", file=sys.stderr)
        return 2
    if args.handout:
        loaded, setup, world, seed, _ = load(args)
        return _handout(args, world, seed, setup["nominal"], loaded.entries if loaded else [])
    opened = open_session(args)
    try:
        return _play(opened, forecasts=(args.forecasts or 0, args.workers))
    finally:
        opened.journal.close()


def _play(opened: Opened, forecasts: tuple[int, int]) -> int:
    """The session at the terminal; ``forecasts``: (runs before and after each decision, 0
    for none; worker processes of any forecast)."""
    from engine.cli.play_view import Screen  # noqa: PLC0415
    from engine.cli.stdout import Console  # noqa: PLC0415 - rich loads only for a session
    from engine.facilitate.feed import Feed  # noqa: PLC0415
    from engine.facilitate.forecast_live import live_forecaster  # noqa: PLC0415
    from engine.facilitate.session import Session  # noqa: PLC0415

    console = Console(highlight=False)
    screen = Screen(console, live=sys.stdin.isatty() and console.is_terminal)
    script = None if sys.stdin.isatty() else Script(console, screen.show)
    session = Session(opened.world, seed=opened.seed, nominal=opened.nominal,
                      show=screen.show if script is None else script.show,
                      journal=opened.journal, strict_replay=opened.strict,
                      forecaster=live_forecaster(opened.journal, forecasts[1]), auto_forecast=forecasts[0])
    live = _keyboard(session, console) if script is None else script.read
    path = opened.journal.path
    try:
        ended = session.run(Feed(opened.replay, live))
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: every command so far is in the journal
        print(f"accord: interrupted; the session is kept in {path} (continue it with: accord play --resume {path})",
              file=sys.stderr)
        return 128 + int(getattr(exc, "signum", signal.SIGINT))
    if not ended:  # a script that sets a session up for later is no error: exit 0
        print(f"accord: input ended before 'end': the session is kept in {path}; "
              f"continue it with: accord play --resume {path}", file=sys.stderr)
    else:
        for path in write_files(opened.out, session_files(session, opened.scenario, opened.out)):
            print(f"wrote {path}")
    if script is not None and script.refused:
        print(f"accord: {script.refused} command{'s' * (script.refused > 1)} of the script refused "
              f"(errors above); the others were played", file=sys.stderr)
        return 2
    return 0


class Script:
    """Commands from a pipe or file, one a line, echoed so the transcript reads like the
    session. A command the session refuses is reported as ``file:line: error: …`` on
    standard error (the file being ``<stdin>`` when standard input is not a named file) and
    the script plays on, so one run shows every error in it; ``refused`` counts them."""

    def __init__(self, console: Any, show: Callable[[Any], None]) -> None:
        self.console = console
        self._show = show
        self.name = _stdin_name()
        self.line = 0  # the number of the line being carried out
        self.refused = 0

    def read(self) -> str | None:
        """The next command line, or None at the end of the input."""
        line = sys.stdin.readline()
        if not line:
            return None
        self.line += 1
        self.console.print(f"> {one_line(line.rstrip())}", style="dim", markup=False)  # echoed escaped
        return line

    def show(self, item: Any) -> None:
        """What the session shows; its errors (refusals of a script line) go to standard error."""
        from engine.facilitate.feed import Message  # noqa: PLC0415 - with the session, not at start-up

        if isinstance(item, Message) and item.level == "error" and self.line:
            self.refused += 1
            sys.stdout.flush()  # the transcript so far comes first where both go to one screen
            print(f"{self.name}:{self.line}: error: {item.text}", file=sys.stderr, flush=True)
        else:
            self._show(item)


def _stdin_name() -> str:
    """The path of the file on standard input (``accord play S < script.txt``), relative when
    under the current folder; ``<stdin>`` for a pipe or where the system does not say."""
    try:
        if not stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode):
            return "<stdin>"
        path = os.readlink(f"/proc/self/fd/{sys.stdin.fileno()}")
    except (OSError, ValueError, io.UnsupportedOperation):
        return "<stdin>"
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _keyboard(session: Any, console: Any) -> Callable[[], str | None]:
    """Commands typed at a terminal, with completion (Tab) and history (readline)."""
    from engine.facilitate.completion import install  # noqa: PLC0415

    install(session.world)
    console.print("Type 'help' for the commands, Tab to complete.", style="dim")

    def read() -> str | None:
        from engine.simulate.timefmt import t_plus  # noqa: PLC0415

        try:
            return input(f"accord {t_plus(session.clock)}> ")
        except EOFError:
            print()
            return None
        except KeyboardInterrupt:  # not the end of input: _play says so, exit 130
            print()
            raise

    return read


def _handout(args: argparse.Namespace, world: Any, seed: int, nominal: bool, replay: list[Any]) -> int:
    from engine.analyse.briefing import briefing  # noqa: PLC0415
    from engine.facilitate.feed import Feed  # noqa: PLC0415
    from engine.facilitate.session import Session  # noqa: PLC0415
    from engine.render.handout import render_handout  # noqa: PLC0415

    session = Session(world, seed=seed, nominal=nominal, strict_replay=not args.accept_changed_files)
    if replay:
        session.run(Feed(replay, lambda: None))
    sim = session.sim  # what has happened by now, and the injects due now; never later ones
    write_or_print(args.handout, render_handout(world, briefing(world, sim.events, sim.decisions, session.clock,
                                                                opening=True)))
    return 0
