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
from typing import Any

from engine.cli.outputs import folder, write_or_print
from engine.cli.run import default_out
from engine.cli.values import count, seed
from engine.errors import InputError, Mark
from engine.render.output import check_writable, write_files

HELP = "run a facilitated exercise step by step (journaled, resumable)"
PRELOAD = ("engine.api", "engine.facilitate.journal")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``play``."""
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", help="scenario YAML file (optional with --resume)")
    p.add_argument("--variant", metavar="V", help="play this variant instead of the base")
    p.add_argument("--seed", type=seed, metavar="N", help="seed of the sampled run (default: the scenario's)")
    p.add_argument("--nominal", action="store_true", help="use nominal durations, approvals and chances")
    p.add_argument("--journal", metavar="FILE", help="journal of the session (default: <out>/journal.jsonl)")
    p.add_argument("--resume", metavar="FILE", help="replay this journal, then continue the session in it")
    p.add_argument("--out", metavar="DIR", type=folder,
                   help="output folder (default: the journal's with --resume, else out/<scenario>[.<variant>].play)")
    p.add_argument("--accept-changed-files", action="store_true",
                   help="with --resume: replay even though the scenario or a pack changed since the session "
                        "began (warned, and recorded in the journal)")
    p.add_argument("--forecasts", type=count, metavar="N",
                   help="forecasts on: N runs of the rest of the exercise just before and just after every decision "
                        "the facilitator takes (journaled; the after-action report shows how each moved the odds)")
    p.add_argument("--workers", type=count, default=os.cpu_count() or 1, metavar="K",
                   help="worker processes of the forecasts (default: %(default)s)")
    p.add_argument("--handout", metavar="FILE",
                   help="write the players' situation manual (Markdown) as of T+0, or as of the "
                        "--resume journal's time, and exit (- for standard output)")


def run(args: argparse.Namespace) -> int:
    """Set up the session from the arguments (or the journal being resumed) and run it."""
    from engine import api  # noqa: PLC0415 - keeps `accord --help` light
    from engine.facilitate import journal as jl  # noqa: PLC0415

    if args.scenario is None and args.resume is None:
        print("accord: error: give a SCENARIO, or --resume a journal", file=sys.stderr)
        return 2
    loaded = jl.load(args.resume) if args.resume else None
    setup = _setup(args, loaded.header if loaded else None)
    world = api.load(setup["scenario"], setup["variant"])
    seed = world.seed if setup["seed"] is None else setup["seed"]
    changes = _changed_files(args, loaded, setup) if loaded is not None else {}
    if args.handout:
        return _handout(args, world, seed, setup["nominal"], loaded.entries if loaded else [])
    out = args.out or setup["out"] or default_play_out(world.scenario.scenario, setup["variant"])
    check_writable([os.path.join(out, "results.json")])  # before the session, not after hours of it
    if loaded is not None:
        journal = jl.Journal.reopen(loaded, args.resume)
        if changes:
            journal.record_accepted(changes, loaded.clock)
    else:
        path = args.journal or os.path.join(out, "journal.jsonl")
        journal = jl.Journal.create(path, jl.header(setup["scenario"], setup["variant"], seed, setup["nominal"], out))
    try:
        return _play(world, seed, setup["nominal"], journal, loaded.entries if loaded else [], out, setup["scenario"],
                     strict=not args.accept_changed_files, forecasts=(args.forecasts or 0, args.workers))
    finally:
        journal.close()


def default_play_out(scenario: str, variant: str | None) -> str:
    """Where a session's files go without ``--out``: ``out/<scenario>[.<variant>].play``, never
    the folder of ``accord run`` (a session must not overwrite a batch run, nor the reverse)."""
    return default_out(scenario, variant) + ".play"


def _changed_files(args: argparse.Namespace, loaded: Any, setup: dict[str, Any]) -> dict[str, Any]:
    """The files changed since the journal's session began: refused, or with
    --accept-changed-files a warning (the change is journaled by the caller)."""
    from engine.facilitate import journal as jl  # noqa: PLC0415

    for warning in loaded.warnings:
        print(f"accord: warning: {warning}", file=sys.stderr)
    if "files" not in loaded.header:
        print(f"accord: warning: {args.resume} predates file hashes: only the scenario file is checked",
              file=sys.stderr)
    changes: dict[str, Any] = jl.file_changes(loaded, setup["scenario"], setup["variant"])
    if changes and not args.accept_changed_files:
        raise InputError.at(Mark(args.resume, 1, 1), f"files changed since the session began: "
                            f"{jl.describe_changes(changes)}; the replay would no longer be what the players saw. "
                            "Restore them, or resume with --accept-changed-files to replay against them as they "
                            "are (the change is recorded in the journal)")
    if changes:
        print(f"accord: warning: replaying against changed files: {jl.describe_changes(changes)}", file=sys.stderr)
    return changes


def _setup(args: argparse.Namespace, head: dict[str, Any] | None) -> dict[str, Any]:
    """Scenario, variant, seed, mode and output folder: from the arguments, or the journal's
    header (which wins, except for --out: the session's files may go elsewhere)."""
    from engine.read.paths import identity  # noqa: PLC0415 - `--help` loads no stage

    if head is None:
        return {"scenario": args.scenario, "variant": args.variant, "seed": args.seed, "nominal": args.nominal,
                "out": None}
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
            "nominal": bool(head.get("nominal")), "out": head.get("out")}


def _play(world: Any, seed: int, nominal: bool, journal: Any, replay: list[Any], out: str,
          scenario_path: str, *, strict: bool, forecasts: tuple[int, int] = (0, 1)) -> int:
    from rich.console import Console  # noqa: PLC0415 - rich loads only for a session

    from engine import api  # noqa: PLC0415
    from engine.cli.play_view import render  # noqa: PLC0415
    from engine.facilitate import journal as jl  # noqa: PLC0415
    from engine.facilitate.forecast_live import decision_odds, live_forecaster  # noqa: PLC0415
    from engine.facilitate.session import Feed, Session  # noqa: PLC0415

    console = Console(highlight=False)
    session = Session(world, seed=seed, nominal=nominal, show=lambda item: render(item, console), journal=journal,
                      strict_replay=strict, forecaster=live_forecaster(journal, forecasts[1]),
                      auto_forecast=forecasts[0])
    live = _keyboard(session, console) if sys.stdin.isatty() else _lines(console)
    if not session.run(Feed(replay, live)):
        print(f"accord: input ended before 'end': the session is kept in {journal.path}; "
              f"continue it with: accord play --resume {journal.path}", file=sys.stderr)
        return 0
    files = api.render_run(session.result(), world, scenario_path=scenario_path, folder=out,
                           ratings=session.ratings, observations=session.observations,
                           odds=decision_odds(jl.load(journal.path)))
    files["facilitation.json"] = json.dumps(session.facilitation(), indent=1, ensure_ascii=False) + "\n"
    for path in write_files(out, files):
        print(f"wrote {path}")
    return 0


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
    from engine.facilitate.session import Feed, Session  # noqa: PLC0415
    from engine.render.handout import render_handout  # noqa: PLC0415

    session = Session(world, seed=seed, nominal=nominal, strict_replay=not args.accept_changed_files)
    if replay:
        session.run(Feed(replay, lambda: None))
    # at or before now, never later; held injects as released
    write_or_print(args.handout, render_handout(world, session.delivered(), session.clock))
    return 0
