"""``accord play SCENARIO``: a facilitated exercise, step by step, journaled and resumable.

Commands come from the keyboard (with completion and history) when standard input is a
terminal, else one per line from standard input. ``--handout FILE`` writes the players'
situation manual instead of playing.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine import api
from engine.cli.run import default_out
from engine.errors import InputError, Mark
from engine.read.paths import identity
from engine.render.output import write_files

HELP = "run a facilitated exercise step by step (journaled, resumable)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``play``."""
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", help="scenario YAML file (optional with --resume)")
    p.add_argument("--variant", metavar="V", help="play this variant instead of the base")
    p.add_argument("--seed", type=int, metavar="N", help="seed of the sampled run (default: the scenario's)")
    p.add_argument("--nominal", action="store_true", help="use nominal durations, approvals and chances")
    p.add_argument("--journal", metavar="FILE", help="journal of the session (default: <out>/journal.jsonl)")
    p.add_argument("--resume", metavar="FILE", help="replay this journal, then continue the session in it")
    p.add_argument("--out", metavar="DIR", help="output folder (default: out/<scenario>[.<variant>])")
    p.add_argument("--handout", metavar="FILE",
                   help="write the players' situation manual (Markdown) as of T+0, or as of the "
                        "--resume journal's time with the situation so far, and exit")


@dataclass
class Opened:
    """A session ready to run (``accord play`` and ``accord serve``): what is played, its open
    journal, the journal's entries to replay first, and where its files go."""

    world: Any
    seed: int
    nominal: bool
    journal: Any
    replay: list[Any]
    out: str
    scenario: str  # the scenario file


def run(args: argparse.Namespace) -> int:
    """Set up the session from the arguments (or the journal being resumed) and run it."""
    if args.scenario is None and args.resume is None:
        print("accord: error: give a SCENARIO, or --resume a journal", file=sys.stderr)
        return 2
    if args.handout:
        loaded, setup, world, seed = _load(args)
        return _handout(args, world, seed, setup["nominal"], loaded.entries if loaded else [])
    opened = open_session(args)
    try:
        return _play(opened)
    finally:
        opened.journal.close()


def _load(args: argparse.Namespace) -> tuple[Any, dict[str, Any], Any, int]:
    """The journal being resumed (if any), the session's setup, its World and seed."""
    from engine.facilitate import journal as jl  # noqa: PLC0415 - keeps `accord --help` light

    loaded = jl.load(args.resume) if args.resume else None
    setup = _setup(args, loaded.header if loaded else None)
    world = api.load(setup["scenario"], setup["variant"])
    return loaded, setup, world, world.seed if setup["seed"] is None else setup["seed"]


def open_session(args: argparse.Namespace) -> Opened:
    """The session of the arguments (SCENARIO, --variant, --seed, --nominal, --journal,
    --resume, --out): its journal created, or the one resumed reopened (InputError if not)."""
    from engine.facilitate import journal as jl  # noqa: PLC0415 - keeps `accord --help` light

    loaded, setup, world, seed = _load(args)
    out = args.out or default_out(world.scenario.scenario, setup["variant"])
    if loaded is not None:
        assert args.resume is not None
        for warning in loaded.warnings:
            print(f"accord: warning: {warning}", file=sys.stderr)
        if loaded.header.get("scenario_sha256") != jl.file_digest(setup["scenario"]):
            print(f"accord: warning: {setup['scenario']} has changed since the journal began", file=sys.stderr)
        journal = jl.Journal.reopen(loaded, args.resume)
    else:
        path = args.journal or os.path.join(out, "journal.jsonl")
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        journal = jl.Journal.create(path, jl.header(setup["scenario"], setup["variant"], seed, setup["nominal"]))
    return Opened(world, seed, setup["nominal"], journal, loaded.entries if loaded else [], out, setup["scenario"])


