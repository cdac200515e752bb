"""``accord sweep SCENARIO --runs N``: Monte-Carlo replications; milestone distributions."""

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from typing import TYPE_CHECKING

from engine.cli.outputs import STDOUT, folder
from engine.cli.progress import progress_bar
from engine.cli.values import add_dask_arguments, runs, seed, workers

if TYPE_CHECKING:
    from engine.render.sweep_files import SweepOutcome

HELP = "play N sampled replications per variant; write milestone distributions (sweep.json, .md, .html, charts)"
PRELOAD = ("engine.analyse.sweep_plan", "engine.render.sweep_files")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``sweep``."""
    p.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    p.add_argument("--runs", type=runs, required=True, metavar="N", help="replications per variant")
    p.add_argument("--variants", metavar="all|a,b", help="variants to sweep besides the base (default: base only)")
    p.add_argument("--workers", type=workers, default=os.cpu_count() or 1, metavar="K",
                   help="local worker processes (default: %(default)s)")
    p.add_argument("--seed", type=seed, metavar="S", help="base seed (default: the scenario's)")
    p.add_argument("--out", metavar="DIR", type=folder, help="output folder (default: out/<scenario>.sweep)")
    p.add_argument("--per-run", metavar="FILE",
                   help="also write one CSV row per replication to FILE, with the other files "
                        "(- for standard output; the table and file names then go to standard error)")
    add_dask_arguments(p)
    p.add_argument("--no-charts", action="store_true", help="skip the charts (the PNGs and those in sweep.html)")
    p.add_argument("--all", action="store_true",
                   help="print every variant's key milestones (default: the base's; the files have them all)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only where the files went")


def run(args: argparse.Namespace) -> int:
    """Sweep, write the files all or nothing, print the milestone table and where files went."""
    with contextlib.ExitStack() as stack:
        per_run = args.per_run
        if per_run == STDOUT:  # the rows are put in place in a private folder, then copied out
            per_run = os.path.join(stack.enter_context(tempfile.TemporaryDirectory(prefix="accord-")), "runs.csv")
        outcome = _sweep(args, per_run)
        report = sys.stderr if args.per_run == STDOUT else sys.stdout
        if not args.quiet:
            from engine.cli.terminal_sweep import print_sweep  # noqa: PLC0415 - rich loads only to print tables

            print_sweep(outcome.document, every=args.all, stderr=report is sys.stderr)
        for path in outcome.written:
            if path == per_run and args.per_run == STDOUT:
                with open(path, "rb") as f:
                    sys.stdout.flush()
                    shutil.copyfileobj(f, sys.stdout.buffer)
                    sys.stdout.buffer.flush()
            else:
                print(f"wrote {path}", file=report)
    return 0


def _sweep(args: argparse.Namespace, per_run: str | None) -> "SweepOutcome":
    from engine.analyse.sweep_plan import SweepOptions  # noqa: PLC0415 - keeps `accord --help` light
    from engine.render.sweep_files import run_sweep  # noqa: PLC0415

    opts = SweepOptions(path=args.scenario, runs=args.runs, variants=args.variants, workers=args.workers,
                        seed=args.seed, out=args.out, per_run=per_run, dask=args.dask,
                        dask_timeout=args.dask_timeout, charts=not args.no_charts)
    if sys.stderr.isatty() and not args.quiet:
        with progress_bar("replications") as progress:
            return run_sweep(opts, progress)
    return run_sweep(opts)
