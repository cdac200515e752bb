"""``accord msel SCENARIO``: the master scenario events list as CSV or Markdown."""

import argparse
import sys

from engine import api
from engine.render.msel import render_msel_csv, render_msel_md
from engine.render.output import write_files

HELP = "print or write the master scenario events list (MSEL) of a scenario"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``msel``."""
    p.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    p.add_argument("--variant", metavar="V", help="the MSEL of this variant")
    p.add_argument("--format", choices=("csv", "md"), default="csv",
                   help="csv (UTF-8 with BOM, opens in spreadsheets) or md (default: %(default)s)")
    p.add_argument("--out", metavar="FILE", help="write to FILE (atomically) instead of stdout")


def run(args: argparse.Namespace) -> int:
    """Render the MSEL; write it to --out or stdout."""
    world = api.load(args.scenario, args.variant)
    text = render_msel_csv(world) if args.format == "csv" else render_msel_md(world)
    if args.out:
        import os  # noqa: PLC0415

        for path in write_files(os.path.dirname(args.out) or ".", {os.path.basename(args.out): text}):
            print(f"wrote {path}")
        return 0
    # Bytes, so the BOM and CRLF line ends reach a redirected file exactly as written.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0
