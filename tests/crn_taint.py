"""What a variant can change: the event types and milestones that may depend on what differs
between a base World and a variant World (for the common-random-numbers property test).

A static, conservative analysis (it assumes every guard, chance and approval can go either
way): a source that differs (a procedure step, a response, a rule, a decision, a choice, an
initial value, an inject) taints what it produces; a rule is tainted when it differs, when
it listens for a tainted event, when its guard reads tainted state or events (``status()``
and ``contributed()`` read a response's lifecycle events), or when a tainted action switches
it; a tainted rule, decision or objective taints everything its actions touch; an untainted
action that computes a value from tainted state or events taints what it writes. Whatever is
left untainted must happen at the same times in the base and the variant, replication by
replication, if every random source draws from its own stream (SPEC §2.3).
"""

from dataclasses import dataclass, field
from typing import Any

from engine.check.expressions import Compiled, lifecycle_types
from engine.check.world import (
    Act,
    DecideAct,
    EmitAct,
    SetAct,
    StartAct,
    StopAct,
    SwitchAct,
    World,
)


def signature(value: Any) -> Any:
    """A comparable form of compiled world parts: expressions by their text, closures dropped."""
    if isinstance(value, Compiled):
        return ("expr", value.text)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return (type(value).__name__, *(signature(getattr(value, f)) for f in value._fields if f != "mark"))
    if isinstance(value, tuple | list):
        return tuple(signature(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, signature(v)) for k, v in value.items()))
    return value


@dataclass
class Taint:
    """The tainted parts of a variant, grown to a fixpoint."""

    base: World
    variant: World
    events: set[str] = field(default_factory=set)
    state: set[str] = field(default_factory=set)
    rules: set[str] = field(default_factory=set)
    decisions: set[str] = field(default_factory=set)
    responses: set[str] = field(default_factory=set)

    def run(self) -> "Taint":
        """Seed with the differences, then propagate until nothing changes."""
        self.seed()
        while True:
            size = (len(self.events), len(self.state), len(self.rules), len(self.decisions), len(self.responses))
            self.step()
            if size == (len(self.events), len(self.state), len(self.rules), len(self.decisions),
                        len(self.responses)):
                return self

    def seed(self) -> None:
        b, v = self.base, self.variant
        for key in set(b.procedures) | set(v.procedures):
            if b.procedures.get(key) != v.procedures.get(key):
                actor, authority = key
                for r in (b.responses | v.responses).values():
                    if r.authority == authority and actor in r.participants:
                        self.response(r.id)
        for name in set(b.responses) | set(v.responses):
            if b.responses.get(name) != v.responses.get(name):
                self.response(name)
        rules_b = {r.id: signature(r) for r in b.rules}
        self.rules |= {r.id for r in v.rules if rules_b.get(r.id) != signature(r)}
        for name in set(b.decisions) | set(v.decisions):
            if signature(b.decisions.get(name)) != signature(v.decisions.get(name)) or \
                    b.choices.get(name) != v.choices.get(name):
                self.decisions.add(name)
        self.state |= {k for k in set(b.initial_state) | set(v.initial_state)
                       if b.initial_state.get(k) != v.initial_state.get(k)}
        injects_b = {signature(i[:5]) for i in b.injects}
        injects_v = {signature(i[:5]) for i in v.injects}
        self.events |= {i[2] for i in injects_b ^ injects_v}

    def response(self, name: str) -> None:
        self.responses.add(name)
        self.events |= set(lifecycle_types(name))

    def step(self) -> None:
        world = self.variant
        for rule in world.rules:
            reads = rule.when is not None and self.reads_tainted(rule.when)
            if rule.id in self.rules or set(rule.on) & self.events or reads:
                self.rules.add(rule.id)
                self.tainted_actions(rule.then)
            else:
                self.untainted_actions(rule.then)
        for d in world.decisions.values():
            for acts in d.options.values():
                if d.id in self.decisions:
                    self.tainted_actions(acts)
                else:
                    self.untainted_actions(acts)
        for o in world.objectives:
            if o.expect in self.events or (o.after is not None and o.after in self.events):
                self.tainted_actions(o.actions)
            else:
                self.untainted_actions(o.actions)

    def reads_tainted(self, c: Compiled) -> bool:
        return bool(c.reads_state & self.state or c.reads_events & self.events)

    def tainted_actions(self, acts: tuple[Act, ...]) -> None:
        for a in acts:
            if isinstance(a, SetAct):
                self.state.add(a.var)
            elif isinstance(a, EmitAct):
                self.events.add(a.type)
            elif isinstance(a, StartAct | StopAct):
                self.response(a.response)
            elif isinstance(a, DecideAct):
                self.decisions.add(a.decision)
            elif isinstance(a, SwitchAct):
                self.rules.add(a.rule)

    def untainted_actions(self, acts: tuple[Act, ...]) -> None:
        for a in acts:
            if isinstance(a, SetAct) and self.reads_tainted(a.value):
                self.state.add(a.var)
            elif isinstance(a, EmitAct) and any(self.reads_tainted(c) for _, c in a.payload):
                self.events.add(a.type)

    def milestone_tainted(self, name: str) -> bool:
        """Whether a milestone (``engine.analyse.milestones`` names) may depend on the change."""
        if name.startswith("first:"):
            return name.removeprefix("first:") in self.events
        if name.startswith("objective:"):
            o = next(o for o in self.variant.objectives if o.id == name.removeprefix("objective:"))
            return o.expect in self.events or (o.after is not None and o.after in self.events)
        response = name.rsplit(".", 1)[0]
        return response in self.responses or bool(set(lifecycle_types(response)) & self.events)
