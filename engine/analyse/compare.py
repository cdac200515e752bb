"""Comparing a scenario's base and variants (or several scenarios) milestone by milestone.

With one run per column each column is the nominal run; with more, each column is a
sweep and shows the median with its p10–p90 range. Differences are taken against the
first column (the base). With more runs, a variant of the base's scenario is also paired
with the base replication by replication (common random numbers): its cells carry
``paired``, the paired differences (``analyse.paired``). The result is a plain document
that the renderers turn into Markdown, HTML, CSV and JSON.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from engine.analyse.aggregate import Aggregate, ReplicationTimes
from engine.analyse.milestones import milestone_names, milestones, objective_statuses
from engine.analyse.objective_rows import ObjectiveRow, objective_rows
from engine.analyse.paired import paired
from engine.analyse.sweep import Batch, sweep
from engine.analyse.sweep_plan import SweepOptions, executor_for, make_plan
from engine.analyse.variants import select_variants
from engine.check.scenario import load_world
from engine.check.world import World
from engine.simulate.simulation import run

FORMAT = "accord.compare/1"


@dataclass(frozen=True)
class Column:
    """One side of the comparison: a scenario file and a variant of it."""

    id: str
    path: str
    variant: str | None
    world: World


def columns(paths: list[str], variants: str | None) -> list[Column]:
    """The columns: each scenario's base, then its chosen variants (all by default for one scenario)."""
    out: list[Column] = []
    for path in paths:
        base = load_world(path)
        spec = variants if variants is not None or len(paths) == 1 else None
        for v in select_variants(base, spec, default_all=len(paths) == 1):
            world = base if v is None else load_world(path, v)
            out.append(Column(_column_id(base, v, several=len(paths) > 1), path, v, world))
    ids = [c.id for c in out]
    if len(set(ids)) != len(ids):
        out = [Column(f"{i + 1}:{c.id}", c.path, c.variant, c.world) for i, c in enumerate(out)]
    return out


def _column_id(base: World, v: str | None, *, several: bool) -> str:
    if several:
        return base.scenario.scenario + (f".{v}" if v else "")
    return v or "base"


