"""Comparison charts (PNG and SVG, each figure built once): the columns' response timelines
side by side, and a dot-plot of the key milestones (objectives met, responses ended).

A column keeps its colour in both charts and in the sweep's (``palette``). A failed
response is drawn hatched and ends in a cross; one still running at the horizon is pale.
In the dot-plot each column has its own place within a row, so equal times never hide one
another, and a milestone a column never reaches is an open circle at the horizon.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from engine.render.charts.labels import distinct, text
from engine.render.charts.output import Drawing
from engine.render.charts.palette import variant_colours

DAY = 24.0
BAR_IN = 0.1  # height of one column's bar in the timelines, inches
BLOCK_GAP_IN = 0.12  # between two responses' blocks
LABEL_CHARS = 34
FAILED = "#d62728"
HATCH = "xxxx"


def compare_charts(doc: dict[str, Any], declared: Sequence[str | None] = ()) -> Drawing | None:
    """The charts of a comparison (``timelines``, ``milestones``), None without milestones:
    SVGs at once, PNGs drawn beside this process. ``declared``: the scenario's variants in
    file order, the base (None) first, so that each variant has the colour it has in every chart."""
    if not doc["milestones"]:
        return None
    return Drawing(lambda: compare_figures(doc, declared))


def compare_figures(doc: dict[str, Any], declared: Sequence[str | None] = ()) -> dict[str, Figure]:
    """The figures by chart name: ``timelines`` and ``milestones``."""
    return {"timelines": _timelines(doc, declared), "milestones": _dots(doc, declared)}


def column_colours(doc: dict[str, Any], declared: Sequence[str | None]) -> dict[str, str]:
    """Colour by column id: the variant's colour when the columns are one scenario's base and
    variants, else the column's place."""
    cols = doc["columns"]
    if len({c["scenario"] for c in cols}) == 1:
        by_variant = variant_colours([c["variant"] for c in cols], declared)
        return {c["id"]: by_variant[c["variant"]] for c in cols}
    ids = [c["id"] for c in cols]
    return {k: v for k, v in variant_colours(ids, ids).items() if k is not None}


