"""The public API: load and check files, play a world, write a run's files.

What the CLI calls, and what scripts and notebooks can call too.
"""

import contextlib
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from engine.analyse.aar import Evaluation
from engine.check.scenario import load_world
from engine.check.validate import ValidationReport, validate, yaml_files
from engine.check.world import World
from engine.errors import InputError
from engine.read.files import file_kind
from engine.read.safe_open import read_bytes
from engine.read.yamlio import load_file
from engine.render.formats import COMPARED, FORMATS
from engine.render.output import check_folder, write_files, write_paths
from engine.simulate.record import RunResult
from engine.simulate.simulation import Limits, run
from engine.version import __version__

if TYPE_CHECKING:
    from engine.analyse.aar import DecisionOdds

__all__ = [
    "COMPARED",
    "FORMATS",
    "ValidationReport",
    "__version__",
    "bundled_reports",
    "load",
    "play",
    "render_run",
    "scenario_files",
    "stale_reports",
    "validate",
    "write_reports",
    "write_run",
    "yaml_files",
]

def load(path: str, variant: str | None = None) -> World:
    """Load, check and compile a scenario (and variant); raise InputError if invalid."""
    return load_world(path, variant)


def play(world: World, *, seed: int | None = None, nominal: bool = False,
         limits: Limits | None = None) -> RunResult:
    """Play a world once (the cyclic garbage collector is paused while it plays, then put
    back as it was: ``simulation.run``)."""
    return run(world, seed=seed, nominal=nominal, limits=limits)


def render_run(result: RunResult, world: World, *, formats: Iterable[str] = FORMATS,
               scenario_path: str | None = None, folder: str = ".",
               ratings: dict[str, tuple[str, str]] | None = None,
               observations: list[tuple[float, str]] | None = None,
               evaluations: list[Evaluation] | None = None,
               odds: "list[DecisionOdds] | None" = None) -> dict[str, str | bytes]:
    """The files of a run, by name, for the chosen ``formats`` (keys of FORMATS; default all).

    ``run.json`` (which scenario file produced the run, relative to ``folder``) is written
    only when ``scenario_path`` is given. A facilitator's ``ratings`` (objective → rating,
    comment) and ``observations`` (time, text) replace the suggested after-action ratings;
    evaluators' ``evaluations`` (``analyse.aar.Evaluation``) are listed in the after-action report.
    ``odds`` (a session run with forecasts) puts the forecasts around each decision in the AAR.
    """
    from engine.render.run_files import render_files, text  # noqa: PLC0415 - matplotlib and jinja2 load only when rendering

    wanted = [name for f in formats for name in FORMATS[f]]
    files = render_files(result, world, wanted, scenario_path, folder, ratings, observations, evaluations, odds)
    return {name: text(content) for name, content in files.items()}


def write_run(result: RunResult, world: World, folder: str, *, formats: Iterable[str] = FORMATS,
              scenario_path: str | None = None) -> list[str]:
    """Write the files of a run atomically into ``folder``; results.json is written as it is
    encoded, one event at a time, never held whole."""
    from engine.render.run_files import render_files  # noqa: PLC0415 - matplotlib and jinja2 load only when rendering

    wanted = [name for f in formats for name in FORMATS[f]]
    return write_files(folder, render_files(result, world, wanted, scenario_path, folder))


def scenario_files(folder: str) -> list[str]:
    """The scenario files under ``folder`` (packs skipped), sorted."""
    return [p for p in yaml_files([folder]) if file_kind(load_file(p)) == "scenario"]


def bundled_reports(scenarios: str, reports: str) -> dict[str, str | bytes]:
    """Every scenario's nominal run rendered, as ``{reports/<scenario>/<file>: content}``."""
    out: dict[str, str | bytes] = {}
    for path in scenario_files(scenarios):
        world = load(path)
        result = play(world, nominal=True)
        folder = os.path.join(reports, world.scenario.scenario)
        for name, content in render_run(result, world, scenario_path=path, folder=folder).items():
            out[os.path.join(folder, name)] = content
    return out


def stale_reports(files: dict[str, str | bytes]) -> list[str]:
    """The files whose committed content differs from ``files`` (or that are missing)."""
    stale = []
    for path, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        with contextlib.suppress(InputError):  # missing, not a regular file, too large: stale
            if read_bytes(path, limit=max(len(data), 1)) == data:
                continue
        stale.append(path)
    return stale


def write_reports(files: dict[str, str | bytes]) -> list[str]:
    """Write rendered reports, every folder in one all-or-nothing step."""
    for folder in dict.fromkeys(os.path.dirname(path) for path in files):
        check_folder(folder)
    return write_paths(dict(files), what="the reports", where=os.path.commonpath(list(files)) if files else ".")
