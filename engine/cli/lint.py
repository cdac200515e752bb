"""``accord lint PATH…``: static checks beyond validity (see ``engine.lint.linter``)."""

import argparse
import json
import sys

from engine.lint.linter import SEVERITIES, lint

HELP = "static checks beyond validity: unreachable rules, unused state, zero-delay cycles…"


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``lint``."""
    p.add_argument("paths", nargs="+", metavar="PATH", help="YAML files or folders to check")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    p.add_argument("--info", action="store_true", help="also print info-level findings (json always has them)")


def run(args: argparse.Namespace) -> int:
    """Print findings; exit 2 if a file is invalid, 1 if there is an error-level finding, else 0."""
    report = lint(args.paths)
    if args.format == "json":
        doc = {
            "format": "accord.lint/1",
            "files": report.files,
            "findings": [f.as_dict() for f in report.findings],
            "invalid": [{"path": d.mark.path, "line": d.mark.line, "col": d.mark.col, "message": d.message}
                        for d in report.invalid],
        }
        print(json.dumps(doc, indent=1, ensure_ascii=False))
    else:
        for d in report.invalid:
            print(d, file=sys.stderr)
        for f in report.findings:
            if args.info or f.severity != "info":
                print(f)
        counts = ", ".join(f"{report.count(s)} {s}(s)" for s in SEVERITIES)
        if report.count("info") and not args.info:
            counts += " (--info shows them)"
        print(f"{report.files} file(s): {counts}" + (f", {len(report.invalid)} invalid" if report.invalid else ""),
              file=sys.stderr)
    # An error-level finding is invalid input in the contract's terms (exit 2); exit 1 is
    # reserved for accord's own bugs.
    return 2 if report.invalid or report.count("error") else 0
