"""The command line: ``accord validate|run`` (also ``python -m engine``).

The only module that reads argv, prints and chooses exit codes: 0 ok, 1 a bug (with its
traceback), 2 invalid input or usage, 3 a run stopped by a guard.
"""

import argparse
import os
import sys
from collections.abc import Sequence

from engine import api
from engine.errors import AccordError, InputError
from engine.simulation import Limits

EPILOG = "Exit codes: 0 ok, 1 internal error, 2 invalid input or usage, 3 run stopped by a guard."


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with our message shape and no traceback."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"accord: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    p = _Parser(prog="accord", description="Tabletop-exercise and scenario-simulation engine.", epilog=EPILOG)
    p.add_argument("--version", action="version", version=f"accord {api.__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    v = sub.add_parser("validate", help="check packs and scenarios (files or folders)", epilog=EPILOG)
    v.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders to check")
    r = sub.add_parser("run", help="play a scenario once; write results.json and report.md", epilog=EPILOG)
    r.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    r.add_argument("--variant", metavar="V", help="play this variant instead of the base")
    r.add_argument("--seed", type=int, metavar="N", help="seed of the sampled run (default: the scenario's)")
    r.add_argument("--nominal", action="store_true", help="use nominal durations, approvals and chances")
    r.add_argument("--out", metavar="DIR", help="output folder (default: out/<scenario>[.<variant>])")
    r.add_argument("--max-events", type=int, default=Limits.per_run, metavar="N",
                   help="stop a run with more events than this (default: %(default)s)")
    r.add_argument("--max-events-per-instant", type=int, default=Limits.per_instant, metavar="N",
                   help="stop a run with more events at one instant (default: %(default)s)")
    r.add_argument("--quiet", "-q", action="store_true", help="print only where the files went")
    b = sub.add_parser("reports", help="play every scenario in a folder (nominal) and write its reports",
                       epilog=EPILOG)
    b.add_argument("scenarios", metavar="SCENARIO_DIR", help="folder of scenario files")
    b.add_argument("--out", metavar="DIR", default="reports", help="reports folder (default: %(default)s)")
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 if any report is stale")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "reports":
            return _reports(args)
        return _run(args)
    except InputError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return exc.exit_code
    except AccordError as exc:
        print(f"accord: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("accord: interrupted; nothing was written", file=sys.stderr)
        return 130


def _validate(args: argparse.Namespace) -> int:
    report = api.validate(args.paths)
    for d in report.diagnostics:
        print(d, file=sys.stderr)
    if report.diagnostics:
        print(f"{len(report.diagnostics)} error(s) in {report.files} file(s)", file=sys.stderr)
        return 2
    print(f"ok: {report.files} file(s) valid ({report.packs} pack(s), {report.scenarios} scenario(s))")
    return 0


def _reports(args: argparse.Namespace) -> int:
    files = api.bundled_reports(args.scenarios, args.out)
    if args.check:
        stale = api.stale_reports(files)
        for path in stale:
            print(f"stale: {path} (regenerate with: accord reports {args.scenarios} --out {args.out})")
        print(f"{len(files) - len(stale)}/{len(files)} report files current")
        return 1 if stale else 0
    for path in api.write_reports(files):
        print(f"wrote {path}")
    return 0


def _run(args: argparse.Namespace) -> int:
    limits = Limits(per_instant=args.max_events_per_instant, per_run=args.max_events)
    world = api.load(args.scenario, args.variant)
    result = api.play(world, seed=args.seed, nominal=args.nominal, limits=limits)
    out = args.out or os.path.join("out", world.scenario.scenario + (f".{args.variant}" if args.variant else ""))
    written = api.write_run(result, world, out)
    if not args.quiet:
        from engine.terminal import print_summary  # noqa: PLC0415 - rich loads only when a table is printed

        print_summary(result, world)
    for path in written:
        print(f"wrote {path}")
    return 0
