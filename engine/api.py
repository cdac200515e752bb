"""The public API: load and check files, play a world, write a run's files.

What the CLI calls, and what scripts and notebooks can call too.
"""

import os
from dataclasses import dataclass, field

from engine.check_pack import check_packs
from engine.check_scenario import build_world
from engine.errors import Diagnostic, InputError
from engine.loader import PackSource, file_kind, load_pack_docs, load_scenario, validate_model
from engine.output import write_files
from engine.pack import Pack
from engine.record import RunResult, to_json
from engine.report_md import render_markdown
from engine.simulation import Limits, run
from engine.world import World
from engine.yamlio import load_file

__version__ = "0.1.0"


@dataclass
class ValidationReport:
    """What ``validate`` found."""

    files: int = 0
    packs: int = 0
    scenarios: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load(path: str, variant: str | None = None) -> World:
    """Load, check and compile a scenario (and variant); raise InputError if invalid."""
    return build_world(load_scenario(path, variant), variant)


def play(world: World, *, seed: int | None = None, nominal: bool = False,
         limits: Limits | None = None) -> RunResult:
    """Play a world once."""
    return run(world, seed=seed, nominal=nominal, limits=limits)


def write_run(result: RunResult, world: World, folder: str) -> list[str]:
    """Write ``results.json`` and ``report.md`` atomically into ``folder``."""
    files: dict[str, str | bytes] = {
        "results.json": to_json(result),
        "report.md": render_markdown(result, world),
    }
    return write_files(folder, files)


def yaml_files(paths: list[str]) -> list[str]:
    """The YAML files named by ``paths`` (folders searched recursively, sorted)."""
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                out += [os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml"))]
        else:
            out.append(path)
    return out


def validate(paths: list[str]) -> ValidationReport:
    """Check every pack and scenario under ``paths``; collect all errors."""
    report = ValidationReport()
    for path in yaml_files(paths):
        report.files += 1
        try:
            kind = _validate_file(path)
        except InputError as exc:
            report.diagnostics.extend(exc.diagnostics)
            continue
        report.packs += kind == "pack"
        report.scenarios += kind == "scenario"
    report.diagnostics = sorted(set(report.diagnostics))
    return report


def _validate_file(path: str) -> str:
    doc = load_file(path)
    kind = file_kind(doc)
    if kind == "pack":
        sources = []
        errors: list[Diagnostic] = []
        for d in load_pack_docs(path):
            try:
                sources.append(PackSource(d, validate_model(d, Pack)))
            except InputError as exc:
                errors.extend(exc.diagnostics)
        if errors:
            raise InputError(errors)
        _, errors = check_packs(sources)
        if errors:
            raise InputError(errors)
        return kind
    loaded = load_scenario(path, None, doc)
    build_world(loaded)
    errors = []
    for variant in loaded.scenario.variants:
        try:
            build_world(load_scenario(path, variant, doc), variant)
        except InputError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise InputError(errors)
    return kind
