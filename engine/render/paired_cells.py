"""The text of paired differences (``analyse.paired``, variant − base replication by replication),
shared by compare's differences view, the sweep's pages and the terminal.

Times are differences, signed (``+3d``, ``−12h``, ``±0``), truncated like every time shown
(SPEC §2.1); a non-zero difference under a minute reads ``+<1m``, never ``+0``. The inputs
are the ``Paired.summary()`` dicts of compare.json and sweep.json.
"""

import re
from typing import Any

from engine.read.durations import format_hours
from engine.render.percent import pct

SIDES = (("base", "base_only", "−"), ("variant", "variant_only", "+"))


def signed_hours(hours: float, units: int = 3) -> str:
    """``+3d``, ``−12h``, ``±0``; ``units``: at most this many units (``+60d22h``), the rest truncated."""
    if not hours:
        return "±0"
    sign = "+" if hours > 0 else "−"
    text = "".join(re.findall(r"[0-9]+[dhm]", format_hours(abs(hours)))[:units])
    return sign + (text or "<1m")


def paired_change(p: dict[str, Any], what: str = "reached") -> str:
    """The median difference, or, when no replication reached the milestone on both sides,
    ``not reached`` / ``reached`` (in the variant) / ``reached on one side`` (``what``: ``met``
    for an objective)."""
    if p["median_h"] is not None:
        return signed_hours(p["median_h"])
    if not p["variant_only"]:
        return f"not {what}"
    return what if not p["base_only"] else f"{what} on one side"


def paired_tone(p: dict[str, Any], *, bad: bool) -> str:
    """``worse``, ``better`` or ``""``: by the median's sign, else by whether more replications
    moved later (or no longer reached it) than sooner (or now reached it); ``bad``: a milestone
    that goes wrong (a failure, a decline, a stop), where later is better."""
    later, sooner = p["later"] + p["base_only"], p["sooner"] + p["variant_only"]
    ahead = p["median_h"] or later - sooner
    return "" if not ahead else "worse" if (ahead > 0) != bad else "better"


def spread_text(p: dict[str, Any], units: int = 3) -> str:
    """``+1d…+5d``: p10…p90 of the differences (empty without any)."""
    if p["median_h"] is None:
        return ""
    return f"{signed_hours(p['p10_h'], units)}…{signed_hours(p['p90_h'], units)}"


def moved_text(n: int, of: int) -> str:
    """``873 of 1,000 (87.3%)``."""
    return f"{n:,} of {of:,} ({pct(100 * n / of)})" if of else "0"


def one_sided_text(p: dict[str, Any], what: str) -> str:
    """``reached in base only 12, in variant only 3`` (empty when neither)."""
    parts = [f"in {side} only {p[key]:,}" for side, key, _ in SIDES if p[key]]
    return f"{what} " + ", ".join(parts) if parts else ""


def reach_word(milestone: str) -> str:
    """``met`` for an objective's milestone, ``reached`` for the others."""
    return "met" if milestone.startswith("objective:") else "reached"


def short_cells(p: dict[str, Any], what: str = "reached") -> tuple[str, ...]:
    """A milestone's terminal cells: change, p10…p90 (times to their two largest units), moved, one side."""
    change = paired_change(p, what) if p["median_h"] is None else signed_hours(p["median_h"], 2)
    return (change, spread_text(p, 2), *short_counts(p["moved"], p, what))


def short_counts(moved: int, p: dict[str, Any], what: str = "reached") -> tuple[str, str]:
    """``("183/200", "reached in base only: 183")``: replications moved, and those that reached
    it (``what``: ``met`` for an objective) on one side only, in words that need no legend."""
    parts = [f"in {side} only: {p[key]:,}" for side, key, _ in SIDES if p[key]]
    return f"{moved:,}/{p['pairs']:,}", f"{what} " + ", ".join(parts) if parts else ""


def paired_brief(p: dict[str, Any]) -> str:
    """A full table's cell note: ``0 of 200 moved``, or the median with it: ``+3d, 183 of 200 moved``."""
    moved = f"{p['moved']:,} of {p['pairs']:,} moved"
    return moved if not p["moved"] or p["median_h"] is None else f"{signed_hours(p['median_h'])}, {moved}"
