"""``accord lint``: static checks beyond validity, each finding with a place, a severity and
a code (``A101``…); the table ``CODES`` lists them.

A pack linted alone is judged leniently: any declared event type may be injected by some
scenario, so only what the pack alone proves is reported. A scenario is linted with its
packs; its injects (base and every variant) and objectives' ``else`` actions start the
run. When several scenarios (and the pack itself) are linted together, a finding about a
pack item that depends on what scenarios inject (``CONTEXTUAL``) is kept only if every one
of them yields it, so one scenario that exercises a part of a pack does not flag the rest.

What a user asked about is in scope (``LintReport.in_scope``): the findings in the files
named, and the pack findings a named scenario makes relevant (``relevance``); the CLI
shows the rest with ``--all``.

A finding is silenced by ``# accord: ignore[A101]`` (several codes comma-separated, or
``# accord: ignore`` for all) on its line or the line above; text after the marker is the
reason (``# accord: ignore[A105] a tally for the facilitator``).
"""

import re
from dataclasses import dataclass, field, replace

from engine.check.pack import load_checked_pack
from engine.check.scenario import build_world
from engine.check.validate import respelled, yaml_files
from engine.check.world import NARRATIVE
from engine.errors import Diagnostic, InputError
from engine.lint.findings import CODES, CONTEXTUAL, SEVERITIES, Finding
from engine.lint.pack import PackLint
from engine.lint.scenario import ScenarioLint
from engine.read.files import file_kind, load_scenario
from engine.read.paths import Spellings, identity
from engine.read.safe_open import read_text
from engine.read.yamlio import load_file

__all__ = ["CODES", "SEVERITIES", "Finding", "LintReport", "lint", "lint_file"]

# The codes in brackets are read; any text after them is the reason, for people. `\b`: a
# comment that says "accord: ignored …" is prose, not a marker that silences every code.
_IGNORE = re.compile(r"#\s*accord:\s*ignore\b(?:\[([A-Za-z0-9,\s]*)\])?")


@dataclass
class LintReport:
    """What ``lint`` found: findings, and the errors of files that are not valid at all.

    ``findings`` holds every finding; ``in_scope`` those a user asked about: the findings
    in the files named (directly or in a named folder), and the pack findings that a named
    scenario's injects, objectives, choices, ``set:`` or overrides make relevant.
    """

    files: int = 0
    findings: list[Finding] = field(default_factory=list)
    invalid: list[Diagnostic] = field(default_factory=list)
    in_scope: set[Finding] = field(default_factory=set)

    def shown(self, everything: bool = False) -> list[Finding]:
        """The findings to show: those in scope, or all of them with ``everything``."""
        return self.findings if everything else [f for f in self.findings if f in self.in_scope]

    def count(self, severity: str, everything: bool = True) -> int:
        """How many findings (shown ones unless ``everything``) have ``severity``."""
        return sum(f.severity == severity for f in self.shown(everything))


@dataclass
class _Context:
    """The findings of linting one file, and the pack files that lint saw."""

    covers: set[str]
    findings: set[Finding] = field(default_factory=set)
    scenario: bool = False  # a scenario knows what starts a run; a pack alone only guesses
    relevant: set[Finding] = field(default_factory=set)  # pack findings the scenario makes relevant


def lint_file(path: str) -> _Context:
    """Lint one pack or scenario file; raise InputError if it is not valid."""
    doc = load_file(path)
    kind = file_kind(doc)
    if kind == "mapping":  # a spreadsheet layout: nothing to lint beyond validating it
        from engine.read.msel.mapping import load_mapping  # noqa: PLC0415

        load_mapping(path)
        return _Context(set(), set())
    if kind == "pack":
        sources, pw = load_checked_pack(path)
        found = PackLint(sources, pw, set(pw.declared_events) | {NARRATIVE}).run()
        return _Context({identity(s.doc.path) for s in sources}, set(found))
    loaded = load_scenario(path, None, doc)
    checks = ScenarioLint(path, loaded, build_world(loaded))
    found = checks.run()
    return _Context({identity(s.doc.path) for s in loaded.packs}, set(found), True, checks.relevant)


def lint(paths: list[str]) -> LintReport:
    """Lint every pack and scenario under ``paths``."""
    report = LintReport()
    contexts: list[_Context] = []
    spellings = Spellings()
    files = yaml_files(paths, spellings)
    for path in files:
        report.files += 1
        try:
            ctx = lint_file(path)
        except InputError as exc:
            report.invalid.extend(exc.diagnostics)
            continue
        # One file reached by two spellings (the command line's, a scenario's `rules:`)
        # gives one finding, under the spelling the user gave.
        ctx.findings = {_respelled(f, spellings) for f in ctx.findings}
        ctx.relevant = {_respelled(f, spellings) for f in ctx.relevant}
        contexts.append(ctx)
    lines = _Lines()
    kept = [f for f in _merge(contexts, spellings) if not _silenced(f, lines)]
    report.findings = sorted(kept)
    named = {spellings.key(p) for p in files}
    relevant = set().union(*(c.relevant for c in contexts))
    report.in_scope = {f for f in kept if spellings.key(f.mark.path) in named or f in relevant}
    report.invalid = respelled(report.invalid, spellings)
    return report


def _respelled(f: Finding, spellings: Spellings) -> Finding:
    return replace(f, mark=f.mark._replace(path=spellings.show(f.mark.path)))


def _merge(contexts: list[_Context], spellings: Spellings) -> set[Finding]:
    """Union of the findings; a contextual pack finding only if every voter on the pack
    agrees: the scenarios that use the pack, or (when none is linted) the pack itself.
    A pack alone assumes any declared event may be injected, so it must not outvote the
    scenarios that say what is: a rule none of them can trigger is reported."""
    out: set[Finding] = set()
    for ctx in contexts:
        for f in ctx.findings:
            real = spellings.key(f.mark.path)
            if f.code in CONTEXTUAL and real in ctx.covers:
                if all(f in c.findings for c in _voters(contexts, real)):
                    out.add(f)
            else:
                out.add(f)
    return out


def _voters(contexts: list[_Context], real: str) -> list[_Context]:
    covering = [c for c in contexts if real in c.covers]
    return [c for c in covering if c.scenario] or covering


class _Lines:
    """Source lines, read once per file, for ignore comments."""

    def __init__(self) -> None:
        self.files: dict[str, list[str]] = {}

    def get(self, path: str, line: int) -> str:
        if path not in self.files:
            try:
                self.files[path] = read_text(path, what="a YAML file").splitlines()
            except InputError:
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
