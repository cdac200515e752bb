"""``accord lint PATH…``: static checks beyond validity (see ``engine.lint.linter``)."""

import argparse
import json
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.lint.linter import LintReport

HELP = "static checks beyond validity: unreachable rules, unused state, zero-delay cycles…"
PRELOAD = ("engine.lint.linter",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``lint``."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders to check")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--info", action="store_true", help="also print info-level findings (json always has them)")
    p.add_argument("--all", action="store_true", dest="everything",
                   help="also show findings in files not named (the packs a scenario uses), "
                        "beyond those the scenario makes relevant")


def run(args: argparse.Namespace) -> int:
    """Print findings; exit 2 if a file is invalid or a shown finding is an error, else 0."""
    from engine.lint.linter import lint  # noqa: PLC0415 - `--help` loads no stage

    report = lint(args.paths)
    shown = report.shown(args.everything)
    hidden = len(report.findings) - len(shown)
    if args.format == "json":
        doc = {
            "format": "accord.lint/1",
            "files": report.files,
            "findings": [f.as_dict() for f in shown],
            "hidden": hidden,
            "invalid": [{"path": d.mark.path, "line": d.mark.line, "col": d.mark.col, "message": d.message}
                        for d in report.invalid],
        }
        print(json.dumps(doc, indent=1, ensure_ascii=False))
    else:
        for d in report.invalid:
            print(d, file=sys.stderr)
        for f in shown:
            if args.info or f.severity != "info":
                print(f)
        print(_summary(report, args, hidden), file=sys.stderr)
    # An error-level finding is invalid input in the contract's terms (exit 2); exit 1 is
    # reserved for accord's own bugs.
    return 2 if report.invalid or report.count("error", args.everything) else 0


def _summary(report: "LintReport", args: argparse.Namespace, hidden: int) -> str:
    """``1 file(s): 0 error(s), 2 warning(s), 1 info(s) (--info shows them); 63 more …``:
    the counts are of the findings shown."""
    from engine.lint.linter import SEVERITIES  # noqa: PLC0415

    counts = ", ".join(f"{report.count(s, args.everything)} {s}(s)" for s in SEVERITIES)
    if report.count("info", args.everything) and not args.info:
        counts += " (--info shows them)"
    text = f"{report.files} file(s): {counts}"
    if hidden:
        errors = report.count("error") - report.count("error", args.everything)
        some = f", {errors} of them error(s)" if errors else ""
        text += f"; {hidden} more finding(s) in other files{some} (--all shows them)"
    return text + (f", {len(report.invalid)} invalid" if report.invalid else "")
