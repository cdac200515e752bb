"""``report.html``: one self-contained, printable page for facilitators.

In the order of ``report.md``: the title and what was run, a line of contents, the run at
a glance (``glance``), then the MSEL as played, the timeline (the chart as inline SVG on
screen; on paper ``print_timeline``, a page per component), responses with participants
and critical paths, who held the coalition back, decisions, objectives, the causal chain
of each milestone, and the after-action report. No network, no JavaScript. The layout,
stylesheet and escaping are those of every accord page (``engine/render/html_page.py``);
the print stylesheet starts each section on a new page.
"""

from dataclasses import dataclass

from engine.analyse.aar import NOT_EVALUATED, PLAN_COLUMNS, RATING_RULES, AfterActionReport, aar
from engine.analyse.critical_path import CriticalPath, critical_paths
from engine.analyse.explain import explain, milestones
from engine.check.world import World
from engine.read.durations import format_hours
from engine.render.aar_md import odds_share
from engine.render.glance import HOLDERS, completes, glance
from engine.render.html_page import inline_svg, render_page
from engine.render.msel import COLUMNS as MSEL_COLUMNS
from engine.render.msel import MselRow, played_rows
from engine.render.percent import share_pct
from engine.render.print_timeline import print_timeline
from engine.simulate.record import RunResult
from engine.simulate.timefmt import when

# (anchor, heading) of the page's sections, in the order of report.md's.
SECTIONS = (
    ("glance", "At a glance"), ("msel", "MSEL as played"), ("timeline", "Timeline"),
    ("responses", "Responses and critical paths"), ("holdback", "Who held the coalition back"),
    ("decisions", "Decisions"), ("objectives", "Objectives"), ("chains", "Causal chains of milestones"),
    ("aar", "After-action report"),
)


@dataclass(frozen=True, slots=True)
class PlayedInject:
    """An MSEL row with what became of it in the run."""

    row: MselRow
    played: str  # "#12", "pending (past the horizon)", "not reached (after the session end)",
    # "held, not released" or "not played"


def render_html(result: RunResult, world: World, chart_svg: str | None = None,
                report: AfterActionReport | None = None) -> str:
    """The whole page; ``chart_svg`` is the timeline chart (omitted if None)."""
    paths = {(p.response, p.instance): p for p in critical_paths(result)}
    chains = [explain(result, e, world) for e in milestones(result, world)]
    report = report or aar(result, world)
    return render_page(
        "report.html.j2",
        r=result, w=world, sc=world.scenario, when=lambda h: when(result, h), name=world.actor_name,
        msel=_played(result, world, report), msel_columns=MSEL_COLUMNS, chart=inline_svg(chart_svg, "Timeline chart"),
        paths=paths, chains=chains, aar=report, odds_share=odds_share, rules=RATING_RULES, not_evaluated=NOT_EVALUATED,
        plan_columns=PLAN_COLUMNS, response_title=lambda rid: _response_title(world, rid),
        decision_title=lambda d, o: world.decisions[d].titles.get(o) if d in world.decisions else None,
        objective_defs={o.id: o for o in world.objectives}, path_text=_path_text,
        g=glance(result, world), holders=HOLDERS, sections=SECTIONS, completes=lambda x: completes(world, x),
        print_timeline=print_timeline(result, world), variant_title=_variant_title(world, result.variant),
    )


def _variant_title(world: World, variant: str | None) -> str:
    return (world.scenario.variants[variant].title or "") if variant in world.scenario.variants else ""


def _response_title(world: World, response: str) -> str:
    d = world.responses.get(response)
    return (d.title if d is not None else None) or response


def _path_text(p: CriticalPath) -> str:
    return " → ".join(f"{s.name} {format_hours(s.hours)} ({share_pct(s.share)})" for s in p.steps)


def _played(result: RunResult, world: World, report: AfterActionReport) -> list[PlayedInject]:
    return [PlayedInject(row, played) for row, played in played_rows(world, result, report.ending)]

