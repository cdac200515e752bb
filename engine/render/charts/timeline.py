"""The timeline chart: responses, their participants' procedure steps and phases, on one time axis.

One block per response instance (grouped by component), inside it one lane per participant.
Procedure steps and phases are differently styled bars; markers show authorisation,
contribution, decline, completion and failure; the critical path is outlined; injects are
marked with their ids along the top; objective deadlines are vertical lines (met green,
missed red). Built on ``matplotlib.figure.Figure`` (no pyplot state), written as PNG or SVG.
"""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from engine.analyse.critical_path import critical_paths
from engine.check.world import World
from engine.simulate.record import ParticipantRecord, ResponseRecord, RunResult

WIDTH_IN = 13.0
LANE_IN = 0.19  # height of one participant lane, inches
INJECT_LEVEL_IN = 0.17  # height of one row of inject labels
FONT = 7.5
LABEL_CHARS = 38  # longest lane label; the left margin (LEFT_IN) holds this many characters
LEFT_IN = 2.8
COLORS = {
    "procedure": "#f4a259", "phase": "#3b75af", "unfinished": "#c9c9c9", "span": "#eef2f7",
    "met": "#2a9d3f", "missed": "#d62728", "open": "#7f7f7f", "critical": "#111111", "inject": "#6a3d9a",
}
RC: dict[str, Any] = {"svg.hashsalt": "accord", "svg.fonttype": "none", "font.size": FONT, "font.family": "DejaVu Sans",
      "axes.unicode_minus": False}


@dataclass(frozen=True, slots=True)
class Lane:
    """One row of the chart: a component title, a response header, or a participant."""

    kind: str  # "component" | "response" | "participant"
    label: str
    response: ResponseRecord | None = None
    participant: ParticipantRecord | None = None


def timeline_png(result: RunResult, world: World, dpi: int = 110) -> bytes:
    """The chart as PNG bytes (no software or date metadata)."""
    return _save(result, world, "png", {"Software": None}, dpi)


def timeline_svg(result: RunResult, world: World) -> str:
    """The chart as SVG text, byte-identical for identical inputs (fixed hash salt, no date)."""
    return _save(result, world, "svg", {"Date": None}, 72).decode("utf-8")


def _save(result: RunResult, world: World, fmt: str, metadata: dict[str, None], dpi: int) -> bytes:
    with mpl.rc_context(RC):  # type: ignore[arg-type]  # typed as a Literal-keyed dict; ours are valid keys
        fig = timeline_figure(result, world)
        buf = io.BytesIO()
        FigureCanvasAgg(fig)
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=dpi)
    return buf.getvalue()


def text(s: str) -> str:
    """Scenario text made literal for matplotlib ($ would start mathtext)."""
    return s.replace("$", r"\$")


def lanes(result: RunResult, world: World) -> list[Lane]:
    """The rows top to bottom: component, then each response instance and its participants."""
    order: dict[str, list[ResponseRecord]] = {}
    for x in result.responses:
        d = world.responses.get(x.response)
        order.setdefault((d.component if d is not None else None) or "", []).append(x)
    out: list[Lane] = []
    for component, instances in order.items():
        if component:
            out.append(Lane("component", component.replace("_", " ").upper()))
        for x in instances:
            d = world.responses.get(x.response)
            title = (d.title if d is not None else None) or x.response
            suffix = f" #{x.instance}" if sum(1 for y in result.responses if y.response == x.response) > 1 else ""
            out.append(Lane("response", shorten(title, LABEL_CHARS - len(suffix)) + suffix, x))
            out += [Lane("participant", shorten(_actor(world, p.actor), LABEL_CHARS), x, p) for p in x.participants]
    return out


