"""``accord forecast`` end to end: read the journal, check its files, replay it, play the
runs (local processes or Dask), render and write the files all or nothing.

Every output path is checked before the first run; the files are written only when every
run has been counted: a failed or interrupted forecast writes nothing.
"""

import concurrent.futures as cf
import contextlib
import os
from dataclasses import dataclass
from typing import Any

from engine.analyse.distributed import CONNECT_TIMEOUT_S, dask_or_local
from engine.errors import InputError, Mark, UsageError
from engine.facilitate import journal as jl
from engine.facilitate.forecast import Outcome, Point, Progress, forecast, forecast_pool, prepare
from engine.facilitate.forecast_doc import document
from engine.render.forecast_report import forecast_files
from engine.render.output import check_writable, write_files

FILES = ("forecast.json", "forecast.md", "forecast.html", "ecdf.png")


@dataclass
class ForecastOptions:
    """What ``accord forecast`` was asked to do."""

    journal: str
    runs: int
    workers: int = 1
    seed: int | None = None
    out: str | None = None
    upto: int | None = None  # forecast from where the session stood after this journal line
    dask: str | None = None
    dask_timeout: float = CONNECT_TIMEOUT_S
    charts: bool = True
    accept_changed_files: bool = False
    batch_size: int | None = None


def point_of(path: str, upto: int | None = None, accept_changed: bool = False) -> Point:
    """The session of the journal at ``path`` (its entries up to line ``upto``), its files
    checked against those the session stood on (InputError if they changed, unless accepted)."""
    loaded = jl.load(path)
    head = loaded.header
    if not accept_changed:
        changes = jl.file_changes(loaded, head["scenario"], head.get("variant"))
        if changes:
            raise InputError.at(Mark(path, 1, 1), f"files changed since the session began: "
                                f"{jl.describe_changes(changes)}; the forecast would not start from what the "
                                "players saw (--accept-changed-files to replay against them as they are)")
    last = max((e.line for e in loaded.entries), default=1)
    if upto is not None and upto > last:
        raise UsageError(f"--upto {upto}: the journal {path} has its last command on line {last}")
    entries = [e for e in loaded.entries if upto is None or e.line <= upto]
    return Point(os.path.abspath(path), head["scenario"], head.get("variant"), int(head["seed"]),
                 bool(head.get("nominal")), tuple(entries))


def run_forecast(opts: ForecastOptions, progress: Progress | None = None) -> tuple[dict[str, Any], list[str]]:
    """Forecast, write the files; return the document and the paths written."""
    point = point_of(opts.journal, opts.upto, opts.accept_changed_files)
    prepare(point)  # a journal that no longer replays is an error here, before any worker starts
    out = opts.out or os.path.join(os.path.dirname(point.journal), "forecast")
    names = [n for n in FILES if opts.charts or not n.endswith(".png")]
    check_writable([os.path.join(out, n) for n in names])
    seed = point.seed if opts.seed is None else opts.seed
    with _executor(opts, point) as ex:
        outcome = forecast(point, opts.runs, seed, ex, workers=opts.workers, progress=progress,
                           batch=opts.batch_size)
    doc = document(outcome)
    return doc, write_files(out, forecast_files(doc, outcome.tallies, charts=opts.charts))


def forecast_outcome(point: Point, runs: int, seed: int, workers: int = 1, start: str | None = None) -> Outcome:
    """A forecast on a local pool of ``workers`` processes started by ``start`` (None: the
    platform's way; ``spawn`` from a threaded server)."""
    with forecast_pool(point, workers, start) as ex:
        return forecast(point, runs, seed, ex, workers=workers)


def _executor(opts: ForecastOptions, point: Point) -> contextlib.AbstractContextManager[cf.Executor]:
    return dask_or_local(opts.dask, opts.dask_timeout, lambda: forecast_pool(point, opts.workers))
