"""The timeline's lanes: one row per component title, response instance and participant.

Drawn with one collection per kind of mark (the bars of all lanes in a few
``PolyCollection``s, each kind of marker in one ``Line2D``), not one artist per bar: a
chart of a few hundred lanes then costs about what a chart of ten does.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.transforms import blended_transform_factory

from engine.analyse.critical_path import critical_paths
from engine.check.world import World
from engine.render.charts.labels import distinct, text
from engine.simulate.record import ParticipantRecord, ResponseRecord, RunResult

FONT = 7.5
LABEL_CHARS = 38  # longest lane label; the left margin holds this many characters
COLORS = {
    "procedure": "#f4a259", "phase": "#3b75af", "unfinished": "#c9c9c9", "span": "#eef2f7",
    "met": "#2a9d3f", "missed": "#d62728", "open": "#7f7f7f", "critical": "#111111", "inject": "#6a3d9a",
    "component": "#dddddd",
}
# The bar of a response instance, from its start to its end (or the horizon), by status.
RESPONSE_COLORS = {"completed": "#9aa9bb", "failed": "#e8a2a2", "stopped": "#c9c9c9", "active": "#c9d3de"}
END_MARKERS = {"completed": ("*", COLORS["met"], 11), "failed": ("X", COLORS["missed"], 8),
               "stopped": ("s", COLORS["open"], 6)}
HATCH = "///"  # what was still running at the horizon


@dataclass(frozen=True, slots=True)
class Lane:
    """One row of the chart: a component title, a response header, or a participant."""

    kind: str  # "component" | "response" | "participant"
    label: str
    response: ResponseRecord | None = None
    participant: ParticipantRecord | None = None


def lanes(result: RunResult, world: World) -> list[Lane]:
    """The rows top to bottom: component, then each response instance and its participants.

    Labels longer than LABEL_CHARS are shortened from the middle, and names that would then
    read the same keep the part where they differ (``labels.distinct``)."""
    order: dict[str, list[ResponseRecord]] = {}
    for x in result.responses:
        d = world.responses.get(x.response)
        order.setdefault((d.component if d is not None else None) or "", []).append(x)
    counts = Counter(x.response for x in result.responses)
    rows: list[tuple[str, str, ResponseRecord | None, ParticipantRecord | None]] = []
    for component, instances in order.items():
        if component:
            rows.append(("component", component.replace("_", " ").upper(), None, None))
        for x in instances:
            rows.append(("response", _title(world, x, counts[x.response] > 1), x, None))
            rows += [("participant", _actor(world, p.actor), x, p) for p in x.participants]
    labels = distinct([r[1] for r in rows], LABEL_CHARS)
    return [Lane(kind, label, x, p) for (kind, _, x, p), label in zip(rows, labels, strict=True)]


def _title(world: World, x: ResponseRecord, numbered: bool) -> str:
    d = world.responses.get(x.response)
    title = (d.title if d is not None else None) or x.response
    return f"{title} #{x.instance}" if numbered else title


def _actor(world: World, actor: str) -> str:
    a = world.actors.get(actor)
    return a.name if a is not None and a.name else actor


@dataclass
class Layer:
    """Rectangles drawn as one collection: corners, and per rectangle face, edge and width."""

    zorder: float
    hatch: str | None = None
    verts: list[list[tuple[float, float]]] = field(default_factory=list)
    faces: list[str] = field(default_factory=list)
    edges: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def add(self, x0: float, x1: float, y: float, height: float, face: str, edge: str = "none",
            width: float = 0.0) -> None:
        """A bar from ``x0`` to ``x1`` (days) centred on lane ``y``."""
        lo, hi = y - height / 2, y + height / 2
        self.verts.append([(x0, lo), (x0, hi), (x1, hi), (x1, lo)])
        self.faces.append(face)
        self.edges.append(edge)
        self.widths.append(width)

    def draw(self, ax: Axes) -> None:
        """Add the collection to ``ax`` (nothing if empty)."""
        if self.verts:
            ax.add_collection(PolyCollection(self.verts, facecolors=self.faces, edgecolors=self.edges,
                                             linewidths=self.widths, hatch=self.hatch, zorder=self.zorder),
                              autolim=False)


@dataclass
class Marks:
    """Everything the lanes draw, gathered by kind before it is added to the axes."""

    bands: Layer = field(default_factory=lambda: Layer(0))
    spans: Layer = field(default_factory=lambda: Layer(2))
    open_spans: Layer = field(default_factory=lambda: Layer(2, HATCH))
    steps: Layer = field(default_factory=lambda: Layer(3))
    unfinished: Layer = field(default_factory=lambda: Layer(3, HATCH))
    unfinished_critical: Layer = field(default_factory=lambda: Layer(3, HATCH))
    points: dict[str, tuple[list[float], list[int]]] = field(default_factory=lambda: defaultdict(lambda: ([], [])))

    def point(self, kind: str, x: float, y: int) -> None:
        """A marker of ``kind`` (a key of MARKERS) at ``x`` days on lane ``y``."""
        xs, ys = self.points[kind]
        xs.append(x)
        ys.append(y)


# Marker styles by kind: marker, size, face, edge, edge width, zorder.
MARKERS: dict[str, tuple[str, float, str, str, float, float]] = {
    "authorized": ("|", 7, "black", "black", 1.4, 4),
    "contributed": ("o", 4, COLORS["met"], "white", 0.5, 5),
    "declined": ("X", 6, COLORS["missed"], "white", 0.5, 5),
    **{f"end:{k}": (m, size, c, "black", 0.5, 6) for k, (m, c, size) in END_MARKERS.items()},
}


def draw_lanes(ax: Axes, rows: list[Lane], result: RunResult) -> None:
    """Draw every lane's bars and markers, and the lane labels at the left."""
    critical = {(p.response, p.instance): p.actor for p in critical_paths(result)}
    days = max(result.until_h / 24, 1.0)
    marks = Marks()
    on_path: list[bool] = []
    for y, lane in enumerate(rows):
        x = lane.response
        on_path.append(lane.participant is not None and x is not None
                       and critical.get((x.response, x.instance)) == lane.participant.actor)
        if lane.kind == "component":
            marks.bands.add(0, days, y, 1.0, COLORS["component"])
        elif lane.kind == "response" and x is not None:
            _response(marks, y, x, result)
        elif lane.participant is not None:
            _participant(marks, y, lane.participant, result, on_path[-1])
    for layer in (marks.bands, marks.spans, marks.open_spans, marks.steps, marks.unfinished,
                  marks.unfinished_critical):
        layer.draw(ax)
    _markers(ax, marks)
    ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
    if not rows:
        ax.text(0.5, 0.5, "No response was started.", transform=ax.transAxes, ha="center", va="center")
    _lane_labels(ax, rows, on_path)
    ax.set_yticks([])
    ax.grid(axis="x", color="#e5e5e5", lw=0.6, zorder=0)
    ax.set_axisbelow(True)


