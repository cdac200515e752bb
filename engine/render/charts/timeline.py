"""The timeline chart: responses, their participants' procedure steps and phases, on one time axis.

One block per response instance (grouped by component), inside it one lane per participant
(``timeline_lanes``). Procedure steps and phases are differently styled bars; a response's
own bar is coloured by how it ended (completed, failed, stopped, still open); markers show
authorisation, contribution, decline, completion and failure; the critical path is
outlined; injects are marked with their ids along the top; objective deadlines are
vertical lines (met green, missed red, open grey). Built once on
``matplotlib.figure.Figure`` (no pyplot state) and written as PNG and SVG from that figure.
"""

from datetime import datetime, timedelta

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from engine.analyse.delivered import on_timeline
from engine.check.world import World
from engine.render.charts.labels import text
from engine.render.charts.output import Drawing
from engine.render.charts.timeline_lanes import (
    COLORS,
    FONT,
    HATCH,
    RESPONSE_COLORS,
    Lane,
    draw_lanes,
    label_steps,
    lanes,
)
from engine.simulate.record import RunResult

__all__ = ["Lane", "lanes", "text", "timeline_drawing", "timeline_figure", "timeline_png", "timeline_svg"]

WIDTH_IN = 13.0
LANE_IN = 0.19  # height of one participant lane, inches
INJECT_LEVEL_IN = 0.17  # height of one row of inject labels
INJECT_LEVELS = 8  # rows of inject labels at most; injects beyond them are marked without their id
LEFT_IN = 2.8
RIGHT_IN = 0.55  # room for half of the last date label when its tick is at the right edge
MAX_TICKS = 12  # a date label ("01 May 2026") is ~0.6 in wide; the axis ~9.7 in
PNG_DPI = 110
RC = {"font.size": FONT, "font.family": "DejaVu Sans", "axes.unicode_minus": False}


def timeline_drawing(result: RunResult, world: World, *, png: bool = True, svg: bool = True) -> Drawing:
    """The chart built once: its SVG (``.svgs["timeline"]``) at once, its PNG
    (``.pngs()["timeline"]``) drawn beside this process meanwhile."""
    return Drawing(lambda: {"timeline": timeline_figure(result, world)}, png_dpi=PNG_DPI, png=png, svg=svg, rc=RC)


def timeline_png(result: RunResult, world: World) -> bytes:
    """The chart as PNG bytes (no software or date metadata)."""
    return timeline_drawing(result, world, svg=False).pngs()["timeline"]


def timeline_svg(result: RunResult, world: World) -> str:
    """The chart as SVG text, byte-identical for identical inputs (fixed hash salt, no date)."""
    return timeline_drawing(result, world, png=False).svgs["timeline"]


def timeline_figure(result: RunResult, world: World) -> Figure:
    """The whole chart as a Figure (draw it inside ``output.drawn``'s settings)."""
    rows = lanes(result, world)
    placed = on_timeline(world, result.events)
    levels = _inject_levels(result, placed)
    n_levels = min(max(levels.values(), default=-1) + 1, INJECT_LEVELS)
    top_in, bottom_in = 0.85 + max(n_levels, 1) * INJECT_LEVEL_IN, 1.05
    main_in = max(len(rows) * LANE_IN, 1.2)
    height = top_in + main_in + bottom_in
    fig = Figure(figsize=(WIDTH_IN, height))
    left, width = LEFT_IN / WIDTH_IN, (WIDTH_IN - LEFT_IN - RIGHT_IN) / WIDTH_IN
    ax = fig.add_axes((left, bottom_in / height, width, main_in / height))
    strip = fig.add_axes((left, (bottom_in + main_in) / height, width, (top_in - 0.75) / height), sharex=ax)
    title = world.scenario.title or world.scenario.scenario
    variant = f", variant {result.variant}" if result.variant else ""
    fig.text(left, 1 - 0.12 / height, text(f"{title} — {result.mode} run{variant}, seed {result.seed}"),
             fontsize=FONT + 2, fontweight="bold", va="top", ha="left")
    draw_lanes(ax, rows, result)
    label_steps(ax, rows, width * WIDTH_IN / max(result.until_h / 24, 1))
    _draw_deadlines(ax, result)
    _draw_injects(strip, placed, levels, n_levels)
    _time_axes(ax, strip, result)
    _legend(fig)
    return fig


def _draw_deadlines(ax: Axes, result: RunResult) -> None:
    """Dashed lines at the deadlines; labels at the top, stepped down when deadlines are close."""
    shown = sorted((o for o in result.objectives if o.deadline_h is not None and o.deadline_h <= result.until_h),
                   key=lambda o: o.deadline_h or 0.0)
    gap = result.until_h / 24 / 40  # closer than this and two labels would collide
    previous, step = -1e9, 0
    for o in shown:
        day = (o.deadline_h or 0.0) / 24
        step = step + 1 if day - previous < gap else 0
        previous = day
        color = COLORS.get(o.status, COLORS["open"])
        ax.axvline(day, color=color, lw=1.3, ls=(0, (5, 3)), zorder=1)
        ax.annotate(text(o.objective), (day, 1), xycoords=("data", "axes fraction"),
                    xytext=(2, -3 - 11 * step), textcoords="offset points", va="top", ha="left",
                    color=color, fontsize=FONT - 0.5, fontweight="bold", annotation_clip=False,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}, zorder=7)


