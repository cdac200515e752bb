"""``accord compare SCENARIO…``: the base and its variants (or several scenarios) side by side."""

import argparse
import os
import sys
from typing import Any

from engine.cli.outputs import folder
from engine.cli.progress import progress_bar
from engine.cli.values import runs, seed, workers

HELP = "compare a scenario's base and variants (or several scenarios) milestone by milestone"


def preload(args: argparse.Namespace) -> tuple[str, ...]:
    """What run() imports: the comparison and, unless --no-charts, its charts (matplotlib)."""
    charts = () if args.no_charts else ("engine.render.charts.comparison",)
    return ("engine.analyse.compare", "engine.render.compare_report", *charts)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``compare``."""
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="scenario YAML file(s)")
    p.add_argument("--variants", metavar="all|a,b",
                   help="variants beside the base (default: all for one scenario, none for several)")
    p.add_argument("--runs", type=runs, default=1, metavar="N",
                   help="1: nominal runs (default); more: median and p10–p90 of N sampled runs")
    p.add_argument("--seed", type=seed, metavar="S", help="base seed of sampled runs (default: each scenario's)")
    p.add_argument("--workers", type=workers, default=os.cpu_count() or 1, metavar="K",
                   help="local worker processes for sampled runs (default: %(default)s)")
    p.add_argument("--out", metavar="DIR", type=folder, help="output folder (default: out/<scenario>.compare)")
    p.add_argument("--no-charts", action="store_true", help="skip the charts (the PNGs and those in compare.html)")
    p.add_argument("--all", action="store_true",
                   help="print every milestone and objective (default: only what differs from the base)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only where the files went")


def run(args: argparse.Namespace) -> int:
    """Compare, write the files atomically, print the table and where the files went."""
    from engine.analyse.compare import columns, compare  # noqa: PLC0415 - keeps start-up light
    from engine.render.compare_report import compare_files  # noqa: PLC0415
    from engine.render.output import write_files  # noqa: PLC0415

    cols = columns(args.scenarios, args.variants)
    if args.runs > 1 and sys.stderr.isatty() and not args.quiet:
        with progress_bar("replications") as progress:
            doc = compare(cols, args.runs, args.seed, args.workers, progress)
    else:
        doc = compare(cols, args.runs, args.seed, args.workers)
    files = compare_files(doc, [None, *cols[0].world.scenario.variants], charts=not args.no_charts)
    out = args.out or os.path.join("out", f"{cols[0].world.scenario.scenario}.compare")
    written = write_files(out, files)
    if not args.quiet:
        _print(doc, every=args.all)
    for path in written:
        print(f"wrote {path}")
    return 0


def _print(doc: dict[str, Any], *, every: bool) -> None:
    """The differences from the base (or, with ``every``, the whole table) on the terminal."""
    from engine.cli.terminal_compare import print_comparison, print_differences  # noqa: PLC0415 - rich loads only to print
    from engine.render.compare_diff import diff_rows, is_paired, summary_line  # noqa: PLC0415
    from engine.render.compare_report import table  # noqa: PLC0415

    if every:
        head, rows = table(doc, spread=False)
        print_comparison([{"milestone": r[0], "cells": dict(zip(head[1:], r[1:], strict=True))} for r in rows],
                         head[1:])
        return
    diffs = diff_rows(doc)
    print_differences(diffs, summary_line(doc, len(diffs)), base=doc["columns"][0]["id"],
                      paired=doc["paired_columns"] if is_paired(doc) else None)
