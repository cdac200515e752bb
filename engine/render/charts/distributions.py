"""Sweep charts: ECDF of each key milestone per variant, box plot per milestone, tornado of drivers.

Drawn from the merged aggregates (histograms, percentiles, rank correlations), never from
per-run records, so a 100,000-run sweep draws as cheaply as a 100-run one. Each chart is
built once and written as PNG (beside sweep.md) and as SVG (inlined in sweep.html).

A variant has the same colour in every chart (``palette``); a variant that never reaches a
milestone stays on its ECDF as a line at 0% and in the box plot as a row that says so; an
objective's ECDF shows its deadline.
"""

import math
from collections import Counter
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from engine.analyse.aggregate import BIN_US, US, Aggregate
from engine.check.world import World
from engine.render.charts.deadlines import Deadline, deadlines, milestone_titles
from engine.render.charts.drivers import tornado
from engine.render.charts.labels import shorten, text
from engine.render.charts.output import Drawing
from engine.render.charts.palette import variant_colours, variant_dashes
from engine.render.percent import pct as percent  # `pct` names the figures here

DAY = 24.0
CHARTED = 8  # key milestones drawn (objectives first): a chart with 30 panels reads as noise
# Steps per ECDF line: finer than a panel's width can show, yet a few kB per line in the
# page's SVG rather than one vertex per 0.1 h bin.
ECDF_STEPS = 160
TITLE_CHARS = 95
ZERO_STEP = 0.012  # between two variants' 0% lines, so that each shows (share of runs)
ROW_IN = 0.26  # one variant's box


def sweep_charts(doc: dict[str, Any], aggs: dict[str | None, Aggregate], worlds: dict[str | None, World]) -> Drawing:
    """The charts of a sweep (``ecdf``, ``box``, ``tornado``): SVGs at once, PNGs drawn beside
    this process."""
    return Drawing(lambda: sweep_figures(doc, aggs, worlds))


def sweep_figures(doc: dict[str, Any], aggs: dict[str | None, Aggregate],
                  worlds: dict[str | None, World]) -> dict[str, Figure]:
    """The figures by chart name: ``ecdf`` and ``box`` (when there are key milestones), ``tornado``."""
    variants = doc["variants"]
    base = worlds[variants[0]["variant"]]
    shown = [v["variant"] for v in variants]
    style = Style(variant_colours(shown, [None, *base.scenario.variants]),
                  variant_dashes(shown, [None, *base.scenario.variants]), milestone_titles(base))
    keys = charted(list(dict.fromkeys(k for v in variants for k in v["key_milestones"])))
    figures: dict[str, Figure] = {}
    if keys:
        figures["ecdf"] = _ecdf(variants, aggs, keys, style, deadlines(variants, worlds))
        figures["box"] = _box(variants, keys, style)
    figures["tornado"] = tornado(variants[0], style.titles)
    return figures


class Style:
    """How variants and milestones are drawn: colour and dash by variant, title by milestone."""

    def __init__(self, colours: dict[str | None, str], dashes: dict[str | None, str], titles: dict[str, str]) -> None:
        self.colours, self.dashes, self.titles = colours, dashes, titles

    def title(self, key: str) -> str:
        """``objective:OBJ-2 — Rapid assistance…`` within TITLE_CHARS."""
        full = f"{key} — {self.titles[key]}" if self.titles.get(key) else key
        return text(shorten(full, TITLE_CHARS))


def charted(keys: list[str]) -> list[str]:
    """At most CHARTED milestones, objectives before completions."""
    return sorted(keys, key=lambda k: not k.startswith("objective:"))[:CHARTED]


def _name(v: dict[str, Any]) -> str:
    return text(v["variant"] or "base")


def _ecdf(variants: list[dict[str, Any]], aggs: dict[str | None, Aggregate], keys: list[str], style: Style,
          limits: dict[str, dict[str | None, Deadline]]) -> Figure:
    fig = Figure(figsize=(8, 2.6 * len(keys)), layout="constrained")
    axes = fig.subplots(len(keys), 1, squeeze=False)[:, 0]
    for ax, key in zip(axes, keys, strict=True):
        lines = {v["variant"]: _points(aggs[v["variant"]], key) for v in variants}
        marks = limits.get(key, {})
        span = _span([p for xy in lines.values() if xy for p in xy[0]] + [d.days for d in marks.values()],
                     max(aggs[v["variant"]].until_h for v in variants) / DAY)
        if not any(lines.values()):
            ax.text(0.5, 0.5, "No run of any variant reached it.", transform=ax.transAxes, ha="center",
                    va="center", fontsize=9, color="#555555")
        zeros = 0
        drawn: list[tuple[Any, str]] = []  # curves drawn so far, with their variant's name
        for v in variants:
            xy = lines[v["variant"]]
            # Under common random numbers a variant that does not touch this milestone has the
            # base's curve exactly, drawn over it: the legend says so, or only the last shows.
            same = next((name for curve, name in drawn if xy is not None and curve == xy), None)
            if xy is not None:
                drawn.append((xy, _name(v)))
            if xy is None:  # never reached: a line at 0%, each a little below the last so none hides another
                xy, zeros = ([span[0], span[1]], [-ZERO_STEP * zeros] * 2), zeros + 1
            pct = v["milestones"].get(key, {}).get("reached_pct") or 0
            label = f"{_name(v)}: {percent(pct)}" + (f" (= {same})" if same else "")
            ax.step(*xy, where="post", color=style.colours[v["variant"]], ls=style.dashes[v["variant"]],
                    lw=1.4 if lines[v["variant"]] else 2.2, label=label)
        _deadline_marks(ax, marks, style)
        ax.set_xlim(*span)
        ax.set_title(style.title(key), loc="left", fontsize=9)
        ax.set_ylabel("share of runs")
        ax.set_ylim(-0.03 - ZERO_STEP * max(zeros - 1, 0), 1.03)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7.5, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
                  title="runs that reach it", title_fontsize=7.5)
    axes[-1].set_xlabel("days from T+0 (runs that never reach it stay below 100%)")
    return fig


