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
from typing import Any

from engine.api import yaml_files
from engine.check_pack import PackWorld, check_packs, load_checked_pack
from engine.check_scenario import build_world, inject_time
from engine.durations import DurationError
from engine.errors import Diagnostic, InputError, Mark, one_line
from engine.lint_graph import Graph, Reach, state_use
from engine.loader import Loaded, PackSource, file_kind, load_scenario
from engine.scenario import Inject
from engine.world import Act, CompiledRule, DecideAct, StartAct, World
from engine.yamlio import Path, load_file

CODES: dict[str, tuple[str, str]] = {
    "A101": ("warning", "a rule listens for an event type that nothing can produce"),
    "A102": ("warning", "a rule can never fire"),
    "A103": ("warning", "a response is never started"),
    "A104": ("warning", "a decision is never reached"),
    "A105": ("info", "a state variable is written but never read (only the final state shows it)"),
    "A106": ("info", "a state variable is read but never written (it keeps its initial value)"),
    "A107": ("error", "an objective's `expect` event can never occur"),
    "A108": ("error", "an objective's `after` event can never occur"),
    "A109": ("error", "rules trigger each other with no delay and no guard (warning when guarded)"),
    "A110": ("info", "participants with no procedure for a response's authority"),
    "A111": ("warning", "a variant changes nothing"),
    "A112": ("warning", "an inject is after the horizon"),
}
CONTEXTUAL = frozenset({"A101", "A102", "A103", "A104", "A105", "A106"})
SEVERITIES = ("error", "warning", "info")
_IGNORE = re.compile(r"#\s*accord:\s*ignore(?:\[([A-Za-z0-9,\s]*)\])?")


@dataclass(frozen=True, order=True)
class Finding:
    """One lint finding: ``path:line:col: warning: message [A101]``."""

    mark: Mark
    code: str
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.mark}: {self.severity}: {one_line(self.message)} [{self.code}]"

    def as_dict(self) -> dict[str, Any]:
        """The finding for ``--format json``."""
        m = self.mark
        return {"path": m.path, "line": m.line, "col": m.col, "severity": self.severity,
                "code": self.code, "message": self.message}


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


def finding(mark: Mark, code: str, message: str, severity: str | None = None) -> Finding:
    """A finding with the code's default severity."""
    return Finding(mark, code, message, severity or CODES[code][0])


class PackLint:
    """Checks on merged packs, given what starts the run (injects and root actions)."""

    def __init__(self, sources: list[PackSource], pw: PackWorld, injected: set[str],
                 roots: tuple[Act, ...] = (), params: frozenset[str] = frozenset()) -> None:
        self.sources = sources
        self.pw = pw
        self.params = params  # state variables a scenario sets: parameters, not constants
        self.graph = Graph(pw.rules, pw.responses, pw.decisions, pw.procedures, injected, roots)
        self.reach: Reach = self.graph.reach()
        self.out: list[Finding] = []
        self.rule_loc = [(s, ("rules", i)) for s in sources for i in range(len(s.pack.rules))]

    def run(self) -> list[Finding]:
        """Every pack-level check."""
        self.rules()
        acts = self.all_actions()
        self.unused("responses", self.reach.responses, "A103", "response '{}' is never started",
                    {a.response for a in acts if isinstance(a, StartAct)}, "start")
        self.unused("decisions", self.reach.decisions, "A104", "decision '{}' is never reached",
                    {a.decision for a in acts if isinstance(a, DecideAct)}, "decide")
        self.state()
        self.cycles()
        self.authorities()
        return self.out

    def item(self, section: str, key: str, *sub: str | int) -> Mark:
        """The place of ``section.key`` (or below it) in the first pack that defines it."""
        for s in self.sources:
            if key in getattr(s.pack, section):
                return s.doc.mark((section, key, *sub), key=not sub)
        return Mark(self.sources[0].doc.path, 1, 1)

    def rules(self) -> None:
        for rule in self.pw.rules:
            src, loc = self.rule_loc[rule.index]
            raw = src.pack.rules[loc[1]].on
            for i, etype in enumerate(rule.on):
                if etype not in self.reach.events:
                    where = (*loc, "on", i) if isinstance(raw, list) else (*loc, "on")
                    self.out.append(finding(src.doc.mark(where), "A101", f"rule '{rule.id}' listens for"
                                            f" '{etype}', which nothing can produce{self.why(etype)}"))
            if rule.id not in self.reach.rules:
                self.out.append(finding(rule.mark, "A102", f"rule '{rule.id}' can never fire: {self.never(rule)}"))

    def why(self, etype: str) -> str:
        response, _, step = etype.rpartition(".")
        if response in self.pw.responses and etype not in self.pw.declared_events:
            if response not in self.reach.responses:
                return f" (response '{response}' is never started)"
            return f" (no start of '{response}' can end in '{step}')"
        return " (no inject, emit or response emits it)"

    def never(self, rule: CompiledRule) -> str:
        if rule.id not in self.reach.enabled:
            return "it is disabled and nothing enables it"
        return "none of its events can occur"

    def unused(self, section: str, reached: set[str], code: str, text: str, named: set[str], verb: str) -> None:
        for name in getattr(self.pw, section):
            if name not in reached:
                why = (f" (only actions that can never run {verb} it)" if name in named
                       else f" (no rule, decision option or objective {verb}s it)")
                self.out.append(finding(self.item(section, name), code, text.format(name) + why))

    def state(self) -> None:
        written, read = state_use(self.all_actions())
        for rule in self.pw.rules:
            read |= rule.when.reads_state if rule.when else set()
        for var in self.pw.state_types:
            if var in written and var not in read:
                self.out.append(finding(self.item("state", var), "A105", f"state '{var}' is written but"
                                        " never read (no guard or value uses it)"))
            if var in read and var not in written and var not in self.params:
                self.out.append(finding(self.item("state", var), "A106", f"state '{var}' is read but never"
                                        " written: it keeps its initial value"))

    def all_actions(self) -> list[Act]:
        acts: list[Act] = list(self.graph.root_actions)
        for rule in self.pw.rules:
            acts += rule.then
        for d in self.pw.decisions.values():
            for option in d.options.values():
                acts += option
        return acts

    def cycles(self) -> None:
        for cycle in self.graph.zero_delay_cycles():
            chain = " → ".join(r.id for r in [*cycle, cycle[0]])
            guarded = [r.id for r in cycle if r.when is not None or r.once or r.chance is not None]
            if guarded:
                text = (f"rules trigger each other with no delay ({chain}); only the guards of"
                        f" {', '.join(guarded)} stop the loop")
                self.out.append(finding(cycle[0].mark, "A109", text, "warning"))
            else:
                text = f"rules trigger each other with no delay and no guard ({chain}): a run would loop"
                self.out.append(finding(cycle[0].mark, "A109", text))

    def authorities(self) -> None:
        for name, d in self.pw.responses.items():
            if d.authority is None:
                continue
            lacking = [a for a in d.participants if (a, d.authority) not in self.pw.procedures]
            if lacking:
                text = (f"participants of '{name}' with no procedure for authority '{d.authority}'"
                        f" are authorized at once: {', '.join(lacking)}")
                self.out.append(finding(self.item("responses", name, "participants"), "A110", text))