def shorten(label: str, limit: int) -> str:
    """A label cut to ``limit`` characters with an ellipsis, so it fits the left margin."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _actor(world: World, actor: str) -> str:
    a = world.actors.get(actor)
    return a.name if a is not None and a.name else actor


def timeline_figure(result: RunResult, world: World) -> Figure:
    """The whole chart as a Figure."""
    rows = lanes(result, world)
    levels = _inject_levels(result, world)
    n_levels = max(levels.values(), default=-1) + 1
    top_in, bottom_in = 0.85 + max(n_levels, 1) * INJECT_LEVEL_IN, 1.05
    main_in = max(len(rows) * LANE_IN, 1.2)
    height = top_in + main_in + bottom_in
    fig = Figure(figsize=(WIDTH_IN, height))
    left = LEFT_IN / WIDTH_IN
    ax = fig.add_axes((left, bottom_in / height, 1 - left - 0.25 / WIDTH_IN, main_in / height))
    strip = fig.add_axes((left, (bottom_in + main_in) / height, 1 - left - 0.25 / WIDTH_IN,
                          (top_in - 0.75) / height), sharex=ax)
    title = world.scenario.title or world.scenario.scenario
    variant = f", variant {result.variant}" if result.variant else ""
    fig.text(left, 1 - 0.12 / height, text(f"{title} — {result.mode} run{variant}, seed {result.seed}"),
             fontsize=FONT + 2, fontweight="bold", va="top", ha="left")
    _draw_lanes(ax, rows, result)
    _label_steps(ax, rows, (1 - left - 0.25 / WIDTH_IN) * WIDTH_IN / max(result.until_h / 24, 1))
    _draw_deadlines(ax, result)
    _draw_injects(strip, world, levels, n_levels)
    _time_axes(ax, strip, result)
    _legend(fig)
    return fig


def _draw_lanes(ax: Axes, rows: list[Lane], result: RunResult) -> None:
    critical = {(p.response, p.instance): p for p in critical_paths(result)}
    horizon = result.until_h / 24
    for y, lane in enumerate(rows):
        x = lane.response
        if lane.kind == "component":
            ax.axhspan(y - 0.5, y + 0.5, color="#dddddd", lw=0, zorder=0)
        elif lane.kind == "response" and x is not None:
            end = (x.ended_h if x.ended_h is not None else result.until_h) / 24
            ax.barh(y, end - x.started_h / 24, left=x.started_h / 24, height=0.55, color="#9aa9bb", lw=0, zorder=2)
            _end_marker(ax, y, x, horizon)
        elif lane.participant is not None and x is not None:
            cp = critical.get((x.response, x.instance))
            _draw_participant(ax, y, lane.participant, result, cp is not None and cp.actor == lane.participant.actor)
    path_lanes = {(c.response, c.instance, c.actor) for c in critical.values()}
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    if not rows:
        ax.text(0.5, 0.5, "No response was started.", transform=ax.transAxes, ha="center", va="center")
    ax.set_yticks(range(len(rows)))
    critical_lane = [r.kind == "participant" and r.response is not None and r.participant is not None
                     and (r.response.response, r.response.instance, r.participant.actor) in path_lanes for r in rows]
    ax.set_yticklabels([text(r.label) + (" ▸" if c else "") for r, c in zip(rows, critical_lane, strict=True)])
    for tick, lane, c in zip(ax.get_yticklabels(), rows, critical_lane, strict=True):
        if lane.kind != "participant" or c:
            tick.set_fontweight("bold")
        if lane.kind == "component":
            tick.set_color("#555555")
    ax.tick_params(axis="y", length=0, labelsize=FONT)
    ax.grid(axis="x", color="#e5e5e5", lw=0.6, zorder=0)
    ax.set_axisbelow(True)


def _draw_participant(ax: Axes, y: int, p: ParticipantRecord, result: RunResult, on_path: bool) -> None:
    for s in p.steps:
        end = s.end_h if s.end_h is not None else result.until_h
        color = COLORS[s.kind] if s.end_h is not None else COLORS["unfinished"]
        edge = COLORS["critical"] if on_path else "white"
        ax.barh(y, (end - s.start_h) / 24, left=s.start_h / 24, height=0.62, color=color,
                edgecolor=edge, lw=1.1 if on_path else 0.5, zorder=3, hatch=None if s.end_h is not None else "///")
    if p.authorized_h is not None:
        ax.plot(p.authorized_h / 24, y, marker="|", ms=7, mew=1.4, color="black", zorder=4)
    if p.contributed_h is not None:
        ax.plot(p.contributed_h / 24, y, marker="o", ms=4, color=COLORS["met"], mec="white", mew=0.5, zorder=5)
    if p.status == "declined" and p.steps and p.steps[-1].end_h is not None:
        ax.plot(p.steps[-1].end_h / 24, y, marker="X", ms=6, color=COLORS["missed"], mec="white", mew=0.5, zorder=5)


def _label_steps(ax: Axes, rows: list[Lane], inch_per_day: float) -> None:
    """Write a step's name inside its bar when the bar is wide enough to hold it."""
    for y, lane in enumerate(rows):
        for st in lane.participant.steps if lane.participant is not None else ():
            if st.end_h is None:
                continue
            width = (st.end_h - st.start_h) / 24 * inch_per_day
            if width > 0.15 + 0.045 * len(st.name):
                ax.text((st.start_h + st.end_h) / 48, y, text(st.name), ha="center", va="center", zorder=6,
                        fontsize=FONT - 1.5, color="white" if st.kind == "phase" else "#3a2a10", clip_on=True)


