"""``accord forecast JOURNAL --runs N``: the rest of a facilitated session, many times, from
where it stands."""

import argparse
import os
import sys
from collections.abc import Callable
from typing import Any

from engine.cli.outputs import folder
from engine.cli.progress import progress_bar
from engine.cli.values import add_dask_arguments, count, runs, seed, workers

HELP = "play the rest of a facilitated session N times from where it stands; write forecast.json, .md, .html, ecdf.png"
PRELOAD = ("engine.facilitate.forecast_run",)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of ``forecast``."""
    p.add_argument("journal", metavar="JOURNAL", help="journal of the session (accord play --journal)")
    p.add_argument("--runs", type=runs, required=True, metavar="N", help="runs from now (and from the start, and "
                   "per option of the next decision)")
    p.add_argument("--workers", type=workers, default=os.cpu_count() or 1, metavar="K",
                   help="local worker processes (default: %(default)s)")
    p.add_argument("--seed", type=seed, metavar="S", help="forecast seed (default: the session's)")
    p.add_argument("--out", metavar="DIR", type=folder, help="output folder (default: forecast/ beside the journal)")
    p.add_argument("--upto", type=count, metavar="LINE",
                   help="forecast from where the session stood after this journal line (default: its end)")
    p.add_argument("--accept-changed-files", action="store_true",
                   help="replay even though the scenario or a pack changed since the session began")
    add_dask_arguments(p)
    p.add_argument("--no-charts", action="store_true", help="skip the chart (ecdf.png and the one in forecast.html)")
    p.add_argument("--quiet", "-q", action="store_true", help="print only where the files went")


def run(args: argparse.Namespace) -> int:
    """Forecast, write the files, print the objectives' table and where the files went."""
    from engine.facilitate.forecast_run import ForecastOptions, run_forecast  # noqa: PLC0415 - keeps --help light

    opts = ForecastOptions(journal=args.journal, runs=args.runs, workers=args.workers, seed=args.seed, out=args.out,
                           upto=args.upto, dask=args.dask, dask_timeout=args.dask_timeout,
                           charts=not args.no_charts, accept_changed_files=args.accept_changed_files)
    if sys.stderr.isatty() and not args.quiet:
        with progress_bar("forecast runs") as progress:
            doc, written = run_forecast(opts, progress)
    else:
        doc, written = run_forecast(opts, _lines() if not args.quiet else None)
    if not args.quiet:
        print_forecast(doc)
    for path in written:
        print(f"wrote {path}")
    return 0


def print_forecast(doc: dict[str, Any]) -> None:
    """The headline, the objectives (from the start, from now) and the next decision's options."""
    from engine.cli.fit import fitted_table  # noqa: PLC0415
    from engine.cli.stdout import Console  # noqa: PLC0415 - rich loads only to print tables
    from engine.render.forecast_report import headline, move  # noqa: PLC0415

    console = Console(highlight=False)
    console.print(headline(doc), markup=False)
    rows = [[o["objective"], o["at_branch"].replace("not_started", "not started"), _ci(o["start"]), _ci(o["now"]),
             move(o["now"], o["start"])] for o in doc["objectives"]]
    console.print(fitted_table(console, "Objectives met", ("Objective", "Now", "From start", "From now", "Move"),
                               rows, flexible=0))
    nxt = doc["next_decision"]
    if nxt is not None:
        now = {o["objective"]: o["now"] for o in doc["objectives"]}
        rows = [[oid, _pct(now[oid]), *(f"{_pct(o['objectives'][oid])} {move(o['objectives'][oid], now[oid])}"
                                        for o in nxt["options"])] for oid in now]
        title = f"Next decision: {nxt['decision']}" + (" (waiting)" if nxt["waiting"] else "")
        console.print(fitted_table(console, title, ["Objective", "Now", *(o["option"] for o in nxt["options"])],
                                   rows, flexible=0))


def _ci(r: dict[str, Any]) -> str:
    """``96.8% (94.9–98.0%)``: a met-rate and its interval, narrow enough for 80 columns."""
    from engine.render.percent import interval_pct, share_pct  # noqa: PLC0415 - `--help` loads no renderer

    return f"{share_pct(r['rate'])} ({interval_pct(r['low'], r['high'])})"


def _pct(r: dict[str, Any]) -> str:
    from engine.render.percent import share_pct  # noqa: PLC0415 - `--help` loads no renderer

    return share_pct(r["rate"])


def _lines() -> Callable[[int, int], None]:
    """Progress on standard error, a line every tenth of the runs (not on a terminal)."""
    shown = [-1]

    def update(done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth != shown[0]:
            shown[0] = tenth
            print(f"accord: forecast: {done:,} of {total:,} runs", file=sys.stderr)

    return update