def _times(doc: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    return {r["milestone"]: r["values"] for r in doc["milestones"]}


def _t(cell: dict[str, Any] | None) -> float | None:
    return None if cell is None else cell.get("t")


def _ending(times: dict[str, dict[str, dict[str, Any]]], resp: str, col: str) -> tuple[str, float | None]:
    """How and when a column's response ended: completed, failed, or open (None)."""
    done = times.get(f"{resp}.completed", {}).get(col)
    failed = times.get(f"{resp}.failed", {}).get(col)
    if _t(failed) is not None and (_t(done) is None or _share(failed) > _share(done)):
        return "failed", _t(failed)
    if _t(done) is not None:
        return "completed", _t(done)
    return "open", None


def _share(cell: dict[str, Any] | None) -> float:
    """The share of runs that reached a milestone (1 for a nominal run that did)."""
    if cell is None or cell.get("t") is None:
        return 0.0
    return float(cell.get("reached_pct", 100.0))


def _timelines(doc: dict[str, Any], declared: Sequence[str | None]) -> Figure:
    times = _times(doc)
    responses = [m.removesuffix(".started") for m in times if m.endswith(".started")]
    cols = [c["id"] for c in doc["columns"]]
    colours = column_colours(doc, declared)
    horizon = max(c["until_h"] for c in doc["columns"]) / DAY
    block = len(cols) * BAR_IN + BLOCK_GAP_IN
    fig = Figure(figsize=(9, 1.3 + block * max(1, len(responses))), layout="constrained")
    ax = fig.subplots()
    bars: dict[str, list[Any]] = {"completed": [], "failed": [], "open": []}
    ends: list[tuple[float, float]] = []
    for i, resp in enumerate(responses):
        for j, col in enumerate(cols):
            start = _t(times[f"{resp}.started"].get(col))
            if start is None:
                continue
            how, end = _ending(times, resp, col)
            y = i * block + (j + 0.5) * BAR_IN
            # an instant response still shows: at least 0.3% of the axis wide
            stop = max((end / DAY) if end is not None else horizon, start / DAY + horizon * 0.003)
            bars[how].append(([(start / DAY, y - 0.42 * BAR_IN), (start / DAY, y + 0.42 * BAR_IN),
                               (stop, y + 0.42 * BAR_IN), (stop, y - 0.42 * BAR_IN)], colours[col]))
            if how == "failed":
                ends.append((stop, y))
    _bars(ax, bars, ends)
    labels = distinct(responses, LABEL_CHARS)
    ax.set_yticks([i * block + len(cols) * BAR_IN / 2 for i in range(len(responses))], [text(s) for s in labels],
                  fontsize=8)
    ax.set_ylim(len(responses) * block, -BLOCK_GAP_IN / 2)
    ax.set_xlim(0, horizon)
    ax.tick_params(axis="y", length=0)
    ax.tick_params(axis="x", labeltop=True, top=True)
    ax.set_xlabel("days from T+0" + (f" (medians of {doc['runs']:,} runs)" if doc["mode"] == "sampled" else ""))
    ax.grid(axis="x", alpha=0.3)
    _legend(fig, doc, colours, [
        Patch(facecolor="#888888", label="completed"),
        Patch(facecolor="#888888", hatch=HATCH, edgecolor=FAILED, label="failed (×)"),
        Patch(facecolor="#888888", alpha=0.3, label="not finished by the horizon"),
    ])
    return fig


def _bars(ax: Axes, bars: dict[str, list[Any]], ends: list[tuple[float, float]]) -> None:
    """One collection per kind of ending: solid, hatched with a red edge, pale."""
    styles: dict[str, dict[str, Any]] = {"completed": {}, "open": {"alpha": 0.3},
                                         "failed": {"hatch": HATCH, "edgecolors": FAILED, "linewidths": 0.6}}
    for how, items in bars.items():
        if items:
            ax.add_collection(PolyCollection([v for v, _ in items], facecolors=[c for _, c in items],
                                             **styles[how]), autolim=False)
    if ends:
        ax.plot([x for x, _ in ends], [y for _, y in ends], ls="", marker="X", ms=7, color=FAILED,
                mec="white", mew=0.5, zorder=4)


def _legend(fig: Figure, doc: dict[str, Any], colours: dict[str, str], marks: list[Any]) -> None:
    """Outside the axes, never on the data: a colour per column above, what the marks mean below."""
    handles = [Patch(color=colours[c["id"]], label=text(c["id"])) for c in doc["columns"]]
    fig.legend(handles=handles, loc="outside upper center", ncol=min(6, len(handles)), fontsize=8, frameon=False)
    fig.legend(handles=marks, loc="outside lower center", ncol=len(marks), fontsize=8, frameon=False)


def _dot_rows(doc: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    """The rows of the dot-plot: (label, milestone met/completed, milestone failed), objectives first."""
    times = _times(doc)
    rows: list[tuple[str, str | None, str | None]] = [(n, n, None) for n in times if n.startswith("objective:")]
    for n in times:
        if n.endswith(".started"):
            resp = n.removesuffix(".started")
            done, failed = f"{resp}.completed", f"{resp}.failed"
            if done in times or failed in times:
                rows.append((f"{resp} ended", done if done in times else None, failed if failed in times else None))
    return rows


def _dots(doc: dict[str, Any], declared: Sequence[str | None]) -> Figure:
    rows = _dot_rows(doc)
    cols = [c["id"] for c in doc["columns"]]
    colours = column_colours(doc, declared)
    horizon = max(c["until_h"] for c in doc["columns"]) / DAY
    # A column without a time has not reached the milestone when every column plays one
    # scenario (a variant cannot add a response); across scenarios it may not have it at all.
    one_scenario = len({c["scenario"] for c in doc["columns"]}) == 1
    fig = Figure(figsize=(9, 1.5 + max(0.3, 0.075 * len(cols)) * max(1, len(rows))), layout="constrained")
    ax = fig.subplots()
    marks = _dot_marks(_times(doc), rows, cols, horizon, unreached=one_scenario)
    ax.add_collection(LineCollection(marks.ranges, colors="#cccccc", linewidths=4, capstyle="round", zorder=1))
    ax.add_collection(LineCollection(marks.whiskers, colors="#555555", linewidths=0.8, zorder=2))
    for (col, marker), xy in marks.points.items():
        style: dict[str, Any] = {"mfc": "white", "mec": colours[col], "mew": 1.2} if marker == "open" else \
            {"color": colours[col], "mec": "white", "mew": 0.4}
        ax.plot([x for x, _ in xy], [y for _, y in xy], ls="", marker="o" if marker == "open" else marker, ms=5.5,
                zorder=3, clip_on=False, **style)
    _dot_axes(ax, rows, marks.differs, horizon, sampled=bool(marks.whiskers))
    legend = [Line2D([], [], ls="", marker="o", color="#666666", label="met / completed"),
              Line2D([], [], ls="", marker="X", color="#666666", label="failed")]
    if one_scenario:
        legend.append(Line2D([], [], ls="", marker="o", mfc="white", color="#666666",
                             label="not reached (drawn at the horizon)"))
    _legend(fig, doc, colours, legend)
    return fig


@dataclass
class DotMarks:
    """What the dot-plot draws: markers by (column, marker), p10–p90 lines, each row's range
    over the columns, and whether the columns differ in that row."""

    points: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    whiskers: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    ranges: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    differs: list[bool] = field(default_factory=list)


def _dot_marks(times: dict[str, dict[str, dict[str, Any]]], rows: list[tuple[str, str | None, str | None]],
               cols: list[str], horizon: float, *, unreached: bool) -> DotMarks:
    """Each column at its own height within each row (so equal times never hide one another);
    a column that did not reach the row's milestone at the horizon if ``unreached``."""
    marks = DotMarks()
    spread = min(0.8 / len(cols), 0.16)
    for i, (_, done, failed) in enumerate(rows):
        seen = []
        for j, col in enumerate(cols):
            y = i + (j - (len(cols) - 1) / 2) * spread
            cell, marker = _mark(times, done, failed, col)
            x = None if cell is None else float(cell["t"]) / DAY
            seen.append(x)
            if x is not None or unreached:
                marks.points.setdefault((col, marker), []).append((horizon if x is None else x, y))
            if cell is not None and cell.get("p10") is not None:
                marks.whiskers.append(((cell["p10"] / DAY, y), (cell["p90"] / DAY, y)))
        reached = [s for s in seen if s is not None]
        if reached:
            marks.ranges.append(((min(reached), i), (max(reached), i)))
        marks.differs.append(len(set(seen)) > 1)
    return marks


def _dot_axes(ax: Axes, rows: list[tuple[str, str | None, str | None]], differs: list[bool], horizon: float, *,
              sampled: bool) -> None:
    labels = distinct([r[0] for r in rows], LABEL_CHARS)
    ax.set_yticks(range(len(rows)), [text(s) for s in labels], fontsize=8)
    for tick, bold in zip(ax.get_yticklabels(), differs, strict=True):
        tick.set_fontweight("bold" if bold else "normal")
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(-0.02 * horizon, horizon * 1.02)
    ax.tick_params(axis="x", labeltop=True, top=True)
    ax.set_xlabel("days from T+0 (bold rows: the columns differ; grey bar: their range"
                  + ("; thin line: p10–p90 of the runs)" if sampled else ")"))
    ax.grid(alpha=0.3)


def _mark(times: dict[str, dict[str, dict[str, Any]]], done: str | None, failed: str | None,
          col: str) -> tuple[dict[str, Any] | None, str]:
    """A column's cell in a row and its marker: ``o`` met or completed, ``X`` failed (the
    more frequent of the two when sampled), ``open`` not reached (cell None)."""
    cells = [(times[n].get(col), m) for n, m in ((done, "o"), (failed, "X")) if n is not None]
    hit = max(((c, m) for c, m in cells if _t(c) is not None), key=lambda cm: _share(cm[0]), default=None)
    return (None, "open") if hit is None else hit
