"""Comparison charts: the variants' response timelines overlaid, and a milestone dot-plot (PNG and SVG)."""

from typing import Any

from matplotlib.figure import Figure

from engine.render.charts.output import png_and_svg

DAY = 24.0


def compare_charts(doc: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The charts of a comparison: PNG bytes by file name (``timelines.png``), SVG text by chart (``timelines``)."""
    if not doc["milestones"]:
        return {}, {}
    return png_and_svg(lambda: {"timelines": _timelines(doc), "milestones": _dots(doc)})


def _colours(doc: dict[str, Any]) -> dict[str, str]:
    palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    return {c["id"]: palette[i % len(palette)] for i, c in enumerate(doc["columns"])}


def _times(doc: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    return {r["milestone"]: {c: v["t"] for c, v in r["values"].items()} for r in doc["milestones"]}


def _timelines(doc: dict[str, Any]) -> Figure:
    times = _times(doc)
    responses = [m.removesuffix(".started") for m in times if m.endswith(".started")]
    cols = [c["id"] for c in doc["columns"]]
    colours = _colours(doc)
    fig = Figure(figsize=(9, 1 + 0.35 * max(1, len(responses)) * len(cols)), layout="constrained")
    ax = fig.subplots()
    labels = []
    for i, resp in enumerate(responses):
        for j, col in enumerate(cols):
            y = i * (len(cols) + 1) + j
            start = times[f"{resp}.started"].get(col)
            end = _end(times, resp, col)
            if start is not None:
                stop = end if end is not None else max(c["until_h"] for c in doc["columns"])
                ax.barh(y, (stop - start) / DAY, left=start / DAY, color=colours[col], alpha=0.8 if end else 0.35)
            labels.append((y, f"{resp} [{col}]"))
    ax.set_yticks([y for y, _ in labels], [t for _, t in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("days from T+0 (pale = not finished by the horizon)")
    ax.grid(axis="x", alpha=0.3)
    return fig


def _end(times: dict[str, dict[str, float | None]], resp: str, col: str) -> float | None:
    for what in ("completed", "failed"):
        t = times.get(f"{resp}.{what}", {}).get(col)
        if t is not None:
            return t
    return None


def _dots(doc: dict[str, Any]) -> Figure:
    times = _times(doc)
    names = list(times)
    colours = _colours(doc)
    fig = Figure(figsize=(9, 1 + 0.3 * len(names)), layout="constrained")
    ax = fig.subplots()
    for col in colours:
        pts = [(t / DAY, i) for i, n in enumerate(names) if (t := times[n].get(col)) is not None]
        if pts:
            ax.scatter([p[0] for p in pts], [p[1] for p in pts], color=colours[col], label=col, s=25, zorder=3)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("days from T+0")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig

