"""What ``accord compare`` prints: what differs from the base, one table per column (a variant
or another scenario), objectives first, largest change first; with ``--all``, every row, a
column per variant (in blocks of columns on a narrow terminal).

Everything fits the terminal's width (``cli/columns.py``): names are never cut; a column
left out at a narrow width is named, with the file that has it (compare.md).
"""

from collections.abc import Sequence
from typing import Any

from engine.cli.columns import Column, Grid
from engine.cli.screen import Screen
from engine.cli.terminal_paired import LEGEND, print_paired
from engine.render.compare_diff import DiffRow

FILES = "compare.md, compare.html"


def print_comparison(rows: list[dict[str, Any]], columns: list[str]) -> None:
    """The whole comparison table: one row per milestone, one column per variant (``compare --all``)."""
    screen = Screen()
    screen.heading(f"Every milestone and objective, {len(rows)} rows")
    body = [(row["milestone"], [row["cells"][c] for c in columns]) for row in rows]
    screen.matrix(Grid("Milestone", [Column(c) for c in columns], body))


def print_differences(diffs: list[DiffRow], summary: str, *, base: str = "base",
                      paired: list[str] | None = None) -> None:
    """Only what differs from the base (named ``base``), objectives first, largest change first
    (``compare``'s default), one table per column. ``paired``: the columns paired with the base; their
    tables have the paired change (median, p10…p90), the replications that moved and those reached on
    one side only."""
    screen = Screen()
    if not diffs:
        screen.prose(f"{summary}: no difference.")
        return
    screen.prose(f"{summary} (--all: every row; {FILES}: every column).")
    paired = paired or []
    if any(d.column in paired for d in diffs):
        screen.prose(LEGEND)
    for column in paired:
        body = [(d.name, d.short) for d in diffs if d.column == column]
        if not body:
            screen.line()
            screen.prose(f"{column}: nothing moved in any replication")
            continue
        print_paired(screen, f"{column}: {len(body)} rows moved", body, FILES)
    others = [d for d in diffs if d.column not in paired]  # other scenarios' columns: not paired
    for column in dict.fromkeys(d.column for d in others):
        _differences(screen, base, column, [d for d in others if d.column == column])


def _differences(screen: Screen, base: str, column: str, diffs: Sequence[DiffRow]) -> None:
    """One column's differences: the base's value (left out first when narrow), the column's, the change."""
    screen.line()
    screen.heading(f"{column}: {len(diffs)} rows differ")
    heads = (Column(base, optional=True), Column(column), Column("Change"))
    screen.table(Grid("Milestone", heads, [(d.name, [d.base, d.value, d.change]) for d in diffs]), FILES)

