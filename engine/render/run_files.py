"""All the files of a run, rendered from its record: the one place that knows every format."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from engine.analyse.aar import AfterActionReport, DecisionOdds, Evaluation, aar
from engine.check.world import World
from engine.render.events_csv import render_events_csv
from engine.render.msel import render_msel_csv
from engine.render.output import Content, Streamed
from engine.render.report_html import render_html
from engine.render.report_md import render_markdown
from engine.simulate.record import RunResult, write_json
from engine.simulate.results_io import run_info

if TYPE_CHECKING:
    from engine.render.charts.output import Drawing


def render_files(result: RunResult, world: World, names: list[str], scenario_path: str | None,
                 folder: str, ratings: dict[str, tuple[str, str]] | None = None,
                 observations: list[tuple[float, str]] | None = None,
                 evaluations: list[Evaluation] | None = None,
                 odds: list[DecisionOdds] | None = None) -> dict[str, Content]:
    """``{file name: content}`` for the wanted file names, in the order given; results.json
    as ``Streamed`` text, written while it is encoded (``output.write_files`` takes it as it
    is; ``text`` makes it a string)."""
    report = aar(result, world, ratings, observations, evaluations, odds)
    chart = _chart(result, world, names)
    svg = chart.svgs.get("timeline") if chart is not None else None
    out: dict[str, Content] = {}
    for name in names:  # the text files while the PNG is drawn beside this process
        if name == "timeline.png" or (name == "run.json" and scenario_path is None):
            continue
        out[name] = _render(name, result, world, svg, scenario_path, folder, report)
    if chart is not None and "timeline.png" in names:
        out["timeline.png"] = chart.pngs()["timeline"]
    return {name: out[name] for name in names if name in out}


def _chart(result: RunResult, world: World, names: list[str]) -> "Drawing | None":
    """The timeline built once: SVG as far as ``names`` need it (report.html inlines it), PNG
    started beside this process; None when neither is wanted."""
    png, svg = "timeline.png" in names, "timeline.svg" in names or "report.html" in names
    if not png and not svg:
        return None
    from engine.render.charts.timeline import timeline_drawing  # noqa: PLC0415 - matplotlib only when charts are wanted

    return timeline_drawing(result, world, png=png, svg=svg)


def text(content: Content) -> str | bytes:
    """A file's content whole: ``Streamed`` text collected into one string, the rest as it is."""
    if not isinstance(content, Streamed):
        return content
    parts: list[str] = []
    content.write(parts.append)
    return "".join(parts)


def _render(name: str, result: RunResult, world: World, svg: str | None, scenario_path: str | None,
            folder: str, report: AfterActionReport) -> Content:
    renderers: dict[str, Callable[[], Content]] = {
        "results.json": lambda: Streamed(partial(write_json, result)),
        "run.json": lambda: run_info(result, scenario_path or "", folder),
        "report.md": lambda: render_markdown(result, world, report=report),
        "report.html": lambda: render_html(result, world, svg, report=report),
        "timeline.svg": lambda: svg or "",
        "events.csv": lambda: render_events_csv(result),
        "msel.csv": lambda: render_msel_csv(world, result),
    }
    return renderers[name]()
