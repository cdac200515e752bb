"""``accord lint``: static checks beyond validity, each finding with a place, a severity and
a code (``A101``…); the table ``CODES`` lists them.

A pack linted alone is judged leniently: any declared event type may be injected by some
scenario, so only what the pack alone proves is reported. A scenario is linted with its
packs; its injects (base and every variant) and objectives' ``else`` actions start the
run. When several scenarios (and the pack itself) are linted together, a finding about a
pack item that depends on what scenarios inject (``CONTEXTUAL``) is kept only if every one
of them yields it, so one scenario that exercises a part of a pack does not flag the rest.

A finding is silenced by ``# accord: ignore[A101]`` (several codes comma-separated, or
``# accord: ignore`` for all) on its line or the line above.
"""

import os
import re
from dataclasses import dataclass, field

from engine.check.pack import load_checked_pack
from engine.check.scenario import build_world
from engine.check.validate import yaml_files
from engine.check.world import NARRATIVE
from engine.errors import Diagnostic, InputError
from engine.lint.findings import CODES, CONTEXTUAL, SEVERITIES, Finding
from engine.lint.pack import PackLint
from engine.lint.scenario import ScenarioLint
from engine.read.files import file_kind, load_scenario
from engine.read.yamlio import load_file

__all__ = ["CODES", "SEVERITIES", "Finding", "LintReport", "lint", "lint_file"]

_IGNORE = re.compile(r"#\s*accord:\s*ignore(?:\[([A-Za-z0-9,\s]*)\])?")


@dataclass
class LintReport:
    """What ``lint`` found: findings, and the errors of files that are not valid at all."""

    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    invalid: list[Diagnostic] = field(default_factory=list)

    def count(self, severity: str) -> int:
        """How many findings have ``severity``."""
        return sum(f.severity == severity for f in self.findings)


@dataclass
class _Context:
    """The findings of linting one file, and the pack files that lint saw."""

    covers: set[str]
    findings: set[Finding] = field(default_factory=set)


def lint_file(path: str) -> _Context:
    """Lint one pack or scenario file; raise InputError if it is not valid."""
    doc = load_file(path)
    if file_kind(doc) == "pack":
        sources, pw = load_checked_pack(path)
        found = PackLint(sources, pw, set(pw.declared_events) | {NARRATIVE}).run()
    else:
        loaded = load_scenario(path, None, doc)
        sources = loaded.packs
        found = ScenarioLint(path, loaded, build_world(loaded)).run()
    return _Context({os.path.realpath(s.doc.path) for s in sources}, set(found))


def lint(paths: list[str]) -> LintReport:
    """Lint every pack and scenario under ``paths``."""
    report = LintReport()
    contexts: list[_Context] = []
    for path in yaml_files(paths):
        report.files += 1
        try:
            contexts.append(lint_file(path))
        except InputError as exc:
            report.invalid.extend(exc.diagnostics)
    lines = _Lines()
    kept = [f for f in _merge(contexts) if not _silenced(f, lines)]
    report.findings = sorted(kept)
    report.invalid = sorted(set(report.invalid))
    return report


def _merge(contexts: list[_Context]) -> set[Finding]:
    """Union of the findings; contextual pack findings only if every context covering the pack agrees."""
    out: set[Finding] = set()
    for ctx in contexts:
        for f in ctx.findings:
            real = os.path.realpath(f.mark.path)
            if f.code in CONTEXTUAL and real in ctx.covers:
                if all(f in c.findings for c in contexts if real in c.covers):
                    out.add(f)
            else:
                out.add(f)
    return out


class _Lines:
    """Source lines, read once per file, for ignore comments."""

    def __init__(self) -> None:
        self.files: dict[str, list[str]] = {}

    def get(self, path: str, line: int) -> str:
        if path not in self.files:
            try:
                with open(path, encoding="utf-8") as f:
                    self.files[path] = f.read().splitlines()
            except (OSError, UnicodeDecodeError):
                self.files[path] = []
        lines = self.files[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""


def _silenced(f: Finding, lines: _Lines) -> bool:
    above = lines.get(f.mark.path, f.mark.line - 1)
    candidates = [lines.get(f.mark.path, f.mark.line)]
    if above.lstrip().startswith("#"):  # a comment line of its own covers the next line
        candidates.append(above)
    for text in candidates:
        m = _IGNORE.search(text)
        if m and (m.group(1) is None or f.code in re.split(r"[\s,]+", m.group(1).strip())):
            return True
    return False