def _response(marks: Marks, y: int, x: ResponseRecord, result: RunResult) -> None:
    end = x.ended_h if x.ended_h is not None else result.until_h
    layer = marks.spans if x.ended_h is not None else marks.open_spans
    layer.add(x.started_h / 24, end / 24, y, 0.55, RESPONSE_COLORS.get(x.status, RESPONSE_COLORS["active"]),
              "white" if x.ended_h is None else "none", 0.0)
    if x.ended_h is not None and x.status in END_MARKERS:
        marks.point(f"end:{x.status}", min(x.ended_h, result.until_h) / 24, y)


def _participant(marks: Marks, y: int, p: ParticipantRecord, result: RunResult, on_path: bool) -> None:
    edge, width = (COLORS["critical"], 1.1) if on_path else ("white", 0.5)
    for s in p.steps:
        if s.end_h is not None:
            marks.steps.add(s.start_h / 24, s.end_h / 24, y, 0.62, COLORS[s.kind], edge, width)
        else:
            layer = marks.unfinished_critical if on_path else marks.unfinished
            layer.add(s.start_h / 24, result.until_h / 24, y, 0.62, COLORS["unfinished"], edge, width)
    if p.authorized_h is not None:
        marks.point("authorized", p.authorized_h / 24, y)
    if p.contributed_h is not None:
        marks.point("contributed", p.contributed_h / 24, y)
    if p.status == "declined" and p.steps and p.steps[-1].end_h is not None:
        marks.point("declined", p.steps[-1].end_h / 24, y)


def _markers(ax: Axes, marks: Marks) -> None:
    for kind, (xs, ys) in marks.points.items():
        marker, size, face, edge, width, z = MARKERS[kind]
        colour = face if marker != "|" else edge
        ax.plot(xs, ys, ls="", marker=marker, ms=size, color=colour, mfc=face, mec=edge, mew=width, zorder=z)


def _lane_labels(ax: Axes, rows: list[Lane], on_path: list[bool]) -> None:
    """Lane names right-aligned in the left margin: bold for components, responses and the
    participant on a critical path (marked ▸)."""
    where = blended_transform_factory(ax.transAxes, ax.transData)
    for y, (lane, critical) in enumerate(zip(rows, on_path, strict=True)):
        bold = lane.kind != "participant" or critical
        ax.text(-0.004, y, text(lane.label) + (" ▸" if critical else ""), transform=where, ha="right",
                va="center", fontsize=FONT, fontweight="bold" if bold else "normal",
                color="#555555" if lane.kind == "component" else "black")


def label_steps(ax: Axes, rows: list[Lane], inch_per_day: float) -> None:
    """Write a step's name inside its bar when the bar is wide enough to hold it."""
    for y, lane in enumerate(rows):
        for st in lane.participant.steps if lane.participant is not None else ():
            if st.end_h is None:
                continue
            width = (st.end_h - st.start_h) / 24 * inch_per_day
            if width > 0.15 + 0.045 * len(st.name):
                ax.text((st.start_h + st.end_h) / 48, y, text(st.name), ha="center", va="center", zorder=6,
                        fontsize=FONT - 1.5, color="white" if st.kind == "phase" else "#3a2a10", clip_on=True)