def _end_marker(ax: Axes, y: int, x: ResponseRecord, horizon: float) -> None:
    if x.ended_h is None:
        return
    style = {"completed": ("*", COLORS["met"], 11), "failed": ("X", COLORS["missed"], 8),
             "stopped": ("s", COLORS["open"], 6)}.get(x.status)
    if style is not None:
        ax.plot(min(x.ended_h / 24, horizon), y, marker=style[0], ms=style[2], color=style[1],
                mec="black", mew=0.5, zorder=6)


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
                    color=color, fontsize=FONT - 0.5, fontweight="bold",
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}, zorder=7)


def _inject_levels(result: RunResult, world: World) -> dict[str, int]:
    """A label row for each inject so that labels never overlap (greedy, in time order)."""
    per_day = WIDTH_IN * 0.78 / max(result.until_h / 24, 1)  # inches per day, roughly
    ends: list[float] = []
    levels: dict[str, int] = {}
    for i in sorted(world.injects, key=lambda i: i.t):
        if i.t > result.until_h:
            continue
        x = i.t / 24 * per_day
        width = 0.1 + 0.058 * len(i.id)
        level = next((n for n, end in enumerate(ends) if end < x), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level] = x + width
        levels[i.id] = level
    return levels


def _draw_injects(strip: Axes, world: World, levels: dict[str, int], n: int) -> None:
    strip.set_ylim(-0.6, max(n, 1) + 0.1)
    for i in world.injects:
        if i.id not in levels:
            continue
        d = i.t / 24
        level = levels[i.id]
        strip.plot([d, d], [-0.6, level + 0.15], color=COLORS["inject"], lw=0.5, alpha=0.5)
        strip.plot(d, -0.35, marker="v", ms=5, color=COLORS["inject"])
        strip.text(d, level + 0.2, text(i.id), fontsize=FONT - 1, color=COLORS["inject"], ha="left", va="bottom")
    strip.set_yticks([])
    strip.tick_params(axis="x", labelbottom=False, bottom=False)
    for side in ("left", "right", "bottom"):
        strip.spines[side].set_visible(False)
    strip.set_ylabel("Injects", rotation=0, ha="right", va="center", fontsize=FONT, fontweight="bold")


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
    for step in (1, 2, 7, 14, 28):
        if days / step <= 16:
            return step
    return 56


def _legend(fig: Figure) -> None:
    handles = [
        Patch(color=COLORS["procedure"], label="procedure step"),
        Patch(color=COLORS["phase"], label="phase"),
        Patch(color=COLORS["unfinished"], label="unfinished at horizon"),
        Patch(facecolor="white", edgecolor=COLORS["critical"], label="critical path"),
        Line2D([], [], marker="|", ms=7, mew=1.4, color="black", ls="", label="authorized"),
        Line2D([], [], marker="o", ms=5, color=COLORS["met"], ls="", label="contributed"),
        Line2D([], [], marker="X", ms=6, color=COLORS["missed"], ls="", label="declined"),
        Line2D([], [], marker="*", ms=10, color=COLORS["met"], mec="black", mew=0.5, ls="", label="completed"),
        Line2D([], [], marker="X", ms=8, color=COLORS["missed"], mec="black", mew=0.5, ls="", label="failed"),
        Line2D([], [], color=COLORS["met"], ls="--", label="deadline met"),
        Line2D([], [], color=COLORS["missed"], ls="--", label="deadline missed"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=6, frameon=False, fontsize=FONT,
               bbox_to_anchor=(0.5, 0.0))


def _date(when: datetime) -> str:
    """``01 Mar 2026`` (years before 1000 with four digits, which %Y does not give on Linux)."""
    return f"{when.day:02d} {when:%b} {when.year:04d}"
