"""What ``accord sweep`` prints: first what an analyst asks of a sweep, then the detail.

1. the objectives' met-rates, a column per variant, with their 95% intervals;
2. per variant, the key milestones and objectives it moved from the base (paired
   replications), largest change first;
3. the base's key milestones (every variant's with ``--all``): reach and p10/p50/p90.

Everything fits the terminal's width (``cli/columns.py``): names are never cut, and the
last lines say where the rest is (sweep.md, sweep.html). The figures are sweep.json's.
"""

from typing import Any

from engine.cli.columns import Column, Grid
from engine.cli.screen import Screen
from engine.cli.terminal_paired import LEGEND, print_paired
from engine.render.paired_cells import reach_word, short_cells
from engine.render.percent import pct
from engine.render.sweep_paired import paired_views
from engine.render.sweep_report import met_rate_cell
from engine.simulate.timefmt import t_plus

FILES = "sweep.md and sweep.html"
MILESTONE_COLUMNS = (Column("Reached", right=True), Column("p10", optional=True), Column("p50"),
                     Column("p90", optional=True))


def print_sweep(doc: dict[str, Any], *, every: bool = False, stderr: bool = False) -> None:
    """The sweep's summary on standard output (``stderr``: on standard error, when standard output
    carries the per-run CSV); ``every``: each variant's key milestones, not only the base's."""
    screen = Screen(stderr=stderr)
    screen.heading(doc["title"] or doc["scenario"])
    variants = len(doc["variants"]) - 1
    screen.prose(f"{doc['runs']:,} sampled runs" + (f" of the base and of each of {variants} variant"
                                                    f"{'s' * (variants != 1)}" if variants else "")
                 + f", seed {doc['seed']}")
    _objectives(screen, doc)
    _moves(screen, doc)
    for v in doc["variants"] if every else doc["variants"][:1]:
        _milestones(screen, v, named=variants > 0)
    screen.line()
    screen.prose(f"Every milestone, decisions, critical paths and drivers: {FILES}"
                 + ("." if every or not variants else "; each variant's key milestones: --all."))


def _objectives(screen: Screen, doc: dict[str, Any]) -> None:
    if not doc["objectives"]:
        return
    screen.line()
    screen.heading(f"Objectives met: share of the {doc['runs']:,} runs (95% interval)")
    for o in doc["objectives"]:
        if o["title"]:
            screen.prose(f"{o['id']}  {o['title']}", " " * (len(o["id"]) + 2))
    names = [v["variant"] or "base" for v in doc["variants"]]
    rows = [(o["id"], [_met(v["objectives"].get(o["id"])) for v in doc["variants"]]) for o in doc["objectives"]]
    screen.line()
    screen.matrix(Grid("Objective", [Column(n, right=True) for n in names], rows))


def _met(o: dict[str, Any] | None) -> str:
    return "—" if o is None else "{} ({})".format(*met_rate_cell(o))


def _moves(screen: Screen, doc: dict[str, Any]) -> None:
    views = paired_views(doc)
    if not views:
        return
    screen.line()
    screen.heading(f"Moves from the base, replication by replication (of {doc['runs']:,} pairs)")
    screen.prose(LEGEND)
    paired = {v["variant"] or "base": v["paired"] for v in doc["variants"][1:]}
    keys = len(doc["variants"][0]["key_milestones"])
    for view in views:
        if not view.rows:
            screen.line()
            screen.prose(f"{view.variant}: no key milestone or objective moved in any replication")
            continue
        rows = [(r.milestone, short_cells(paired[view.variant][r.milestone], reach_word(r.milestone)))
                for r in view.rows]
        print_paired(screen, f"{view.variant}: {len(rows)} of {keys} key milestones moved", rows, FILES)


def _milestones(screen: Screen, v: dict[str, Any], *, named: bool) -> None:
    rows = [(key, [pct(m["reached_pct"]), t_plus(m["p10"]), t_plus(m["p50"]), t_plus(m["p90"])])
            for key in v["key_milestones"] if (m := v["milestones"][key])]
    screen.line()
    screen.heading("Key milestones" + (f" of {v['variant'] or 'base'}" if named else "")
                   + ": how many runs reached each, and when (p10, p50, p90)")
    screen.table(Grid("Milestone", MILESTONE_COLUMNS, rows), FILES)
