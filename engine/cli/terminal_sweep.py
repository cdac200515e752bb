"""Terminal tables (rich) for sweeps and comparisons, made to fit 80 columns (names shortened
from the middle, ``cli/fit.py``)."""

from typing import Any

from rich.console import Console

from engine.cli.fit import fitted_table, middle
from engine.render.compare_diff import DiffRow
from engine.simulate.timefmt import t_plus

PAIRED_HEADS = ("Objective or milestone", "Median", "p10…p90", "Moved", "One side")
COLUMN = 14  # a column's (variant's) name is shortened to this, so the row's name gets the room


def print_sweep(doc: dict[str, Any]) -> None:
    """Per variant, the key milestones' reach and percentiles, and objective met-rates."""
    console = Console(highlight=False)
    title = doc["title"] or doc["scenario"]
    console.print(f"[bold]{title}[/bold] — {doc['runs']:,} runs per variant, seed {doc['seed']}")
    rows = [[v["variant"] or "base", name, f"{m['reached_pct']:g}%", t_plus(m["p10"]), t_plus(m["p50"]),
             t_plus(m["p90"])]
            for v in doc["variants"] for name in v["key_milestones"] if (m := v["milestones"][name])]
    console.print(fitted_table(console, "Key milestones", ("Variant", "Milestone", "Reached", "p10", "p50", "p90"),
                               rows, flexible=1))


def print_comparison(rows: list[dict[str, Any]], columns: list[str]) -> None:
    """The whole comparison table: one row per milestone, one column per variant (``compare --all``)."""
    console = Console(highlight=False)
    body = [[row["milestone"], *(row["cells"][c] for c in columns)] for row in rows]
    console.print(fitted_table(console, "Milestones", ["Milestone", *columns], body))


def print_differences(diffs: list[DiffRow], summary: str, *, paired: list[str] | None = None) -> None:
    """Only what differs from the base, objectives first, largest change first (``compare``'s default).
    ``paired``: the columns paired with the base; one table each, with the paired change (median,
    p10…p90) and the replications that moved, instead of the values."""
    console = Console(highlight=False)
    if not diffs:
        console.print(f"{summary}: no difference.")
        return
    if paired is not None:
        console.print(f"{summary} (--all: every row)")
        for column in paired:
            body = [[d.name, *d.short] for d in diffs if d.column == column]
            if not body:
                console.print(f"{column}: nothing moved in any replication")
                continue
            console.print(fitted_table(console, f"{column}: {len(body)} rows moved", PAIRED_HEADS, body))
        diffs = [d for d in diffs if d.column not in paired]  # other scenarios' columns: not paired
        if not diffs:
            return
    body = [[d.name, middle(d.column, COLUMN), d.value, d.change] for d in diffs]
    title = f"{summary} (--all: every row)"
    console.print(fitted_table(console, title, ["Objective or milestone", "Column", "Value", "Change"], body))
