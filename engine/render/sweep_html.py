"""``sweep.html``: a sweep's results as one self-contained page for facilitators.

The same content as ``sweep.md`` (objective met-rates across variants, the paired differences
from the base with the moved rows highlighted; per variant: milestone distributions, objective met-rates,
decision frequencies, critical-path shares, drivers), plus the titles of responses,
objectives and decisions from the scenario and its packs, and the charts inlined as SVG
with a line on how to read each. Reads the sweep document and the worlds; never plays.
Layout, stylesheet and escaping are those of every accord page (``engine/render/html_page.py``).
"""

import itertools
from dataclasses import dataclass, field
from typing import Any

from engine.analyse.sensitivity import CONFIDENCE
from engine.check.world import World
from engine.read.durations import format_hours
from engine.render.html_page import inline_svg, render_page
from engine.render.percent import pct, share_pct
from engine.render.sweep_paired import HEAD as PAIRED_HEAD
from engine.render.sweep_paired import note as paired_note
from engine.render.sweep_paired import paired_views
from engine.render.sweep_report import interval_text, met_rate_cell, no_driver_text, significant
from engine.simulate.timefmt import t_plus

STATS = ("mean", "p5", "p25", "p50", "p75", "p95", "min", "max")
TOP = 5  # factors per milestone and longest steps per response, as in sweep.md
CHARTS = {"ecdf": "Milestone distributions (ECDF)", "box": "Milestone ranges", "tornado": "Drivers (tornado)"}


@dataclass(frozen=True, slots=True)
class Titles:
    """Titles from one variant's scenario and packs, by id ("" when untitled)."""

    responses: dict[str, str] = field(default_factory=dict)
    objectives: dict[str, str] = field(default_factory=dict)
    decisions: dict[str, str] = field(default_factory=dict)
    options: dict[tuple[str, str], str] = field(default_factory=dict)

    def milestone(self, name: str) -> str:
        """What a milestone belongs to: the objective's or the response's title."""
        if name.startswith("objective:"):
            return self.objectives.get(name.removeprefix("objective:"), "")
        return "" if name.startswith("first:") else self.responses.get(name.rpartition(".")[0], "")


def world_titles(world: World) -> Titles:
    """The titles a sweep page shows for one variant."""
    return Titles(
        responses={r: d.title or "" for r, d in world.responses.items()},
        objectives={o.id: o.model.title or "" for o in world.objectives},
        decisions={d: dd.prompt or "" for d, dd in world.decisions.items()},
        options={(d, o): t or "" for d, dd in world.decisions.items() for o, t in dd.titles.items()},
    )


def sweep_html(doc: dict[str, Any], titles: dict[str | None, Titles], svgs: dict[str, str] | None = None) -> str:
    """The page; ``svgs`` are the charts by name (``ecdf``, ``box``, ``tornado``), None if not drawn."""
    charts = [(name, CHARTS[name], inline_svg(svg, CHARTS[name])) for name, svg in (svgs or {}).items()]
    actors = doc["actors"]
    variants = [_variant(i, v, titles.get(v["variant"], Titles()), actors) for i, v in enumerate(doc["variants"])]
    return render_page("sweep.html.j2", doc=doc, charts=charts, drawn=svgs is not None, variants=variants,
                       met=_met_rates(doc), paired=paired_views(doc), paired_head=PAIRED_HEAD,
                       paired_note=paired_note(doc["runs"]),
                       stats=STATS, top=TOP, runs=f"{doc['runs']:,}", sample=f"{doc['sensitivity_sample']:,}",
                       resolution=f"{doc['percentile_resolution_h'] / 2:g}", confidence=f"{CONFIDENCE:.0%}")


def _met_rates(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The objectives × variants table: per objective, each variant's met-rate and 95% interval."""
    return [{"id": o["id"], "title": o["title"] or "",
             "cells": [met_rate_cell(x) if (x := v["objectives"].get(o["id"])) is not None else ("—", "")
                       for v in doc["variants"]]} for o in doc["objectives"]]


def _variant(index: int, v: dict[str, Any], titles: Titles, actors: dict[str, str]) -> dict[str, Any]:
    """What the template shows of one variant, its numbers already formatted."""
    reached = [_milestone(name, m, titles) for name, m in v["milestones"].items() if m["reached"]]
    return {
        "anchor": f"variant-{index}", "name": v["variant"] or "base", "title": v["title"] or "",
        "key": [row for row in reached if row["name"] in v["key_milestones"]], "reached": reached,
        "never": [name for name, m in v["milestones"].items() if not m["reached"]],
        "objectives": [_objective(oid, o, titles) for oid, o in v["objectives"].items()],
        "decisions": [_decision(d, options, titles) for d, options in v["decisions"].items()],
        "paths": [_path(rid, cp, titles, actors) for rid, cp in v["critical_path"].items()],
        "holdback": [(actors.get(a, a), share_pct(h["share"]), f"{h['paths_per_run']:.2f}",
                      format_hours(h["procedure_h"])) for a, h in v["holdback"].items()],
        "drivers": [_drivers(target, rows, v["sensitivity_tested"][target], titles)
                    for target, rows in v["sensitivity"].items()],
    }


def _drivers(target: str, rows: list[dict[str, Any]], tested: int, titles: Titles) -> dict[str, Any]:
    """One key milestone's significant drivers (factor, ρ, interval), or why there are none."""
    shown = [(r["factor"], f"{r['rho']:+.2f}", interval_text(r)) for r in significant(rows, TOP)]
    return {"target": target, "title": titles.milestone(target), "rows": shown,
            "none": "" if shown else no_driver_text(tested)}


def _milestone(name: str, m: dict[str, Any], titles: Titles) -> dict[str, Any]:
    return {"name": name, "title": titles.milestone(name), "reached": pct(m["reached_pct"]),
            "cells": [t_plus(m[k]) for k in STATS]}


def _objective(oid: str, o: dict[str, Any], titles: Titles) -> dict[str, Any]:
    counts = [o[k] for k in ("met", "missed", "open", "not_started")]
    return {"id": oid, "title": titles.objectives.get(oid, ""), "counts": counts, "rate": share_pct(o["met_rate"])}


def _decision(decision: str, options: dict[str, Any], titles: Titles) -> dict[str, Any]:
    return {"decision": decision, "prompt": titles.decisions.get(decision, ""),
            "options": [{"option": k, "title": titles.options.get((decision, k), ""), "count": o["count"],
                         "share": share_pct(o["share"])} for k, o in options.items()]}


def _path(rid: str, cp: dict[str, Any], titles: Titles, actors: dict[str, str]) -> dict[str, Any]:
    who = [(actors.get(k, k), share_pct(o["share"])) for k, o in cp["participants"].items()]
    steps = [(k, share_pct(o["share"])) for k, o in list(cp["steps"].items())[:TOP]]
    return {"response": rid, "title": titles.responses.get(rid, ""),
            "rows": list(itertools.zip_longest(who, steps, fillvalue=("", "")))}
