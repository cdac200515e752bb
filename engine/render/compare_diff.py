"""The "differences only" view of a comparison, shared by ``compare.md``, ``compare.html`` and the terminal.

One row per (objective or milestone, column) that differs from the base, objectives first,
each group largest change first (``analyse.differences``). Each row says what the base had,
what the column has, and the change in words: ``+3d`` (later), ``−12h`` (sooner),
``not reached``, ``reached``, ``met → missed``, ``−15.0 pts`` of met-rate. A row's tone
(``worse``, ``better``, ``""``) lets the HTML page colour it: a milestone later or no
longer reached, an objective no longer met or met less often, is worse.
"""

from dataclasses import dataclass
from typing import Any

from engine.analyse.differences import differences
from engine.read.durations import format_hours
from engine.render.compare_cells import cell_text, objective_text

HEAD = ["objective or milestone", "column", "base", "in the column", "change"]


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One difference from the base, as text."""

    name: str
    column: str
    base: str
    value: str
    change: str
    tone: str  # "worse" | "better" | ""
    row: str  # the row's name in the full table (``table``): the milestone, or ``objective <id> status``

    def cells(self) -> list[str]:
        """The row in ``HEAD`` order."""
        return [self.name, self.column, self.base, self.value, self.change]


def diff_rows(doc: dict[str, Any]) -> list[DiffRow]:
    """Every difference from the base, objectives first, largest first within each."""
    d = differences(doc)
    return [_objective(e) for e in d["objectives"]] + [_milestone(e) for e in d["milestones"]]


def rows_total(doc: dict[str, Any]) -> int:
    """How many (row, column) cells the comparison has besides the base's."""
    return (len(doc["milestones"]) + len(doc["objectives"])) * (len(doc["columns"]) - 1)


def summary_line(doc: dict[str, Any], shown: int) -> str:
    """``12 of 300 cells differ from base`` (what the differences view leaves out)."""
    return f"{shown} of {rows_total(doc)} cells differ from {doc['columns'][0]['id']}, largest change first"


def _objective(e: dict[str, Any]) -> DiffRow:
    base, cell, row = e["base"], e["value"], f"objective {e['objective']} status"
    name = e["objective"] + (f": {e['title']}" if e.get("title") else "")
    if "status" in base:
        worse = base["status"] == "met"
        return DiffRow(name, e["column"], base["status"], str(cell.get("status")),
                       f"{base['status']} → {cell.get('status')}", "worse" if worse else "better", row)
    delta = 100 * (cell["met_rate"] - base["met_rate"])
    return DiffRow(name, e["column"], objective_text(base), objective_text(cell), _signed(delta, "pts"),
                   "worse" if delta < 0 else "better", row)


def _milestone(e: dict[str, Any]) -> DiffRow:
    base, cell, name = e["base"], e["value"], e["milestone"]
    texts = (cell_text(base, with_diff=False), cell_text(cell, with_diff=False))
    # Sooner is better, except for what goes wrong: a failure, a decline or a stop.
    bad = name.endswith((".failed", ".declined", ".stopped"))
    if base.get("t") is None or cell.get("t") is None:
        change, worse = ("reached", bad) if base.get("t") is None else ("not reached", not bad)
    else:
        diff = cell["diff_h"]
        change, worse = ("+" if diff > 0 else "−") + format_hours(abs(diff)), (diff > 0) != bad
    return DiffRow(name, e["column"], *texts, change, "worse" if worse else "better", name)


def _signed(x: float, unit: str) -> str:
    return f"{'+' if x > 0 else '−'}{abs(x):.1f} {unit}"
