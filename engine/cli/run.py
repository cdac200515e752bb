"""``accord run SCENARIO``: play once and write the run's files."""

import argparse
import os

from engine.cli.defaults import MAX_EVENTS, MAX_EVENTS_PER_INSTANT, MAX_PENDING_EVENTS
from engine.cli.outputs import folder
from engine.cli.values import count, seed
from engine.render.formats import FORMATS

HELP = ("play a scenario once; write results.json, run.json, report.md, report.html, timeline.png, "
        "timeline.svg, events.csv and msel.csv")


def preload(args: argparse.Namespace) -> tuple[str, ...]:
    """What run() imports: the API and, when a chart is wanted, the timeline (matplotlib)."""
    charts = ("engine.render.charts.timeline",) if {"png", "svg", "html"} & set(args.format) else ()
    return ("engine.api", "engine.simulate.simulation", *charts)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``run``."""
    p.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    p.add_argument("--variant", metavar="V", help="play this variant instead of the base")
    p.add_argument("--seed", type=seed, metavar="N", help="seed of the sampled run (default: the scenario's)")
    p.add_argument("--nominal", action="store_true", help="use nominal durations, approvals and chances")
    p.add_argument("--out", metavar="DIR", type=folder, help="output folder (default: out/<scenario>[.<variant>])")
    p.add_argument("--max-events", type=count, default=MAX_EVENTS, metavar="N",
                   help="stop a run with more events than this (default: %(default)s)")
    p.add_argument("--max-pending-events", type=count, default=MAX_PENDING_EVENTS, metavar="N",
                   help="stop a run with more events scheduled and not yet played (default: %(default)s)")
    p.add_argument("--max-events-per-instant", type=count, default=MAX_EVENTS_PER_INSTANT, metavar="N",
                   help="stop a run with more events at one instant (default: %(default)s)")
    p.add_argument("--format", default=",".join(FORMATS), metavar="LIST", type=_formats,
                   help="comma list of formats to write, from: " + ", ".join(
                       f"{k} ({' '.join(v)})" for k, v in FORMATS.items()) + " (default: all)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only where the files went")


def _formats(text: str) -> list[str]:
    chosen = [f.strip() for f in text.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown format {', '.join(unknown) or '(none)'}; "
                                         f"choose from {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def default_out(scenario: str, variant: str | None) -> str:
    """Where a run's files go without ``--out``."""
    return os.path.join("out", scenario + (f".{variant}" if variant else ""))


def run(args: argparse.Namespace) -> int:
    """Play, write atomically, print a summary and where the files went."""
    from engine import api  # noqa: PLC0415 - `accord run --help` and usage errors load no stage
    from engine.simulate.simulation import Limits  # noqa: PLC0415

    limits = Limits(per_instant=args.max_events_per_instant, per_run=args.max_events, pending=args.max_pending_events)
    world = api.load(args.scenario, args.variant)
    result = api.play(world, seed=args.seed, nominal=args.nominal, limits=limits)
    out = args.out or default_out(world.scenario.scenario, args.variant)
    written = api.write_run(result, world, out, formats=args.format, scenario_path=args.scenario)
    if not args.quiet:
        from engine.cli.terminal import print_summary  # noqa: PLC0415 - rich loads only when a table is printed

        print_summary(result, world)
    for path in written:
        print(f"wrote {path}")
    return 0
