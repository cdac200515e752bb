"""What changed from the base: the rows of a comparison that differ, largest first.

A comparison (``compare.compare``) has a cell for every milestone and objective in every
column; most are equal to the base's. ``differences`` keeps the others, one entry per
(row, column), so that a reader sees first what a variant changes:

- objectives first (what the exercise evaluates): nominal runs, the status changed
  (``size`` 1); sampled runs, the met-rate moved (``size`` = |difference| in points of share),
  or, paired, the objective was met on one side only in some replication;
- then milestones: reached in one and not the other (``size`` infinite: listed first), else
  the time moved (``size`` = |difference| in hours). With ``--runs`` and pairs
  (``analyse.paired``): the milestone moved in at least one replication; ``size`` is the
  paired median's |difference|, infinite when no replication reached it on both sides.

Among entries of equal size, those that moved in more replications come first (``moved``;
0 without pairs), then objectives' and responses' ends (the key milestones), then the
comparison's order (rows, then columns). Hours throughout.

A column's objective that the base defines otherwise under the same id (``objective_rows``)
is listed last with ``comparable`` false and no change: two different objectives are not
differenced.
The renderers call this on the document; ``compare.json`` keeps every cell and no sizes.
"""

import math
from typing import Any

from engine.analyse.paired import size as paired_size

Entry = dict[str, Any]


def differences(doc: dict[str, Any]) -> dict[str, list[Entry]]:
    """``{"objectives": [...], "milestones": [...]}``: each entry names the row, the column,
    the base's and the column's cell and the size of the change, largest first."""
    base = doc["columns"][0]["id"]
    others = [c["id"] for c in doc["columns"][1:]]
    objectives = [e | {"title": o.get("title"), "defined_in": o.get("defined_in")} for o in doc["objectives"]
                  for c in others
                  if (e := _objective(o["objective"], c, o["values"].get(base), o["values"].get(c))
                      or _not_comparable(o, "objective", c, base))]
    milestones = [e for r in doc["milestones"] for c in others
                  if (e := _milestone(r["milestone"], c, r["values"].get(base), r["values"].get(c))
                      or _not_comparable(r, "milestone", c, base))]
    return {"objectives": _largest_first(objectives), "milestones": _largest_first(milestones)}


def _largest_first(entries: list[Entry]) -> list[Entry]:
    """By size; among equals, what objectives and response ends show before other milestones."""
    return sorted(entries, key=lambda e: (-e["size"], -e["moved"], not _key(e.get("milestone", ""))))


def _key(milestone: str) -> bool:
    return milestone.startswith("objective:") or milestone.endswith((".completed", ".failed"))


def _not_comparable(row: dict[str, Any], kind: str, column: str, base: str) -> Entry | None:
    """A column's own objective (or its milestone) whose id the base defines otherwise
    (``objective_rows``): listed with size 0 and ``comparable`` false, never differenced."""
    cell = row["values"].get(column)
    if row.get("defined_in") is None or row["values"].get(base) is not None or cell is None:
        return None
    if kind == "milestone" and cell.get("t") is None:
        return None
    return {kind: row[kind], "column": column, "base": None, "value": cell, "size": 0.0, "moved": 0,
            "comparable": False}


def _objective(name: str, column: str, base: dict[str, Any] | None, cell: dict[str, Any] | None) -> Entry | None:
    if base is None or cell is None:
        return None
    pairs = cell.get("paired")
    moved = pairs["base_only"] + pairs["variant_only"] if pairs else 0
    if "status" in base:
        size = 0.0 if base["status"] == cell.get("status") else 1.0
    else:
        size = round(abs(cell.get("met_rate", 0.0) - base.get("met_rate", 0.0)), 6)
    entry = {"objective": name, "column": column, "base": base, "value": cell, "size": size, "moved": moved}
    return entry if size or moved else None


def _milestone(name: str, column: str, base: dict[str, Any] | None, cell: dict[str, Any] | None) -> Entry | None:
    if base is None or cell is None:
        return None
    pairs = cell.get("paired")
    if pairs is not None:
        return _entry(name, column, base, cell, *paired_size(pairs)) if pairs["moved"] else None
    reached = (base.get("t") is not None, cell.get("t") is not None)
    if reached == (False, False):
        return None
    size = math.inf if reached != (True, True) else abs(cell.get("diff_h") or 0.0)
    return _entry(name, column, base, cell, size, 0) if size else None


def _entry(name: str, column: str, base: dict[str, Any], cell: dict[str, Any], size: float, moved: int) -> Entry:
    return {"milestone": name, "column": column, "base": base, "value": cell, "size": size, "moved": moved}
