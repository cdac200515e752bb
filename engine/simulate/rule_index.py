"""Rule indexes: rules by trigger type, edge rules by what their condition reads and by
window. Built once per world and shared by its runs, so an event touches only the rules
it can affect and 1,000 dormant rules cost nothing per replication."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from engine.check.expr_compiler import leading_equality
from engine.check.expr_types import VarType
from engine.check.world import Act, CompiledRule, World
from engine.simulate.actions import ACTIONS

TEXT_KINDS = ("enum", "str")  # payload fields whose values are plain strings: safe as dict keys
Selector = tuple[str, dict[str | None, list[CompiledRule]], list[CompiledRule]]
# What a firing runs: the source of the events it schedules ("rule:<id>"), and each action
# with the function that performs it (ACTIONS, looked up once per world, not per firing).
Firing = tuple[str, tuple[tuple[Callable[..., None], Act], ...]]


@dataclass
class RuleIndex:
    """Rules by trigger type; edge rules by the state and events they read, and by window;
    and the edge rules' values on an initial state (filled by the first run)."""

    on: dict[str, list[CompiledRule]]
    edge: dict[str, list[int]]
    window: dict[str, dict[int, list[int]]]
    edge_rules: tuple[CompiledRule, ...]
    enabled: dict[str, bool]
    firing: dict[str, Firing]  # rule id → the source of the events it schedules and its actions
    initial: tuple[dict[str, Any], dict[int, bool]] | None = None
    # Per trigger type: (field, rules by the field's value, rules for any other value), each list
    # in pack order; see ``selectors``.
    select: dict[str, Selector] = field(default_factory=dict)


_INDEXES: dict[int, tuple[tuple[CompiledRule, ...], RuleIndex]] = {}


def rule_index(rules: tuple[CompiledRule, ...],
               event_fields: Mapping[str, Mapping[str, VarType]] | None = None) -> RuleIndex:
    """The index of a world's rules, built on first use (keyed by the tuple, which is kept
    alive alongside so its id cannot be reused). Runs only read it. ``event_fields`` (the
    world's) lets the first call build the selectors too."""
    hit = _INDEXES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    on: dict[str, list[CompiledRule]] = {}
    edge: dict[str, list[int]] = {}
    window: dict[str, dict[int, list[int]]] = {}
    for r in rules:
        for etype in r.on:
            on.setdefault(etype, []).append(r)
        if r.edge and r.when is not None:
            for dep in r.when.reads_state | r.when.reads_events:
                edge.setdefault(dep, []).append(r.position)
            for etype, width in r.when.windows:
                window.setdefault(etype, {}).setdefault(width, []).append(r.position)
    edges = tuple(r for r in rules if r.edge and r.when is not None)
    index = RuleIndex(on, edge, window, edges, {r.id: r.enabled for r in rules},
                      {r.id: _firing(r) for r in rules},
                      select=selectors(on, event_fields or {}))
    if len(_INDEXES) >= 64:  # worlds come and go in tests and tools; keep the cache small
        _INDEXES.clear()
    _INDEXES[id(rules)] = (rules, index)
    return index


def _firing(rule: CompiledRule) -> Firing:
    return f"rule:{rule.id}", tuple((ACTIONS[type(act)], act) for act in rule.then)


def selectors(on: dict[str, list[CompiledRule]],
              event_fields: Mapping[str, Mapping[str, VarType]]) -> dict[str, Selector]:
    """For each trigger type whose rules' guards mostly begin with ``event.<field> == '<text>'``
    on one text field: the rules worth trying for each value of that field.

    Such a guard is false, whatever follows, when the field holds another value, so the rule
    need not be tried: ten rules ``on: incident`` for ten zones cost one guard per incident,
    not ten. Rules whose guard does not begin so are in every list, and every list keeps
    pack order, so the rules tried, and their order, are those whose guard could hold."""
    out: dict[str, Selector] = {}
    for etype, rules in on.items():
        keys = [_leading_test(r) for r in rules]
        kinds = event_fields.get(etype, {})
        counts: dict[str, int] = {}
        for key in keys:
            if key is not None and key[0] in kinds and kinds[key[0]].kind in TEXT_KINDS:
                counts[key[0]] = counts.get(key[0], 0) + 1
        if not counts or max(counts.values()) < 2:
            continue  # nothing to save
        name = max(counts, key=counts.__getitem__)
        values: set[str | None] = {key[1] for key in keys if key is not None and key[0] == name}
        by_value = {v: [r for r, k in zip(rules, keys, strict=True) if k is None or k[0] != name or k[1] == v]
                    for v in values}
        others = [r for r, k in zip(rules, keys, strict=True) if k is None or k[0] != name]
        out[etype] = (name, by_value, others)
    return out


def _leading_test(rule: CompiledRule) -> tuple[str, str] | None:
    """(field, text) when the rule's guard begins with ``event.<field> == '<text>'``."""
    return None if rule.when is None else leading_equality(rule.when.text)


# What processing an event of a type involves (``routes``): the ``on`` rules to try (None:
# none), their selector (see ``selectors``), whether an edge rule reads the type, whether an
# objective watches it, and the widths of the windows it opens (None: none).
Route = tuple[list[CompiledRule] | None, Selector | None, bool, bool, dict[int, list[int]] | None]
NO_ROUTE: Route = (None, None, False, False, None)
_ROUTES: dict[int, tuple[World, dict[str, Route]]] = {}


def routes(world: World) -> dict[str, Route]:
    """Each event type's ``Route``, for the types something reads (the others: ``NO_ROUTE``),
    built once per world: one look-up an event instead of five."""
    hit = _ROUTES.get(id(world))
    if hit is not None and hit[0] is world:
        return hit[1]
    index = rule_index(world.rules, world.event_fields)
    watched = {o.expect for o in world.objectives} | {o.after for o in world.objectives if o.after is not None}
    out = {etype: (index.on.get(etype), index.select.get(etype), etype in index.edge, etype in watched,
                   index.window.get(etype))
           for etype in {*index.on, *index.edge, *index.window, *watched}}
    if len(_ROUTES) >= 256:  # worlds come and go in tests and tools; keep the cache small
        _ROUTES.clear()
    _ROUTES[id(world)] = (world, out)  # the world is kept so its id cannot be reused meanwhile
    return out
