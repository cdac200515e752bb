"""What a set of compiled rules can ever do: which events can occur, which rules can fire,
which responses start and which decisions are reached, and which rules can chain into
each other with no delay. ``engine.lint.linter`` turns the answers into findings.

The analysis is a may-analysis: it assumes every guard, chance and approval can go
either way, so whatever it calls impossible is impossible in every run.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from engine.check.world import (
    Act,
    CompiledRule,
    DecideAct,
    DecisionDef,
    EmitAct,
    ReleaseAct,
    ResponseDef,
    SetAct,
    StartAct,
    StepDef,
    StopAct,
    SwitchAct,
)


@dataclass
class Reach:
    """The fixpoint: everything that can happen in some run."""

    events: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)  # rules that can fire
    enabled: set[str] = field(default_factory=set)  # rules that are, or can become, enabled
    responses: set[str] = field(default_factory=set)  # responses that can start
    stopped: set[str] = field(default_factory=set)
    decisions: set[str] = field(default_factory=set)


@dataclass
class Graph:
    """The rules, responses and decisions of one world, and what starts the run."""

    rules: tuple[CompiledRule, ...]
    responses: dict[str, ResponseDef]
    decisions: dict[str, DecisionDef]
    procedures: dict[tuple[str, str], tuple[StepDef, ...]]
    injected: set[str]
    root_actions: tuple[Act, ...] = ()
    held: dict[str, str] = field(default_factory=dict)  # held inject id → its event type: a release produces it

    def reach(self) -> Reach:
        """Grow the set of possible events, firings, starts and decisions until it is stable."""
        r = Reach(events=set(self.injected), enabled={x.id for x in self.rules if x.enabled})
        while True:
            size = _size(r)
            self._run(self.root_actions, r)
            for rule in self.rules:
                if rule.id in r.enabled and (rule.edge or any(t in r.events for t in rule.on)):
                    r.rules.add(rule.id)
                    self._run(rule.then, r)
            if _size(r) == size:
                return r

    def _run(self, acts: Iterable[Act], r: Reach) -> None:
        for act in acts:
            if isinstance(act, EmitAct):
                r.events.add(act.type)
            elif isinstance(act, StartAct) and act.response in self.responses:
                r.responses.add(act.response)
                r.events.update(self.lifecycle(act.response, act.participants))
            elif isinstance(act, StopAct) and act.response in r.responses:
                r.stopped.add(act.response)
                r.events.add(f"{act.response}.stopped")
            elif isinstance(act, DecideAct) and act.decision in self.decisions:
                if act.decision not in r.decisions:
                    r.decisions.add(act.decision)
                    for option in self.decisions[act.decision].options.values():
                        self._run(option, r)
            elif isinstance(act, SwitchAct) and act.enabled:
                r.enabled.add(act.rule)
            elif isinstance(act, ReleaseAct) and act.inject in self.held:
                r.events.add(self.held[act.inject])

    def lifecycle(self, response: str, participants: tuple[str, ...] | None) -> set[str]:
        """The lifecycle events one start of ``response`` can emit."""
        d = self.responses[response]
        parts = d.participants if participants is None else participants
        can = [a for a in parts if not self.must_decline(a, d.authority)]  # can contribute
        may_decline = [a for a in parts if self.may_decline(a, d.authority)]
        out = {f"{response}.started"}
        if can:
            out |= {f"{response}.authorized", f"{response}.contributed"}
        if may_decline:
            out.add(f"{response}.declined")
        if d.complete == "lead":
            completes, fails = d.lead in can, d.lead not in parts or d.lead in may_decline
        else:
            needed = len(parts) if d.complete == "all" else 1 if d.complete == "any" else int(d.complete)
            completes, fails = needed <= len(can), len(parts) - len(may_decline) < needed
        if completes:
            out.add(f"{response}.completed")
        if fails:
            out.add(f"{response}.failed")
        return out

    def may_decline(self, actor: str, authority: str | None) -> bool:
        """Whether a participant's procedure has an approval that can fail."""
        return any(s.approval is not None and s.approval < 1 for s in self._steps(actor, authority))

    def must_decline(self, actor: str, authority: str | None) -> bool:
        """Whether a participant's procedure has an approval that always fails."""
        return any(s.approval == 0 for s in self._steps(actor, authority))

    def _steps(self, actor: str, authority: str | None) -> tuple[StepDef, ...]:
        return self.procedures.get((actor, authority), ()) if authority is not None else ()

    def zero_delay_cycles(self) -> list[list[CompiledRule]]:
        """Groups of rules that can trigger each other at one instant, endlessly."""
        edges = {rule.id: self._successors(rule) for rule in self.rules}
        by_id = {rule.id: rule for rule in self.rules}
        cycles = []
        for component in _strongly_connected(edges):
            if len(component) > 1 or component[0] in edges[component[0]]:
                cycles.append(sorted((by_id[i] for i in component), key=lambda x: x.position))
        return sorted(cycles, key=lambda c: c[0].position)

    def _successors(self, rule: CompiledRule) -> list[str]:
        types = self._instant_events(rule.then, set())
        return [other.id for other in self.rules if any(t in types for t in other.on)]

    def _instant_events(self, acts: Iterable[Act], seen: set[str]) -> set[str]:
        """Event types that ``acts`` emit at the same instant (no delay). Starts are left out:
        starting a response that is still active does nothing, so they rarely loop."""
        out: set[str] = set()
        for act in acts:
            if isinstance(act, EmitAct) and _instant(act.after):
                out.add(act.type)
            elif isinstance(act, DecideAct) and act.decision not in seen and act.decision in self.decisions:
                seen.add(act.decision)
                for option in self.decisions[act.decision].options.values():
                    out |= self._instant_events(option, seen)
        return out


def state_use(acts: Iterable[Act]) -> tuple[set[str], set[str]]:
    """(variables written, variables read) by a list of actions."""
    written: set[str] = set()
    read: set[str] = set()
    for act in acts:
        if isinstance(act, SetAct):
            written.add(act.var)
            read |= act.value.reads_state
        elif isinstance(act, EmitAct):
            for _, value in act.payload:
                read |= value.reads_state
    return written, read


def _instant(after: object) -> bool:
    high = getattr(after, "high", 0.0)
    return after is None or high == 0


def _size(r: Reach) -> tuple[int, ...]:
    return len(r.events), len(r.rules), len(r.enabled), len(r.responses), len(r.stopped), len(r.decisions)


def _strongly_connected(edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that long rule chains cannot overflow the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            succ = edges[node]
            if i < len(succ):
                work.append((node, i + 1))
                nxt = succ[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                out.append(comp)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out
