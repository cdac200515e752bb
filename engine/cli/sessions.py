"""The facilitated session that ``accord play`` and ``accord serve`` run: set up from the
arguments, or from the journal being resumed (whose header wins, except for ``--out``), its
journal created or reopened and its output folder checked before it starts; and the files an
ended session writes, the same from both commands."""

import argparse
import json
import os
import sys
from dataclasses import dataclass
from typing import Any

from engine.cli.outputs import folder
from engine.cli.run import default_out
from engine.cli.values import seed as seed_number
from engine.errors import InputError, Mark
from engine.render.output import check_writable


@dataclass
class Opened:
    """A session ready to run: what is played, its open journal, the journal's entries to
    replay first, where its files go, and whether a replay that no longer matches is an error."""

    world: Any
    seed: int
    nominal: bool
    journal: Any
    replay: list[Any]
    out: str
    scenario: str  # the scenario file
    strict: bool


def add_session_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments of a session: SCENARIO, --variant, --seed, --nominal, --journal, --resume,
    --out, --accept-changed-files."""
    p.add_argument("scenario", metavar="SCENARIO", nargs="?", help="scenario YAML file (optional with --resume)")
    p.add_argument("--variant", metavar="V", help="play this variant instead of the base")
    p.add_argument("--seed", type=seed_number, metavar="N", help="seed of the sampled run (default: the scenario's)")
    p.add_argument("--nominal", action="store_true", help="use nominal durations, approvals and chances")
    p.add_argument("--journal", metavar="FILE", help="journal of the session (default: <out>/journal.jsonl)")
    p.add_argument("--resume", metavar="FILE", help="replay this journal, then continue the session in it")
    p.add_argument("--out", metavar="DIR", type=folder,
                   help="output folder (default: the journal's with --resume, else out/<scenario>[.<variant>].play)")
    p.add_argument("--accept-changed-files", action="store_true",
                   help="with --resume: replay even though the scenario or a pack changed since the session "
                        "began (warned, and recorded in the journal)")


def load(args: argparse.Namespace) -> tuple[Any, dict[str, Any], Any, int, dict[str, Any]]:
    """The journal being resumed (if any), the session's setup, its World, seed, and the files
    changed since the journal began (refused unless --accept-changed-files)."""
    from engine import api  # noqa: PLC0415 - keeps `accord --help` light
    from engine.facilitate import journal as jl  # noqa: PLC0415

    loaded = jl.load(args.resume) if args.resume else None
    setup = _setup(args, loaded.header if loaded else None)
    world = api.load(setup["scenario"], setup["variant"])
    seed = world.seed if setup["seed"] is None else setup["seed"]
    changes = _changed_files(args, loaded, setup) if loaded is not None else {}
    return loaded, setup, world, seed, changes


def open_session(args: argparse.Namespace) -> Opened:
    """The session of the arguments: its journal created, or the one resumed reopened
    (InputError if not), its output folder writable."""
    from engine.facilitate import journal as jl  # noqa: PLC0415

    loaded, setup, world, seed, changes = load(args)
    out = args.out or setup["out"] or default_play_out(world.scenario.scenario, setup["variant"])
    check_writable([os.path.join(out, "results.json")])  # before the session, not after hours of it
    if loaded is not None:
        journal = jl.Journal.reopen(loaded, args.resume)
        if changes:
            journal.record_accepted(changes, loaded.clock)
    else:
        path = args.journal or os.path.join(out, "journal.jsonl")
        journal = jl.Journal.create(path, jl.header(setup["scenario"], setup["variant"], seed, setup["nominal"], out))
    return Opened(world, seed, setup["nominal"], journal, loaded.entries if loaded else [], out, setup["scenario"],
                  strict=not args.accept_changed_files)


def session_files(session: Any, scenario_path: str, out: str) -> dict[str, str | bytes]:
    """The files an ended session writes: the run's files, with the facilitator's ratings and
    notes, the evaluators' observations and the forecasts around decisions (those journaled)
    in the after-action report, and ``facilitation.json``."""
    from engine import api  # noqa: PLC0415
    from engine.facilitate import journal as jl  # noqa: PLC0415
    from engine.facilitate.forecast_live import decision_odds  # noqa: PLC0415
    from engine.facilitate.outcome import facilitation  # noqa: PLC0415

    odds = decision_odds(jl.load(session.journal.path)) if session.journal is not None else None
    files = api.render_run(session.result(), session.world, scenario_path=scenario_path, folder=out,
                           ratings=session.ratings, observations=session.observations,
                           evaluations=session.evaluations, odds=odds)
    files["facilitation.json"] = json.dumps(facilitation(session), indent=1, ensure_ascii=False) + "\n"
    return files


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


