"""The paired view of a sweep (sweep.md, sweep.html): each variant against the base,
replication by replication (``analyse.paired``; the figures are sweep.json's ``paired``).

Per variant, the base's key milestones (completions and objectives) that moved in at least
one replication, largest paired change first (``analyse.paired.size``): the median
difference, its p10…p90, the replications that moved and those that reached it on one side
only; then the key milestones it left untouched (0 of N moved). sweep.json has every
milestone; the pages show the key ones.
"""

from dataclasses import dataclass, field
from typing import Any

from engine.analyse.aggregate import PAIRED
from engine.analyse.paired import size
from engine.render.md import cell, inline
from engine.render.paired_cells import moved_text, one_sided_text, paired_change, paired_tone, reach_word, spread_text

HEAD = ["milestone", "paired change (median)", "p10…p90", "moved", "reached on one side only"]
NOTE = ("Replication i of every variant draws the same random numbers as replication i of the base, so each "
        "replication gives one difference (variant − base) per milestone. Median and p10…p90 are among the "
        "replications that reached the milestone on both sides; moved counts those in which it changed (another "
        "time, or reached on one side only), and those reached on one side only are also counted apart.")


def note(runs: int) -> str:
    """NOTE, and, past ``PAIRED`` replications, which replications are paired."""
    return NOTE + first_pairs(runs)


def first_pairs(runs: int) -> str:
    """`` Pairs: the first 10,000 replications …`` when the sweep had more (else empty)."""
    if runs <= PAIRED:
        return ""
    return (f" Pairs: the first {PAIRED:,} of the {runs:,} replications (enough for a share moved within "
            "±1.0 points; memory stays flat however many replications).")


@dataclass(frozen=True, slots=True)
class PairedRow:
    """One moved key milestone of a variant, as text."""

    milestone: str
    change: str
    spread: str
    moved: str
    one_sided: str
    tone: str  # "worse" | "better" | ""

    def cells(self) -> list[str]:
        """The row in ``HEAD`` order."""
        return [self.milestone, self.change, self.spread, self.moved, self.one_sided]


@dataclass(frozen=True, slots=True)
class PairedView:
    """A variant's paired differences from the base: moved key milestones and untouched ones."""

    variant: str
    runs: int
    rows: list[PairedRow] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)


def paired_views(doc: dict[str, Any]) -> list[PairedView]:
    """One view per variant besides the base, in the sweep's order."""
    keys = doc["variants"][0]["key_milestones"]
    return [_view(v, keys, doc["runs"]) for v in doc["variants"][1:] if v.get("paired") is not None]


def _view(v: dict[str, Any], keys: list[str], runs: int) -> PairedView:
    figures = {k: v["paired"][k] for k in keys if k in v["paired"]}
    moved = sorted((k for k, p in figures.items() if p["moved"]), key=lambda k: tuple(-x for x in size(figures[k])))
    rows = [_row(k, figures[k]) for k in moved]
    return PairedView(v["variant"] or "base", runs, rows, [k for k in keys if not figures.get(k, {}).get("moved")])


def _row(name: str, p: dict[str, Any]) -> PairedRow:
    bad = name.endswith(".failed")
    what = reach_word(name)
    return PairedRow(name, paired_change(p, what), spread_text(p), moved_text(p["moved"], p["pairs"]),
                     one_sided_text(p, what), paired_tone(p, bad=bad))


def untouched_text(view: PairedView) -> str:
    """``Untouched key milestones (0 of 1,000 replications moved), 2: a, b.``"""
    if not view.untouched:
        return "Every key milestone moved in at least one replication."
    return (f"Untouched key milestones (0 of {view.runs:,} replications moved), {len(view.untouched)}: "
            + ", ".join(view.untouched) + ".")


def paired_markdown(doc: dict[str, Any]) -> list[str]:
    """sweep.md's section "Paired differences from the base"."""
    views = paired_views(doc)
    if not views:
        return []
    lines = ["## Paired differences from the base", "", note(doc["runs"]), ""]
    for view in views:
        lines += [f"### {inline(view.variant)}", ""]
        if view.rows:
            lines += ["| " + " | ".join(HEAD) + " |", "|---|---:|---:|---:|---|"]
            lines += ["| " + " | ".join(cell(c) for c in r.cells()) + " |" for r in view.rows]
            lines.append("")
        lines += [inline(untouched_text(view)), ""]
    return lines
