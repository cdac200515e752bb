"""The "differences only" view of a comparison, shared by ``compare.md``, ``compare.html`` and the terminal.

One row per (objective or milestone, column) that differs from the base, objectives first,
each group largest change first (``analyse.differences``). Each row says what the base had,
what the column has, and the change in words: ``+3d`` (later), ``−12h`` (sooner),
``not reached``, ``reached``, ``met → missed``, ``−15.0 pts`` of met-rate. A row's tone
(``worse``, ``better``, ``""``) lets the HTML page colour it: a milestone later or no
longer reached, an objective no longer met or met less often, is worse.

With ``--runs`` and pairs (``analyse.paired``), a milestone's change is the paired median
(variant − base, replication by replication), with its p10…p90 (``spread``), how many
replications moved (``moved``) and in how many it was reached on one side only
(``one_sided``); an objective's row says in how many it was met on one side only.
"""

from dataclasses import dataclass
from typing import Any

from engine.analyse.differences import differences
from engine.read.durations import format_hours
from engine.render.compare_cells import cell_text, objective_text
from engine.render.paired_cells import (
    moved_text,
    one_sided_text,
    paired_change,
    paired_tone,
    reach_word,
    short_cells,
    short_counts,
    spread_text,
)

HEAD = ["objective or milestone", "column", "base", "in the column", "change"]
PAIRED_HEAD = [*HEAD[:4], "paired change (median)", "p10…p90", "moved", "reached on one side only"]


# the change of a column's objective that the base defines otherwise under the same id: another objective
NOT_COMPARABLE = "not comparable"


def objective_label(objective: str, defined_in: str | None) -> str:
    """``OBJ-5``, or ``OBJ-5 (slow_parliament)`` when the columns define that id differently."""
    return objective if defined_in is None else f"{objective} ({defined_in})"


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
    spread: str = ""  # paired: the p10…p90 of the differences
    moved: str = ""  # paired: ``873 of 1,000 (87.3%)``
    one_sided: str = ""  # paired: ``reached in base only 12, in variant only 3``
    short: tuple[str, ...] = ()  # paired, for the terminal: change, p10…p90, moved, one side (``short``)

    def cells(self, paired: bool = False) -> list[str]:
        """The row in ``HEAD`` order (``PAIRED_HEAD`` with ``paired``)."""
        out = [self.name, self.column, self.base, self.value, self.change]
        return [*out, self.spread, self.moved, self.one_sided] if paired else out


def is_paired(doc: dict[str, Any]) -> bool:
    """Whether the comparison pairs replications (``--runs`` > 1, one scenario's variants)."""
    return doc.get("paired_with") is not None


def head(doc: dict[str, Any]) -> list[str]:
    """The differences table's header for this comparison."""
    return PAIRED_HEAD if is_paired(doc) else HEAD


def diff_rows(doc: dict[str, Any]) -> list[DiffRow]:
    """Every difference from the base, objectives first, largest first within each."""
    d = differences(doc)
    return [_objective(e) for e in d["objectives"]] + [_milestone(e) for e in d["milestones"]]


def rows_total(doc: dict[str, Any]) -> int:
    """How many (row, column) cells the comparison has besides the base's (a row of one
    objective's definition among several has cells only in the columns that hold it)."""
    others = [c["id"] for c in doc["columns"][1:]]
    rows = [*doc["milestones"], *doc["objectives"]]
    return sum(1 for r in rows for c in others
               if r.get("defined_in") is None or r["values"].get(c) is not None)


def summary_line(doc: dict[str, Any], shown: int) -> str:
    """``12 of 300 cells differ from base`` (what the differences view leaves out)."""
    base = doc["columns"][0]["id"]
    if is_paired(doc):
        return (f"{shown} of {rows_total(doc)} cells moved from {base} in at least one of {doc['runs']:,} paired "
                "replications, largest paired change first")
    return f"{shown} of {rows_total(doc)} cells differ from {base}, largest change first"


def _objective(e: dict[str, Any]) -> DiffRow:
    label = objective_label(e["objective"], e.get("defined_in"))
    base, cell, row = e["base"], e["value"], f"objective {label} status"
    name = label + (f": {e['title']}" if e.get("title") else "")
    if e.get("comparable") is False:
        return DiffRow(name, e["column"], "—", objective_text(cell), NOT_COMPARABLE, "", row)
    if "status" in base:
        worse = base["status"] == "met"
        return DiffRow(name, e["column"], base["status"], str(cell.get("status")),
                       f"{base['status']} → {cell.get('status')}", "worse" if worse else "better", row)
    delta = 100 * (cell["met_rate"] - base["met_rate"])
    pairs = cell.get("paired")
    lost, won = (pairs["base_only"], pairs["variant_only"]) if pairs else (0, 0)
    tone = "worse" if delta < 0 or (not delta and lost > won) else "better" if delta or won > lost else ""
    change = _signed(delta, "pts") if delta else "±0.0 pts"
    if not pairs:
        return DiffRow(name, e["column"], objective_text(base), objective_text(cell), change, tone, row)
    return DiffRow(name, e["column"], objective_text(base), objective_text(cell), change, tone, row,
                   moved=moved_text(lost + won, pairs["pairs"]), one_sided=one_sided_text(pairs, "met"),
                   short=(change, "", *short_counts(lost + won, pairs, "met")))


def _paired(e: dict[str, Any], texts: tuple[str, str], bad: bool) -> DiffRow:
    """A milestone's row from its paired differences."""
    p, name = e["value"]["paired"], e["milestone"]
    what = reach_word(name)
    return DiffRow(name, e["column"], *texts, paired_change(p, what), paired_tone(p, bad=bad), name,
                   spread=spread_text(p), moved=moved_text(p["moved"], p["pairs"]), one_sided=one_sided_text(p, what),
                   short=short_cells(p, what))


def _milestone(e: dict[str, Any]) -> DiffRow:
    base, cell, name = e["base"], e["value"], e["milestone"]
    if e.get("comparable") is False:
        return DiffRow(name, e["column"], "—", cell_text(cell, with_diff=False), NOT_COMPARABLE, "", name)
    texts = (cell_text(base, with_diff=False), cell_text(cell, with_diff=False))
    # Sooner is better, except for what goes wrong: a failure, a decline or a stop.
    bad = name.endswith((".failed", ".declined", ".stopped"))
    if cell.get("paired") is not None:
        return _paired(e, texts, bad)
    if base.get("t") is None or cell.get("t") is None:
        change, worse = ("reached", bad) if base.get("t") is None else ("not reached", not bad)
    else:
        diff = cell["diff_h"]
        change, worse = ("+" if diff > 0 else "−") + format_hours(abs(diff)), (diff > 0) != bad
    return DiffRow(name, e["column"], *texts, change, "worse" if worse else "better", name)


def _signed(x: float, unit: str) -> str:
    return f"{'+' if x > 0 else '−'}{abs(x):.1f} {unit}"
