"""Running a sweep end to end: plan, executor (local processes or Dask), files.

The command (``engine/cli/sweep.py``) prints; this module plans, plays and renders. Every
output path (the folder's files and the per-run CSV) is checked before the first
replication; the files are written only when every replication has been merged, all of them
(the per-run CSV too) in one all-or-nothing step: a failed or interrupted sweep writes nothing.
"""

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from engine.analyse.aggregate import Aggregate
from engine.analyse.sweep import Batch, BatchResult, Plan, sweep
from engine.analyse.sweep_plan import SweepOptions, batch_size, executor_for, make_plan
from engine.check.world import World
from engine.render.output import Staged, check_folder, check_writable, write_paths
from engine.render.per_run import PerRunFile
from engine.render.sweep_html import sweep_html, world_titles
from engine.render.sweep_report import sweep_document, sweep_json, sweep_markdown

Progress = Callable[[int, int], None]
CHART_FILES = ("ecdf.png", "box.png", "tornado.png")  # checked before the runs; drawn after


@dataclass
class SweepOutcome:
    """The sweep document and the files written."""

    document: dict[str, Any]
    written: list[str] = field(default_factory=list)


def run_sweep(opts: SweepOptions, progress: Progress | None = None) -> SweepOutcome:
    """Plan, play every replication, render and write the files (the per-run CSV with them)."""
    plan, worlds = make_plan(opts.path, opts.runs, opts.variants, opts.seed)
    out = opts.out or os.path.join("out", f"{worlds[None].scenario.scenario}.sweep")
    names = ["sweep.json", "sweep.md", "sweep.html", *(CHART_FILES if opts.charts else ())]
    check_writable([os.path.join(out, n) for n in names] + ([opts.per_run] if opts.per_run else []))
    plan.path = os.path.abspath(plan.path)
    plan.rows = opts.per_run is not None
    plan.batch_size = opts.batch_size or batch_size(worlds[None], opts.runs, opts.workers)
    total = opts.runs * len(plan.variants)
    with contextlib.ExitStack() as stack:
        sink = stack.enter_context(PerRunFile(opts.per_run, per_run_header(plan, worlds[None]))) \
            if opts.per_run else None
        done = [0]

        def on_batch(batch: Batch, res: BatchResult) -> None:
            if sink is not None:
                sink.write(res.rows)
            done[0] += batch.stop - batch.start
            if progress is not None:
                progress(done[0], total)

        ex = stack.enter_context(executor_for(opts, plan))
        aggs = sweep(plan, ex, inflight=4 * max(opts.workers, 2), on_batch=on_batch)
    try:
        files, doc = render_sweep(plan, worlds, aggs, charts=opts.charts)
        check_folder(out)
        staged: dict[str, str | bytes | Staged] = {os.path.join(out, n): c for n, c in files.items()}
        if sink is not None:
            staged[sink.path] = sink.staged
        written = write_paths(staged, what="the sweep's files", where=out)
    except BaseException:
        if sink is not None:
            sink.abandon()
        raise
    return SweepOutcome(doc, written)


def per_run_header(plan: Plan, base: World) -> list[str]:
    """Columns of the per-run file: variant, replication, seed, milestones, objective statuses."""
    names = plan.names[plan.variants[0]]
    return ["variant", "replication", "seed", *names, *(f"status:{o.id}" for o in base.objectives)]


def render_sweep(plan: Plan, worlds: dict[str | None, World], aggs: dict[str | None, Aggregate], *,
                 charts: bool) -> tuple[dict[str, str | bytes], dict[str, Any]]:
    """The files of a sweep by name, and its document."""
    doc = sweep_document(plan, worlds, aggs)
    drawing = None
    if charts:
        from engine.render.charts.distributions import sweep_charts  # noqa: PLC0415 - matplotlib only when drawing

        drawing = sweep_charts(doc, aggs, worlds)  # SVGs now, PNGs beside this process
    pictures = [f"{name}.png" for name in drawing.names] if drawing is not None else []
    titles = {v: world_titles(w) for v, w in worlds.items()}
    files: dict[str, str | bytes] = {"sweep.json": sweep_json(doc), "sweep.md": sweep_markdown(doc, pictures),
                                     "sweep.html": sweep_html(doc, titles, drawing.svgs if drawing else None)}
    if drawing is not None:
        files.update({f"{name}.png": png for name, png in drawing.pngs().items()})
    return files, doc