def _span(days: list[float], horizon: float) -> tuple[float, float]:
    """The x range of a panel: every step and deadline, with a little room either side (the
    whole run, T+0 to the horizon, when there is neither)."""
    if not days:
        return 0.0, max(horizon, 1.0)
    lo, hi = min(days), max(days)
    pad = max((hi - lo) * 0.03, 0.05)
    return lo - pad, hi + pad


def _deadline_marks(ax: Axes, marks: dict[str | None, Deadline], style: Style) -> None:
    """The deadline: one black line when every variant has the same, else one per variant in
    its colour; a band where it varies between runs (p5–p95 of its starting event)."""
    if not marks:
        return
    same = len({(d.days, d.low, d.high) for d in marks.values()}) == 1
    for variant, d in (list(marks.items())[:1] if same else marks.items()):
        colour = "black" if same else style.colours[variant]
        if d.high > d.low:
            ax.axvspan(d.low, d.high, color=colour, alpha=0.08, lw=0)
        ax.axvline(d.days, color=colour, ls=(0, (4, 3)), lw=1.1)
        ax.annotate("deadline" if same else f"deadline ({text(variant or 'base')})", (d.days, 1.0),
                    xycoords=("data", "axes fraction"), xytext=(-3, -3), textcoords="offset points",
                    ha="right", va="top", fontsize=7, color=colour,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})


def _points(agg: Aggregate, key: str) -> tuple[list[float], list[float]] | None:
    stats = agg.stats.get(key)
    if stats is None or not stats.bins or not agg.runs:
        return None
    return ecdf_points(stats.bins, agg.runs)


def ecdf_points(bins: dict[int, int], runs: int) -> tuple[list[float], list[float]]:
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


def _box(variants: list[dict[str, Any]], keys: list[str], style: Style) -> Figure:
    """One row per milestone (its title) and per variant beneath it: box p25–p75, whiskers
    p5–p95, the median a black line; a variant that never reached it says so."""
    rows = len(keys) * (len(variants) + 1)
    fig = Figure(figsize=(8, 0.9 + ROW_IN * rows), layout="constrained")
    ax = fig.subplots()
    boxes, faces, lines, labels = [], [], [], []
    y = 0
    for key in keys:
        labels.append((y, style.title(key).split(" — ")[0], True))
        y += 1
        for v in variants:
            m = v["milestones"].get(key)
            labels.append((y, f"{_name(v)}  {percent(m['reached_pct'])}" if m else _name(v), False))
            if m and m["reached"]:
                boxes.append(_rect(m["p25"] / DAY, m["p75"] / DAY, y, 0.6))
                faces.append(style.colours[v["variant"]])
                lines += [((m["p5"] / DAY, y), (m["p25"] / DAY, y)), ((m["p75"] / DAY, y), (m["p95"] / DAY, y)),
                          ((m["p50"] / DAY, y - 0.3), (m["p50"] / DAY, y + 0.3))]
            else:
                ax.text(0.01, y, "never reached (0%)", transform=ax.get_yaxis_transform(), va="center",
                        fontsize=7.5, color=style.colours[v["variant"]], style="italic")
            y += 1
    ax.add_collection(LineCollection(lines, colors="black", linewidths=1))
    ax.add_collection(PolyCollection(boxes, facecolors=faces, edgecolors="black", linewidths=0.8, alpha=0.75))
    ax.autoscale_view(scaley=False)
    ax.set_yticks([p for p, _, _ in labels], [s for _, s, _ in labels], fontsize=8)
    for tick, (_, _, head) in zip(ax.get_yticklabels(), labels, strict=True):
        tick.set_fontweight("bold" if head else "normal")
    ax.set_ylim(y - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labeltop=True, top=True)
    ax.set_xlabel("days from T+0 (box p25–p75, whiskers p5–p95, line the median;\n"
                  "% = share of runs that reached the milestone)")
    ax.grid(axis="x", alpha=0.3)
    handles = [Line2D([], [], color=style.colours[v["variant"]], lw=6, label=_name(v)) for v in variants]
    fig.legend(handles=handles, loc="outside upper center", ncol=min(5, len(handles)), fontsize=8, frameon=False)
    return fig


def _rect(x0: float, x1: float, y: float, height: float) -> list[tuple[float, float]]:
    return [(x0, y - height / 2), (x0, y + height / 2), (x1, y + height / 2), (x1, y - height / 2)]