def _inject_levels(result: RunResult, placed: list[tuple[str, float]]) -> dict[str, int]:
    """A label row for each inject so that labels never overlap (greedy, in time order); an
    inject whose label fits no row of the first INJECT_LEVELS gets the row INJECT_LEVELS
    (marked, not labelled)."""
    per_day = WIDTH_IN * 0.78 / max(result.until_h / 24, 1)  # inches per day, roughly
    ends: list[float] = []
    levels: dict[str, int] = {}
    for inject, t in sorted(placed, key=lambda x: x[1]):  # stable: file order at an instant
        if t > result.until_h:
            continue
        x = t / 24 * per_day
        level = next((n for n, end in enumerate(ends) if end < x), len(ends))
        if level == len(ends) and level < INJECT_LEVELS:
            ends.append(0.0)
        if level < INJECT_LEVELS:
            ends[level] = x + 0.1 + 0.058 * len(inject)
        levels[inject] = min(level, INJECT_LEVELS)
    return levels


def _draw_injects(strip: Axes, placed: list[tuple[str, float]], levels: dict[str, int], n: int) -> None:
    """Every inject as a triangle and a stem (one collection each); ids where a row has room."""
    strip.set_ylim(-0.6, max(n, 1) + 0.1)
    shown = [(t / 24, levels[inject], inject) for inject, t in placed if inject in levels]
    stems = [((d, -0.6), (d, min(level, n - 1) + 0.15 if level < n else -0.1)) for d, level, _ in shown]
    strip.add_collection(LineCollection(stems, colors=COLORS["inject"], linewidths=0.5, alpha=0.5), autolim=False)
    strip.plot([d for d, _, _ in shown], [-0.35] * len(shown), ls="", marker="v", ms=5, color=COLORS["inject"])
    for d, level, name in shown:
        if level < n:
            strip.text(d, level + 0.2, text(name), fontsize=FONT - 1, color=COLORS["inject"], ha="left",
                       va="bottom")
    strip.set_yticks([])
    strip.tick_params(axis="x", labelbottom=False, bottom=False)
    for side in ("left", "right", "bottom"):
        strip.spines[side].set_visible(False)
    unlabelled = sum(1 for _, level, _ in shown if level >= n)
    strip.set_ylabel("Injects" + (f"\n({unlabelled:,} not labelled;\nall in msel.csv)" if unlabelled else ""),
                     rotation=0, ha="right", va="center", fontsize=FONT, fontweight="bold")


def _time_axes(ax: Axes, strip: Axes, result: RunResult) -> None:
    # A facilitated session may end at T+0: keep at least a day on the axis.
    days = max(result.until_h / 24, 1.0)
    ax.set_xlim(0, days)
    step = _tick_step(days)
    ticks = [float(t) for t in range(0, int(days) + 1, step)]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"T+{int(t)}d" for t in ticks])
    ax.set_xlabel("Scenario time (days since T+0); calendar dates (UTC) on top")
    start: datetime = result.start
    top = strip.secondary_xaxis("top")
    top.set_xticks(ticks)
    top.set_xticklabels([_date(start + timedelta(days=t)) for t in ticks], fontsize=FONT - 0.5)


def _tick_step(days: float) -> int:
    """Days between ticks: at most MAX_TICKS intervals, so the dates on top never touch."""
    for step in (1, 2, 7, 14, 28):
        if days / step <= MAX_TICKS:
            return step
    return 56


def _legend(fig: Figure) -> None:
    """Every colour and mark of the chart, in the order the eye meets them."""
    handles = [
        Patch(color=RESPONSE_COLORS["completed"], label="response, completed"),
        Patch(color=RESPONSE_COLORS["failed"], label="response, failed"),
        Patch(facecolor=RESPONSE_COLORS["active"], edgecolor="white", hatch=HATCH, label="response, open at horizon"),
        Patch(color=RESPONSE_COLORS["stopped"], label="response, stopped"),
        Patch(color=COLORS["procedure"], label="procedure step"),
        Patch(color=COLORS["phase"], label="phase"),
        Patch(facecolor=COLORS["unfinished"], edgecolor="white", hatch=HATCH, label="step unfinished at horizon"),
        Patch(facecolor="white", edgecolor=COLORS["critical"], label="critical path (▸)"),
        Line2D([], [], marker="|", ms=7, mew=1.4, color="black", ls="", label="authorized"),
        Line2D([], [], marker="o", ms=5, color=COLORS["met"], ls="", label="contributed"),
        Line2D([], [], marker="X", ms=6, color=COLORS["missed"], ls="", label="declined"),
        Line2D([], [], marker="*", ms=10, color=COLORS["met"], mec="black", mew=0.5, ls="", label="completed"),
        Line2D([], [], marker="X", ms=8, color=COLORS["missed"], mec="black", mew=0.5, ls="", label="failed"),
        Line2D([], [], marker="s", ms=6, color=COLORS["open"], mec="black", mew=0.5, ls="", label="stopped"),
        Line2D([], [], color=COLORS["met"], ls="--", label="deadline met"),
        Line2D([], [], color=COLORS["missed"], ls="--", label="deadline missed"),
        Line2D([], [], color=COLORS["open"], ls="--", label="deadline open"),
        Line2D([], [], marker="v", ms=5, color=COLORS["inject"], ls="", label="inject"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=6, frameon=False, fontsize=FONT,
               bbox_to_anchor=(0.5, 0.0))


def _date(when: datetime) -> str:
    """``01 Mar 2026`` (years before 1000 with four digits, which %Y does not give on Linux)."""
    return f"{when.day:02d} {when:%b} {when.year:04d}"