def compare(cols: list[Column], runs: int, seed: int | None, workers: int = 1,
            progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The ``accord.compare/1`` document for these columns. ``progress(done, total)`` is told
    the replications played so far, all columns together (sampled comparisons only)."""
    names = list(dict.fromkeys(n for c in cols for n in milestone_names(c.world)))
    objectives = objective_rows(cols)
    figures: dict[str, dict[str, Any]] = {}
    kept: dict[str, ReplicationTimes] = {}
    for k, c in enumerate(cols):
        if runs == 1:
            figures[c.id] = _nominal(c, names)
        else:
            tell = None if progress is None else _offset(progress, k * runs, len(cols) * runs)
            agg = _sampled(c, names, runs, seed, workers, tell)
            figures[c.id], kept[c.id] = _from_aggregate(agg, names), agg.replications
    base = cols[0].id
    paired_columns = _pair(cols, figures, kept) if kept else []
    return {
        "format": FORMAT,
        "mode": "nominal" if runs == 1 else "sampled",
        "runs": runs,
        "seed": seed,
        "paired_with": base if paired_columns else None,
        "paired_columns": paired_columns,
        "columns": [{"id": c.id, "scenario": c.world.scenario.scenario, "variant": c.variant,
                     "title": _title(c), "until_h": c.world.until} for c in cols],
        "milestones": [row for n in names for row in _milestone_rows(n, figures, base, objectives)
                       if any(cell["t"] is not None for cell in row["values"].values())],
        "objectives": [{"objective": o.id, "title": o.title, "defined_in": o.label,
                        "values": {c: figures[c]["objectives"].get(o.id) if c in o.columns else None
                                   for c in figures}} for o in objectives],
    }


def _milestone_rows(name: str, figures: dict[str, dict[str, Any]], base: str,
                    objectives: list[ObjectiveRow]) -> list[dict[str, Any]]:
    """A milestone's row; an objective's milestone whose id has several definitions, one row per
    definition (``objective:OBJ-5 (slow_parliament)``) with only the columns that hold it. An
    objective only some columns define has values in those only: a scenario without OBJ-6 did
    not "not reach" it."""
    split = [o for o in objectives if name == f"objective:{o.id}"]
    if not split:
        return [_milestone_row(name, figures, base)]
    return [_milestone_row(name, figures, base, o) for o in split]


def _title(c: Column) -> str | None:
    if c.variant is None:
        return c.world.scenario.title
    return c.world.scenario.variants[c.variant].title


def _nominal(c: Column, names: list[str]) -> dict[str, Any]:
    result = run(c.world, nominal=True)
    times = milestones(result, names)
    return {"milestones": {n: {"t": times[n]} for n in names},
            "objectives": {k: {"status": s} for k, s in objective_statuses(result).items()}}


def _pair(cols: list[Column], figures: dict[str, dict[str, Any]], kept: dict[str, ReplicationTimes]) -> list[str]:
    """Add ``paired`` (variant − base, replication by replication) to the cells of every column
    that plays the base's scenario file: only those share its replications' random numbers.
    An objective's cell gets the figures of its ``objective:<id>`` milestone. Returns the ids
    of the columns paired."""
    base, out = cols[0], []
    for c in cols[1:]:
        if c.path != base.path:
            continue
        out.append(c.id)
        figures_of = paired(kept[base.id], kept[c.id])
        cells = figures[c.id]
        for name, cell in cells["milestones"].items():
            cell["paired"] = figures_of[name].summary()
        for oid, cell in cells["objectives"].items():
            met = figures_of.get(f"objective:{oid}")
            cell["paired"] = met.summary() if met is not None else None
    return out


def _offset(progress: Callable[[int, int], None], before: int, total: int) -> Callable[[Batch, Any], None]:
    """A sweep's ``on_batch`` that tells ``progress`` the replications of every column so far."""
    done = [before]

    def on_batch(batch: Batch, _result: Any) -> None:
        done[0] += batch.stop - batch.start
        progress(done[0], total)

    return on_batch


def _sampled(c: Column, names: list[str], runs: int, seed: int | None, workers: int,
             on_batch: Callable[[Batch, Any], None] | None = None) -> Aggregate:
    plan, _ = make_plan(c.path, runs, ",".join([c.variant]) if c.variant else None, seed)
    plan.path = os.path.abspath(plan.path)
    plan.variants = [c.variant]
    plan.names = {c.variant: tuple(names)}
    plan.batch_size = max(1, min(200, -(-runs // max(workers, 1))))
    with executor_for(SweepOptions(c.path, runs, workers=workers), plan) as ex:
        return sweep(plan, ex, on_batch=on_batch)[c.variant]


def _from_aggregate(agg: Aggregate, names: list[str]) -> dict[str, Any]:
    ms = agg.summary()["milestones"]
    out = {n: {"t": ms[n]["p50"], "p10": ms[n]["p10"], "p90": ms[n]["p90"], "reached_pct": ms[n]["reached_pct"]}
           for n in names}
    objs = {k: {"met_rate": v["met_rate"], "met": v["met"], "missed": v["missed"]}
            for k, v in agg.summary()["objectives"].items()}
    return {"milestones": out, "objectives": objs}


def _milestone_row(name: str, figures: dict[str, dict[str, Any]], base: str,
                   objective: ObjectiveRow | None = None) -> dict[str, Any]:
    held = objective.columns if objective is not None else tuple(figures)
    ref = figures[base]["milestones"][name]["t"] if base in held else None
    values = {}
    for col, fig in figures.items():
        if col not in held:
            continue
        cell = dict(fig["milestones"][name])
        t = cell["t"]
        cell["diff_h"] = None if t is None or ref is None else round(t - ref, 6) + 0.0
        values[col] = cell
    if objective is None:
        return {"milestone": name, "values": values}
    return {"milestone": f"objective:{objective.name}", "defined_in": objective.label, "values": values}
