"""The tornado chart of a sweep: which sampled factors move each key milestone most
(Spearman ρ of the base variant's runs with its interval, from ``analyse.sensitivity``;
significant drivers only)."""

from typing import Any

from matplotlib.figure import Figure

from engine.analyse.sensitivity import CONFIDENCE, MIN_RUNS
from engine.render.charts.labels import distinct, shorten, text
from engine.render.sweep_report import no_driver_text, significant

TORNADOES = 4  # milestones whose drivers are drawn
FACTOR_CHARS = 60  # longest factor label ("response / actor / step"), shortened from the middle
TITLE_CHARS = 64  # longest milestone title above a panel
LATER, EARLIER = "#c0392b", "#2471a3"


def tornado(variant: dict[str, Any], titles: dict[str, str] | None = None) -> Figure:
    """One panel per milestone (objectives first, at most TORNADOES): a bar per significant
    factor with its interval, red when a larger value makes the milestone later, blue when
    earlier; ``titles`` by milestone. A milestone without a significant driver says why."""
    wanted = sorted(variant["sensitivity"], key=lambda k: not k.startswith("objective:"))[:TORNADOES]
    targets = [(t, significant(variant["sensitivity"][t])) for t in wanted]
    if not any(variant["sensitivity_tested"][t] for t in wanted):
        return _no_drivers()
    fig = Figure(figsize=(8, 0.8 + 0.35 * sum(max(len(r), 1) + 1 for _, r in targets)), layout="constrained")
    axes = fig.subplots(len(targets), 1, squeeze=False)[:, 0]
    for ax, (target, rows) in zip(axes, targets, strict=True):
        rhos = [float(r["rho"]) for r in rows]
        spans = [[x - float(r["low"]) for x, r in zip(rhos, rows, strict=True)],
                 [float(r["high"]) - x for x, r in zip(rhos, rows, strict=True)]]
        ax.barh(range(len(rows)), rhos, color=[LATER if x > 0 else EARLIER for x in rhos], xerr=spans,
                ecolor="#333333", capsize=2)
        labels = distinct([str(r["factor"]) for r in rows], FACTOR_CHARS)
        ax.set_yticks(range(len(rows)), [text(s) for s in labels], fontsize=8)
        if not rows:  # "no significant driver (why)", on two lines: a panel is narrow
            ax.text(0.5, 0.5, text(no_driver_text(variant["sensitivity_tested"][target]).replace(" (", "\n(")),
                    transform=ax.transAxes, ha="center", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(-1, 1)
        ax.set_xticks([-1, -0.5, 0, 0.5, 1])  # a panel narrowed by long factor names crowds finer ticks
        ax.axvline(0, color="black", linewidth=0.8)
        title = (titles or {}).get(target)
        # The milestone's title on a line of its own: long factor names leave the panel (and
        # a title starting at its left edge) about half the figure's width.
        ax.set_title(text(f"Drivers of {target}" + (f"\n{shorten(title, TITLE_CHARS)}" if title else "")),
                     loc="left", fontsize=9)
    axes[-1].set_xlabel(f"Spearman ρ with the milestone time\nwhiskers: {CONFIDENCE:.0%} interval; significant drivers "
                        "only\n(red = later; not reached = horizon)")
    return fig


def _no_drivers() -> Figure:
    """Drawn when no factor could be ranked, so a sweep always writes the same files (an
    earlier sweep's tornado.png is never left behind in its folder)."""
    fig = Figure(figsize=(8, 1.2), layout="constrained")
    ax = fig.subplots()
    ax.axis("off")
    ax.text(0.5, 0.5, f"No drivers to rank: a factor needs at least {MIN_RUNS} runs in which it varies.",
            ha="center", va="center", fontsize=10)
    return fig
