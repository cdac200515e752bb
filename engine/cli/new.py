"""``accord new scenario NAME --pack PACK``: write a commented starter scenario."""

import argparse
import os

from engine.errors import OutputError
from engine.lint.starter_plan import starter_events
from engine.render.output import write_files
from engine.render.starter import starter_scenario

HELP = "write a commented starter scenario for a pack"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``new``."""
    p.add_argument("what", choices=("scenario",), help="what to create")
    p.add_argument("name", metavar="NAME", help="scenario id (snake_case), also the default file name")
    p.add_argument("--pack", required=True, metavar="PACK", help="the rule pack the scenario plays")
    p.add_argument("--out", metavar="FILE", help="where to write it (default: NAME.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    """Write the starter; refuse to overwrite an existing file without --force."""
    out = args.out or f"{args.name}.yaml"
    if os.path.exists(out) and not args.force:
        raise OutputError(f"{out}: already exists (use --force to overwrite)")
    text = starter_scenario(args.name, args.pack, out, starter_events)
    written = write_files(os.path.dirname(out) or ".", {os.path.basename(out): text})
    print(f"wrote {written[0]}; check it with: accord validate {written[0]}")
    return 0
