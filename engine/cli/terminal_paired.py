"""The terminal table of paired differences (variant − base, replication by replication),
shared by ``compare --runs N`` and ``sweep --variants``.

Its cells are ``render/paired_cells.short_cells``: the median change and p10…p90 (times to
their two largest units), the replications moved as ``n/N``, and those that reached the
milestone on one side only in words (``reached in base only: 183``). A median of ``±0``
beside ``183/200`` moved is no contradiction: the median counts only the replications that
reached the milestone on both sides, which ``LEGEND`` says once above the tables.
"""

from collections.abc import Sequence

from engine.cli.columns import Column, Grid
from engine.cli.screen import Screen

COLUMNS = (Column("Median", right=True), Column("p10…p90", right=True, optional=True),
           Column("Moved", right=True), Column("On one side only"))
LEGEND = ("Median, p10…p90: variant − base, over the pairs that reached it on both sides (pts: met-rate); "
          "Moved: pairs that changed, one-sided ones included.")


def paired_grid(rows: Sequence[tuple[str, Sequence[str]]], name_head: str = "Milestone") -> Grid:
    """Rows of (name, the four ``short_cells``) under the paired headings."""
    return Grid(name_head, COLUMNS, rows)


def print_paired(screen: Screen, title: str, rows: Sequence[tuple[str, Sequence[str]]], where: str) -> None:
    """One variant's moved rows under ``title``; ``where``: the file that has what is left out."""
    screen.line()
    screen.heading(title)
    screen.table(paired_grid(rows), where)
