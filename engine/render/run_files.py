"""All the files of a run, rendered from its record: the one place that knows every format."""

from engine.analyse.aar import AfterActionReport, Evaluation, aar
from engine.check.world import World
from engine.render.events_csv import render_events_csv
from engine.render.msel import render_msel_csv
from engine.render.report_html import render_html
from engine.render.report_md import render_markdown
from engine.simulate.record import RunResult, to_json
from engine.simulate.results_io import run_info


def render_files(result: RunResult, world: World, names: list[str], scenario_path: str | None,
                 folder: str, ratings: dict[str, tuple[str, str]] | None = None,
                 observations: list[tuple[float, str]] | None = None,
                 evaluations: list[Evaluation] | None = None) -> dict[str, str | bytes]:
    """``{file name: content}`` for the wanted file names, in the order given."""
    report = aar(result, world, ratings, observations, evaluations)
    svg: str | None = None
    if "timeline.svg" in names or "report.html" in names:
        from engine.render.charts.timeline import timeline_svg  # noqa: PLC0415 - matplotlib only when charts are wanted

        svg = timeline_svg(result, world)
    out: dict[str, str | bytes] = {}
    for name in names:
        if name == "run.json" and scenario_path is None:
            continue
        out[name] = _render(name, result, world, svg, scenario_path, folder, report)
    return out


def _render(name: str, result: RunResult, world: World, svg: str | None, scenario_path: str | None,
            folder: str, report: AfterActionReport) -> str | bytes:
    if name == "timeline.png":
        from engine.render.charts.timeline import timeline_png  # noqa: PLC0415

        return timeline_png(result, world)
    renderers = {
        "results.json": lambda: to_json(result),
        "run.json": lambda: run_info(result, scenario_path or "", folder),
        "report.md": lambda: render_markdown(result, world, report=report),
        "report.html": lambda: render_html(result, world, svg, report=report),
        "timeline.svg": lambda: svg or "",
        "events.csv": lambda: render_events_csv(result),
        "msel.csv": lambda: render_msel_csv(world, result),
    }
    return renderers[name]()