def _setup(args: argparse.Namespace, head: dict[str, Any] | None) -> dict[str, Any]:
    """Scenario, variant, seed, mode: from the arguments, or the journal's header (which wins)."""
    if head is None:
        return {"scenario": args.scenario, "variant": args.variant, "seed": args.seed, "nominal": args.nominal}
    if args.journal and identity(args.journal) != identity(args.resume):
        raise InputError.at(Mark(args.resume, 1, 1), "--resume continues its own journal; leave out --journal")
    scenario = args.scenario or head["scenario"]
    given = {"variant": args.variant, "seed": args.seed, "nominal": args.nominal or None}
    for key, value in given.items():
        if value is not None and value != head.get(key):
            raise InputError.at(Mark(args.resume, 1, 1), f"--{key} {value} differs from the journal's "
                                f"({head.get(key)}); leave it out to resume")
    if args.scenario and identity(args.scenario) != identity(head["scenario"]):
        print(f"accord: warning: the journal was begun with {head['scenario']}", file=sys.stderr)
    return {"scenario": scenario, "variant": head.get("variant"), "seed": head.get("seed"),
            "nominal": bool(head.get("nominal"))}


def _play(opened: Opened) -> int:
    from rich.console import Console  # noqa: PLC0415 - rich loads only for a session

    from engine.cli.play_view import Screen  # noqa: PLC0415
    from engine.facilitate.feed import Feed  # noqa: PLC0415
    from engine.facilitate.session import Session  # noqa: PLC0415

    console = Console(highlight=False)
    screen = Screen(console, live=sys.stdin.isatty() and console.is_terminal)
    session = Session(opened.world, seed=opened.seed, nominal=opened.nominal, show=screen.show,
                      journal=opened.journal)
    live = _keyboard(session, console) if sys.stdin.isatty() else _lines(console)
    if not session.run(Feed(opened.replay, live)):
        path = opened.journal.path
        print(f"accord: input ended before 'end': the session is kept in {path}; "
              f"continue it with: accord play --resume {path}", file=sys.stderr)
        return 0
    for path in write_files(opened.out, session_files(session, opened.scenario, opened.out)):
        print(f"wrote {path}")
    return 0


def session_files(session: Any, scenario_path: str, out: str) -> dict[str, str | bytes]:
    """The files an ended session writes (``accord play`` and ``accord serve`` alike): the
    run's files, with the facilitator's ratings and notes and the evaluators' observations in
    the after-action report, and ``facilitation.json``."""
    files = api.render_run(session.result(), session.world, scenario_path=scenario_path, folder=out,
                           ratings=session.ratings, observations=session.observations,
                           evaluations=session.evaluations)
    from engine.facilitate.outcome import facilitation  # noqa: PLC0415

    files["facilitation.json"] = json.dumps(facilitation(session), indent=1, ensure_ascii=False) + "\n"
    return files


def _lines(console: Any) -> Callable[[], str | None]:
    """Commands from a pipe or file, echoed so the transcript reads like the session."""

    def read() -> str | None:
        line = sys.stdin.readline()
        if not line:
            return None
        console.print(f"> {line.rstrip()}", style="dim", markup=False)
        return line

    return read


def _keyboard(session: Any, console: Any) -> Callable[[], str | None]:
    """Commands typed at a terminal, with completion (Tab) and history (readline)."""
    from engine.facilitate.completion import install  # noqa: PLC0415

    install(session.world)
    console.print("Type 'help' for the commands, Tab to complete.", style="dim")

    def read() -> str | None:
        from engine.simulate.timefmt import t_plus  # noqa: PLC0415

        try:
            return input(f"accord {t_plus(session.clock)}> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return None

    return read


def _handout(args: argparse.Namespace, world: Any, seed: int, nominal: bool, replay: list[Any]) -> int:
    from engine.analyse.briefing import briefing  # noqa: PLC0415
    from engine.facilitate.feed import Feed  # noqa: PLC0415
    from engine.facilitate.session import Session  # noqa: PLC0415
    from engine.render.handout import render_handout  # noqa: PLC0415

    session = Session(world, seed=seed, nominal=nominal)
    if replay:
        session.run(Feed(replay, lambda: None))
    sim = session.sim  # what has happened by now, and the injects due now; never later ones
    text = render_handout(world, briefing(world, sim.events, sim.decisions, session.clock, opening=True))
    folder, name = os.path.split(os.path.abspath(args.handout))
    for path in write_files(folder, {name: text}):
        print(f"wrote {path}")
    return 0
