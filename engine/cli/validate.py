"""``accord validate PATH…``: check packs and scenarios (files or folders)."""

import argparse
import sys

HELP = "check packs and scenarios (files or folders)"
PRELOAD = ("engine.check.validate",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``validate``."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders to check")


def run(args: argparse.Namespace) -> int:
    """Print every error as ``path:line:col: error: …``; exit 2 if there is any."""
    from engine.check.validate import validate  # noqa: PLC0415 - `--help` loads no stage

    report = validate(args.paths)
    for d in report.diagnostics:
        print(d, file=sys.stderr)
    if report.diagnostics:
        print(f"{len(report.diagnostics)} error(s) in {report.files} file(s)", file=sys.stderr)
        return 2
    mappings = f", {report.mappings} MSEL mapping(s)" if report.mappings else ""
    print(f"ok: {report.files} file(s) valid ({report.packs} pack(s), {report.scenarios} scenario(s){mappings})")
    return 0
