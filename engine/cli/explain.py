"""``accord explain RESULTS EVENT``: the causal chain from the injects to one event."""

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.check.world import World

HELP = "explain an event of a run: the chain of causes from the injects, with rule sources"
PRELOAD = ("engine.analyse.explain", "engine.simulate.results_io")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``explain``."""
    p.add_argument("results", metavar="RESULTS", help="results.json of a run")
    p.add_argument("event", metavar="EVENT",
                   help="a seq number (12 or #12), or an event type (its first occurrence), "
                        "e.g. collective_defence.completed")
    p.add_argument("--scenario", metavar="PATH",
                   help="scenario file, to cite rule sources (default: the one named in run.json beside RESULTS)")


def run(args: argparse.Namespace) -> int:
    """Print the chain, root first; exit 2 for a missing results file or an unknown event."""
    from engine.analyse.explain import UnknownEventError, explain, explanation_lines, find_event  # noqa: PLC0415
    from engine.simulate.results_io import read_results  # noqa: PLC0415 - `--help` loads no stage

    result = read_results(args.results)
    world = _world(args, result.variant)
    try:
        event = find_event(result, args.event)
    except UnknownEventError as exc:
        print(f"accord: error: {args.results}: {exc}", file=sys.stderr)
        return 2
    for line in explanation_lines(result, explain(result, event, world)):
        print(line)
    if world is None:
        print("(no scenario found: run.json absent and no --scenario; rule sources not cited)")
    return 0


def _world(args: argparse.Namespace, variant: str | None) -> "World | None":
    """The scenario of the run, loaded again (its rules carry the citations); None if unknown."""
    from engine import api  # noqa: PLC0415 - loading a scenario is only needed with citations
    from engine.simulate.results_io import read_run_info  # noqa: PLC0415

    if args.scenario:
        return api.load(args.scenario, variant)
    info = read_run_info(args.results)
    if info is None:
        return None
    return api.load(info["scenario_file"], info.get("variant"))
