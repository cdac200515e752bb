"""Lint checks on merged packs: reachability of rules, responses and decisions, state use,
zero-delay cycles and procedures for authorities (codes A101–A106, A109, A110)."""

from engine.check.pack_world import PackWorld
from engine.check.world import Act, CompiledRule, DecideAct, StartAct
from engine.errors import Mark
from engine.lint.findings import Finding, finding
from engine.lint.graph import Graph, Reach, state_use
from engine.read.files import PackSource


class PackLint:
    """Checks on merged packs, given what starts the run (injects and root actions)."""

    def __init__(self, sources: list[PackSource], pw: PackWorld, injected: set[str],
                 roots: tuple[Act, ...] = (), params: frozenset[str] = frozenset(),
                 held: dict[str, str] | None = None) -> None:
        self.sources = sources
        self.pw = pw
        self.params = params  # state variables a scenario sets: parameters, not constants
        self.graph = Graph(pw.rules, pw.responses, pw.decisions, pw.procedures, injected, roots, held or {})
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
            src, loc = self.rule_loc[rule.position]
            raw = src.pack.rules[loc[1]].on
            for i, etype in enumerate(rule.on):
                if etype not in self.reach.events:
                    where = (*loc, "on", i) if isinstance(raw, list) else (*loc, "on")
                    self.out.append(finding(src.doc.mark(where), "A101", f"rule '{rule.id}' listens for"
                                            f" '{etype}', which nothing can produce{self.why(etype)}",
                                            subject=("rules", rule.id)))
            if rule.id not in self.reach.rules:
                self.out.append(finding(rule.mark, "A102", f"rule '{rule.id}' can never fire: {self.never(rule)}",
                                        subject=("rules", rule.id)))

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
                self.out.append(finding(self.item(section, name), code, text.format(name) + why,
                                        subject=(section, name)))

    def state(self) -> None:
        written, read = state_use(self.all_actions())
        for rule in self.pw.rules:
            read |= rule.when.reads_state if rule.when else set()
        for var in self.pw.state_types:
            if var in written and var not in read:
                self.out.append(finding(self.item("state", var), "A105", f"state '{var}' is written but"
                                        " never read (no guard or value uses it)", subject=("state", var)))
            if var in read and var not in written and var not in self.params:
                self.out.append(finding(self.item("state", var), "A106", f"state '{var}' is read but never"
                                        " written: it keeps its initial value", subject=("state", var)))

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
            ids = [r.id for r in cycle]
            chain = " → ".join([*ids, ids[0]])
            guarded = [r.id for r in cycle if r.when is not None or r.once or r.chance is not None]
            if guarded:
                text = (f"rules trigger each other with no delay ({chain}); only the guards of"
                        f" {', '.join(guarded)} stop the loop")
                self.out.append(finding(cycle[0].mark, "A109", text, "warning", ("rules", *ids)))
            else:
                text = f"rules trigger each other with no delay and no guard ({chain}): a run would loop"
                self.out.append(finding(cycle[0].mark, "A109", text, subject=("rules", *ids)))

    def authorities(self) -> None:
        for name, d in self.pw.responses.items():
            if d.authority is None:
                continue
            lacking = [a for a in d.participants if (a, d.authority) not in self.pw.procedures]
            if lacking:
                text = (f"participants of '{name}' with no procedure for authority '{d.authority}'"
                        f" are authorized at once: {', '.join(lacking)}")
                self.out.append(finding(self.item("responses", name, "participants"), "A110", text,
                                        subject=("responses", name)))

