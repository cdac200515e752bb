"""``accord new scenario NAME --pack PACK``: write a commented starter scenario."""

import argparse
import os

from engine.cli.outputs import STDOUT, write_or_print
from engine.errors import OutputError

HELP = "write a commented starter scenario for a pack"
PRELOAD = ("engine.lint.starter_plan", "engine.render.starter")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``new``."""
    p.add_argument("what", choices=("scenario",), help="what to create")
    p.add_argument("name", metavar="NAME", help="scenario id (snake_case), also the default file name")
    p.add_argument("--pack", required=True, metavar="PACK", help="the rule pack the scenario plays")
    p.add_argument("--out", metavar="FILE", help="where to write it (default: NAME.yaml; - for standard output)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")


def run(args: argparse.Namespace) -> int:
    """Write the starter; refuse to overwrite an existing file without --force."""
    from engine.lint.starter_plan import starter_events  # noqa: PLC0415 - `--help` loads no stage
    from engine.render.output import write_file  # noqa: PLC0415
    from engine.render.starter import starter_scenario  # noqa: PLC0415

    out = args.out or f"{args.name}.yaml"
    if out == STDOUT:  # paths in it are relative to the current folder
        write_or_print(out, starter_scenario(args.name, args.pack, os.path.join(".", f"{args.name}.yaml"),
                                             starter_events))
        return 0
    if os.path.lexists(out) and not args.force:
        raise OutputError(f"{out}: already exists (use --force to overwrite)")
    text = starter_scenario(args.name, args.pack, out, starter_events)
    written = write_file(out, text)
    print(f"wrote {written}; check it with: accord validate {written}")
    return 0
