"""Explanations: the causal chain from the injects to an event, each link with what produced it.

Every recorded event carries its ``source`` (inject, rule, response, decision, objective or
facilitator) and its ``cause`` (the event whose processing scheduled it). Following the
causes back from an event reaches an inject (or an edge rule, or the start of the run);
this module walks that chain and names, for each link, the rule or response that produced
it with the rule's ``source:`` citation when the scenario (``World``) is at hand.
"""

import os
from dataclasses import dataclass

from engine.check.world import DecideAct, InjectDef, StartAct, World
from engine.read.durations import format_ticks, to_ticks
from engine.read.suggest import did_you_mean
from engine.simulate.record import EventRecord, RunResult, StepRecord
from engine.simulate.timefmt import when


class UnknownEventError(LookupError):
    """The EVENT asked for is not in the record (message names what is)."""


@dataclass(frozen=True, slots=True)
class Link:
    """One event of a causal chain and what produced it."""

    event: EventRecord
    producer: str  # e.g. "rule R-attack: title", "inject I-02: title", "response collective_defence"
    fired_on: int | None  # seq of the event the producing rule fired on, when a rule produced it
    citation: str | None  # the producing item's ``source:`` (and where it is defined)


@dataclass(frozen=True, slots=True)
class Explanation:
    """The chain of links from a root (an inject, usually) to the event explained."""

    target: EventRecord
    links: tuple[Link, ...]  # root first, target last


def find_event(result: RunResult, spec: str) -> EventRecord:
    """The event named by ``spec``: a seq number, or an event type (its first occurrence)."""
    if spec.strip().lstrip("#").isdigit():
        seq = int(spec.strip().lstrip("#"))
        for e in result.events:
            if e.seq == seq:
                return e
        raise UnknownEventError(f"no event #{seq} in the record (events are #1 to #{len(result.events)})")
    for e in result.events:
        if e.type == spec:
            return e
    types = {e.type for e in result.events}
    raise UnknownEventError(f"no event of type '{spec}' in the record{did_you_mean(spec, types)}")


def explain(result: RunResult, event: EventRecord, world: World | None = None) -> Explanation:
    """The causal chain that led to ``event`` (root first)."""
    by_seq = {e.seq: e for e in result.events}
    chain: list[EventRecord] = []
    seen: set[int] = set()
    current: EventRecord | None = event
    while current is not None and current.seq not in seen:  # causes point backwards; guard anyway
        seen.add(current.seq)
        chain.append(current)
        current = by_seq.get(current.cause) if current.cause is not None else None
    links = tuple(_link(result, e, world) for e in reversed(chain))
    return Explanation(event, links)


def milestones(result: RunResult, world: World | None = None) -> list[EventRecord]:
    """The events worth explaining: response ends, objectives met, and objectives' contingencies."""
    ends = {f"{x.response}.{x.status}" for x in result.responses if x.status in ("completed", "failed")}
    met = set()
    if world is not None:
        expects = {o.id: o.expect for o in world.objectives}
        met = {(expects.get(o.objective), o.at_h) for o in result.objectives if o.status == "met"}
    picked = [e for e in result.events
              if e.type in ends or (e.type, e.t) in met or e.source.startswith("objective:")]
    return _first_of_each_instance(picked)


def _first_of_each_instance(events: list[EventRecord]) -> list[EventRecord]:
    """Drop repeats of the same (type, time): one objective met and one response end is one milestone."""
    seen: set[tuple[str, float]] = set()
    out = []
    for e in events:
        if (e.type, e.t) not in seen:
            seen.add((e.type, e.t))
            out.append(e)
    return out


def _link(result: RunResult, e: EventRecord, world: World | None) -> Link:
    kind, _, name = e.source.partition(":")
    if kind == "rule":
        fired = next((f.trigger for f in result.firings if f.rule == name and f.trigger == e.cause), None)
        return Link(e, _rule_title(world, name), fired, _rule_citation(world, name))
    if kind == "response" and e.type == f"{name}.started":
        return _started_link(result, e, name, world)
    if kind == "response":
        what = f"response {name}" + _actor(world, e.by) + _steps_behind(result, e, name) + _criterion(world, e, name)
        return Link(e, what, None, _response_citation(world, name))
    if kind == "inject":
        if e.cause is not None:  # a held inject, released by a rule, decision or objective
            return Link(e, _inject_title(world, name) + " (held; released)", e.cause, _inject_citation(world, name))
        return Link(e, _inject_title(world, name), None, _inject_citation(world, name))
    if kind == "decision":
        return Link(e, f"decision {name}", None, _decision_citation(world, name))
    if kind == "objective":
        return Link(e, f"objective {name} missed (contingency)", None, _objective_citation(world, name))
    return Link(e, e.source, None, None)


