"""``accord validate``: check packs and scenarios, collecting every error.

Kept apart from ``engine.api`` so that validating imports neither the simulation nor
SimPy: a scenario's world is compiled, never played.
"""

import os
from dataclasses import dataclass, field

from engine.check.pack import load_checked_pack
from engine.errors import Diagnostic, InputError, Mark
from engine.read.files import file_kind, load_scenario
from engine.read.paths import Spellings
from engine.read.yamlio import load_file


@dataclass
class ValidationReport:
    """What ``validate`` found."""

    files: int = 0
    packs: int = 0
    scenarios: int = 0
    mappings: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)



def yaml_files(paths: list[str], spellings: Spellings | None = None) -> list[str]:
    """The YAML files named by ``paths`` (folders searched recursively, sorted), each file
    once under the first spelling that names it (``lint`` and ``lint/../lint`` are one
    folder); ``spellings`` learns them."""
    seen = Spellings() if spellings is None else spellings
    out: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, names in os.walk(path):
                dirs.sort()
                out += [os.path.join(root, n) for n in sorted(names) if n.endswith((".yaml", ".yml"))]
        else:
            out.append(path)
    return [p for p in out if seen.add(p)]


def respelled(diagnostics: list[Diagnostic], spellings: Spellings) -> list[Diagnostic]:
    """``diagnostics`` with each file under the spelling ``spellings`` reports it by, each once."""
    return sorted({d._replace(mark=d.mark._replace(path=spellings.show(d.mark.path))) for d in diagnostics})


def validate(paths: list[str]) -> ValidationReport:
    """Check every pack, scenario and mapping file under ``paths``; collect all errors."""
    report = ValidationReport()
    for folder in paths:
        if os.path.isdir(folder) and not yaml_files([folder]):
            report.diagnostics.append(Diagnostic(Mark(folder, 1, 1), "no .yaml or .yml file in this folder"))
    spellings = Spellings()
    for path in yaml_files(paths, spellings):
        report.files += 1
        try:
            kind = _validate_file(path)
        except InputError as exc:
            report.diagnostics.extend(exc.diagnostics)
            continue
        report.packs += kind == "pack"
        report.scenarios += kind == "scenario"
        report.mappings += kind == "mapping"
    report.diagnostics = respelled(report.diagnostics, spellings)
    return report


def _validate_file(path: str) -> str:
    doc = load_file(path)
    kind = file_kind(doc)
    if kind == "pack":
        load_checked_pack(path, top=doc)
        return kind
    if kind == "mapping":
        from engine.read.msel.mapping import load_mapping  # noqa: PLC0415 - only for mapping files

        load_mapping(path)
        return kind
    from engine.check.scenario import build_world  # noqa: PLC0415 - a pack alone never needs it

    loaded = load_scenario(path, None, doc)
    build_world(loaded)
    errors: list[Diagnostic] = []
    for variant in loaded.scenario.variants:
        try:
            build_world(load_scenario(path, variant, doc), variant)
        except InputError as exc:
            errors.extend(exc.diagnostics)
    if errors:
        raise InputError(errors)
    return kind
