"""Sweep charts: ECDF of each key milestone per variant, box plot per milestone, tornado of drivers.

Drawn from the merged aggregates (histograms, percentiles, rank correlations), never from
per-run records, so a 100,000-run sweep draws as cheaply as a 100-run one. Each chart is
written as PNG (beside sweep.md) and as SVG (inlined in sweep.html) from the same figure.
"""

import inspect
import math
from collections import Counter
from typing import Any

from matplotlib.figure import Figure

from engine.analyse.aggregate import BIN_US, US, Aggregate
from engine.analyse.sensitivity import CONFIDENCE, MIN_RUNS
from engine.render.charts.output import png_and_svg
from engine.render.charts.timeline import text
from engine.render.sweep_report import no_driver_text, significant

DAY = 24.0
CHARTED = 8  # key milestones drawn (objectives first): a chart with 30 panels reads as noise
TORNADOES = 4  # milestones whose drivers are drawn
# Steps per ECDF line: finer than a panel's width can show, yet a few kB per line in the
# page's SVG rather than one vertex per 0.1 h bin.
ECDF_STEPS = 160


def sweep_charts(doc: dict[str, Any], aggs: dict[str | None, Aggregate]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The charts of a sweep: PNG bytes by file name (``ecdf.png``), SVG text by chart (``ecdf``)."""
    return png_and_svg(lambda: _figures(doc, aggs))


def _figures(doc: dict[str, Any], aggs: dict[str | None, Aggregate]) -> dict[str, Figure]:
    variants = doc["variants"]
    keys = _charted(list(dict.fromkeys(k for v in variants for k in v["key_milestones"])))
    figures: dict[str, Figure] = {}
    if keys:
        figures["ecdf"] = _ecdf(variants, aggs, keys)
        figures["box"] = _box(variants, keys)
    figures["tornado"] = _tornado(variants[0])
    return figures


def _charted(keys: list[str]) -> list[str]:
    """At most CHARTED milestones, objectives before completions."""
    return sorted(keys, key=lambda k: not k.startswith("objective:"))[:CHARTED]


def _ecdf(variants: list[dict[str, Any]], aggs: dict[str | None, Aggregate], keys: list[str]) -> Figure:
    fig = Figure(figsize=(8, 2.6 * len(keys)), layout="constrained")
    axes = fig.subplots(len(keys), 1, squeeze=False)[:, 0]
    for ax, key in zip(axes, keys, strict=True):
        for v in variants:
            stats = aggs[v["variant"]].stats.get(key)
            runs = aggs[v["variant"]].runs
            if stats is None or not runs:
                continue
            xs, ys = _ecdf_points(stats.bins, runs)
            ax.step(xs, ys, where="post", label=text(v["variant"] or "base"))
        ax.set_title(text(key), loc="left", fontsize=10)
        ax.set_ylabel("share of runs")
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="lower right")
    axes[-1].set_xlabel("days from T+0 (runs that never reach it stay below 100%)")
    return fig


def _ecdf_points(bins: dict[int, int], runs: int) -> tuple[list[float], list[float]]:
    """The ECDF's steps in days, histogram bins merged into at most ECDF_STEPS equal cells."""
    first, last = min(bins), max(bins) + 1
    width = max(1, math.ceil((last - first) / ECDF_STEPS))
    cells: Counter[int] = Counter()
    for b, n in bins.items():
        cells[(b - first) // width] += n
    xs, ys, seen = [first * BIN_US / US / DAY], [0.0], 0
    for c in sorted(cells):
        seen += cells[c]
        xs.append((first + (c + 1) * width) * BIN_US / US / DAY)
        ys.append(seen / runs)
    return xs, ys


def _box(variants: list[dict[str, Any]], keys: list[str]) -> Figure:
    fig = Figure(figsize=(8, 0.5 + 0.45 * len(keys) * len(variants)), layout="constrained")
    ax = fig.subplots()
    stats, labels = [], []
    for key in keys:
        for v in variants:
            m = v["milestones"].get(key)
            if not m or not m["reached"]:
                continue
            stats.append({"med": m["p50"] / DAY, "q1": m["p25"] / DAY, "q3": m["p75"] / DAY,
                          "whislo": m["p5"] / DAY, "whishi": m["p95"] / DAY, "fliers": [],
                          "label": text(f"{key} [{v['variant'] or 'base'}] {m['reached_pct']:g}%")})
            labels.append(key)
    if stats:
        # `orientation` replaced `vert` in Matplotlib 3.10; older versions only know `vert`.
        if "orientation" in inspect.signature(ax.bxp).parameters:
            ax.bxp(stats, orientation="horizontal", showfliers=False)
        else:
            ax.bxp(stats, vert=False, showfliers=False)
    ax.invert_yaxis()
    ax.set_xlabel("days from T+0 (box p25–p75, whiskers p5–p95; % = runs that reached it)")
    ax.grid(axis="x", alpha=0.3)
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


def _tornado(variant: dict[str, Any]) -> Figure:
    wanted = _charted(list(variant["sensitivity"]))[:TORNADOES]
    targets = [(t, significant(variant["sensitivity"][t])) for t in wanted]
    if not any(variant["sensitivity_tested"][t] for t in wanted):
        return _no_drivers()
    fig = Figure(figsize=(8, 0.6 + 0.35 * sum(max(len(r), 1) + 1 for _, r in targets)), layout="constrained")
    axes = fig.subplots(len(targets), 1, squeeze=False)[:, 0]
    for ax, (target, rows) in zip(axes, targets, strict=True):
        rhos = [float(r["rho"]) for r in rows]
        colours = ["#c0392b" if x > 0 else "#2471a3" for x in rhos]
        spans = [[x - float(r["low"]) for x, r in zip(rhos, rows, strict=True)],
                 [float(r["high"]) - x for x, r in zip(rhos, rows, strict=True)]]
        ax.barh(range(len(rows)), rhos, color=colours, xerr=spans, ecolor="#333333", capsize=2)
        ax.set_yticks(range(len(rows)), [text(str(r["factor"])) for r in rows], fontsize=8)
        if not rows:  # "no significant driver (why)", on two lines: a panel is narrow
            ax.text(0.5, 0.5, text(no_driver_text(variant["sensitivity_tested"][target]).replace(" (", "\n(")),
                    transform=ax.transAxes, ha="center", va="center", fontsize=8)
        ax.invert_yaxis()
        ax.set_xlim(-1, 1)
        ax.set_xticks([-1, -0.5, 0, 0.5, 1])  # a panel narrowed by long factor names crowds finer ticks
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_title(text(f"Drivers of {target}"), loc="left", fontsize=10)
    axes[-1].set_xlabel(f"Spearman ρ with the milestone time\nwhiskers: {CONFIDENCE:.0%} interval; significant drivers "
                        "only\n(red = later; not reached = horizon)")
    return fig