def _started_link(result: RunResult, e: EventRecord, response: str, world: World | None) -> Link:
    """A response start: name the rule (or decision) that started it, fired on this event's cause."""
    fired = [f.rule for f in result.firings if f.trigger == e.cause and f.t == e.t]
    rule = _starter(world, fired, response)
    if rule is None:
        return Link(e, f"response {response} started", None, _response_citation(world, response))
    return Link(e, f"response {response} started by {_rule_title(world, rule)}", e.cause,
                _rule_citation(world, rule))


def _starter(world: World | None, fired: list[str], response: str) -> str | None:
    if world is None:
        return fired[0] if len(fired) == 1 else None
    rules = {r.id: r for r in world.rules}

    def starts(rule_id: str) -> bool:
        acts = rules[rule_id].then if rule_id in rules else ()
        if any(isinstance(a, StartAct) and a.response == response for a in acts):
            return True
        decided = [world.decisions[a.decision] for a in acts if isinstance(a, DecideAct)]
        return any(isinstance(a, StartAct) and a.response == response
                   for d in decided for option in d.options.values() for a in option)

    return next((r for r in fired if starts(r)), None)


def _steps_behind(result: RunResult, e: EventRecord, response: str) -> str:
    """``: cabinet decision 2d → vote 1d``: the participant's steps that ended at this event."""
    what = e.type.rsplit(".", 1)[-1]
    kinds = {"authorized": "procedure", "declined": "procedure", "contributed": "phase"}
    if e.by is None or what not in kinds:
        return ""
    for x in result.responses:
        for p in x.participants if x.response == response else ():
            steps = [s for s in p.steps if s.kind == kinds[what] and s.end_h is not None
                     and x.started_h <= s.start_h and s.end_h <= e.t]
            if p.actor == e.by and steps and steps[-1].end_h == e.t:
                return ": " + " → ".join(f"{s.name} {_took(s)}" for s in steps)
    return ""


def _took(s: StepRecord) -> str:
    """How long a finished step took, from its ticks."""
    return format_ticks(to_ticks(s.end_h or 0.0) - to_ticks(s.start_h))


def _criterion(world: World | None, e: EventRecord, response: str) -> str:
    """``: criterion 'all' met`` on a completion, ``… can no longer be met`` on a failure."""
    d = world.responses.get(response) if world is not None else None
    what = e.type.rsplit(".", 1)[-1]
    if d is None or what not in ("completed", "failed"):
        return ""
    return f": criterion complete={d.complete} " + ("met" if what == "completed" else "can no longer be met")


def _rule_title(world: World | None, rule: str) -> str:
    title = next((r.title for r in world.rules if r.id == rule), None) if world is not None else None
    return f"rule {rule}" + (f": {title}" if title else "")


def _where(path: str, line: int) -> str:
    return f"{os.path.basename(path)}:{line}"


def _rule_citation(world: World | None, rule: str) -> str | None:
    if world is None:
        return None
    r = next((x for x in world.rules if x.id == rule), None)
    if r is None:
        return None
    source = r.source or next((p.source for p in world.packs if any(x.id == rule for x in p.rules)), None)
    where = _where(r.mark.path, r.mark.line)
    return f"{source} ({where})" if source else f"({where})"


def _response_citation(world: World | None, response: str) -> str | None:
    d = world.responses.get(response) if world is not None else None
    return d.source if d is not None else None


def _inject(world: World | None, inject: str) -> InjectDef | None:
    if world is None:
        return None
    return world.held.get(inject) or next((x for x in world.injects if x.id == inject), None)


def _inject_title(world: World | None, inject: str) -> str:
    i = _inject(world, inject)
    title = i.model.title if i is not None else None
    return f"inject {inject}" + (f": {title}" if title else "")


def _inject_citation(world: World | None, inject: str) -> str | None:
    i = _inject(world, inject)
    return i.model.source if i is not None else None


def _decision_citation(world: World | None, decision: str) -> str | None:
    d = world.decisions.get(decision) if world is not None else None
    return d.source if d is not None else None


def _objective_citation(world: World | None, objective: str) -> str | None:
    o = next((x for x in world.objectives if x.id == objective), None) if world is not None else None
    return o.model.source if o is not None else None


def _actor(world: World | None, actor: str | None) -> str:
    if actor is None:
        return ""
    a = world.actors.get(actor) if world is not None else None
    return f" ({a.name if a is not None and a.name else actor})"


def explanation_lines(result: RunResult, x: Explanation) -> list[str]:
    """Plain text: a heading line, then one numbered entry per link (two lines each)."""
    t = x.target
    lines = [f"#{t.seq} {t.type} at {when(result, t.t)}: {len(x.links)} link(s) from the root"]
    for n, link in enumerate(x.links, 1):
        e = link.event
        by = f" by {e.by}" if e.by else ""
        payload = "".join(f" {k}={v}" for k, v in e.payload.items())
        lines.append(f"{n:>3}. {when(result, e.t)}  #{e.seq} {e.type}{by}{payload}")
        via = f" (fired on #{link.fired_on})" if link.fired_on is not None else ""
        cited = f" — source: {link.citation}" if link.citation else ""
        lines.append(f"     ← {link.producer}{via}{cited}")
    return lines