class ScenarioLint:
    """Checks on a scenario with its packs: objectives, injects, variants, then the packs."""

    def __init__(self, path: str, loaded: Loaded, world: World) -> None:
        self.path = path
        self.loaded = loaded
        self.world = world
        self.doc = loaded.doc
        self.out: list[Finding] = []

    def run(self) -> list[Finding]:
        """Every check; pack findings computed with this scenario's injects."""
        sc = self.world.scenario
        injected = {i.event for i in self.world.injects}
        params = set(sc.set)
        for v in sc.variants.values():
            injected |= {i.event for i in v.injects}
            params |= set(v.set)
        roots = tuple(a for o in self.world.objectives for a in o.actions)
        pw, _ = check_packs(self.loaded.packs)
        pack = PackLint(self.loaded.packs, pw, injected, roots, frozenset(params))
        self.out += pack.run()
        self.objectives(pack.reach)
        self.injects()
        self.variants()
        return self.out

    def objectives(self, reach: Reach) -> None:
        for i, obj in enumerate(self.world.objectives):
            for key in ("expect", "after"):
                etype = getattr(obj, key)
                if etype is not None and etype not in reach.events:
                    code = "A107" if key == "expect" else "A108"
                    text = f"objective '{obj.id}' waits for '{etype}' ({key}), which can never occur"
                    self.out.append(finding(self.doc.mark(("objectives", i, key)), code, text))

    def injects(self) -> None:
        sc = self.world.scenario
        located: list[tuple[Path, Inject]] = [(("injects", i), inj) for i, inj in enumerate(sc.injects)]
        for name, v in sc.variants.items():
            located += [(("variants", name, "injects", i), inj) for i, inj in enumerate(v.injects)]
        for loc, inj in located:
            try:
                t = inject_time(inj.at, sc.start)
            except DurationError:
                continue
            if t > self.world.until:
                text = f"inject '{inj.id}' at {inj.at} is after the horizon: it is never played"
                self.out.append(finding(self.doc.mark((*loc, "at")), "A112", text))

    def variants(self) -> None:
        base = _signature(self.loaded, self.world)
        for name, v in self.world.scenario.variants.items():
            try:
                loaded = load_scenario(self.path, name, self.doc)
                sig = _signature(loaded, build_world(loaded, name))
            except InputError:
                continue  # reported as invalid by validate
            if sig == base:
                text = f"variant '{name}' changes nothing: it plays exactly as the base scenario"
                self.out.append(finding(self.doc.mark(("variants", name), key=True), "A111", text))
            elif v.overrides and sig[0] == base[0]:
                text = f"the overrides of variant '{name}' change nothing: every value is already so"
                self.out.append(finding(self.doc.mark(("variants", name, "overrides"), key=True), "A111", text))


def _signature(loaded: Loaded, world: World) -> tuple[Any, ...]:
    """What a variant can change: pack data, initial state, choices, seed, injects."""
    injects = [(i.id, i.t, i.event, i.payload, i.by) for i in world.injects]
    return ([p.doc.data for p in loaded.packs], world.initial_state, world.choices, world.seed, injects)


def lint_file(path: str) -> _Context:
    """Lint one pack or scenario file; raise InputError if it is not valid."""
    doc = load_file(path)
    if file_kind(doc) == "pack":
        sources, pw = load_checked_pack(path)
        found = PackLint(sources, pw, set(pw.declared_events)).run()
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
