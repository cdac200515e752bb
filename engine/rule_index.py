"""Rule indexes: rules by trigger type, edge rules by what their condition reads and by
window. Built once per world and shared by its runs, so an event touches only the rules
it can affect and 1,000 dormant rules cost nothing per replication."""

from dataclasses import dataclass
from typing import Any

from engine.world import CompiledRule


@dataclass
class RuleIndex:
    """Rules by trigger type; edge rules by the state and events they read, and by window;
    and the edge rules' values on an initial state (filled by the first run)."""

    on: dict[str, list[CompiledRule]]
    edge: dict[str, list[int]]
    window: dict[str, dict[float, list[int]]]
    edge_rules: tuple[CompiledRule, ...]
    enabled: dict[str, bool]
    labels: dict[str, str]  # rule id → the source of the events it schedules, "rule:<id>"
    initial: tuple[dict[str, Any], dict[int, bool]] | None = None


_INDEXES: dict[int, tuple[tuple[CompiledRule, ...], RuleIndex]] = {}


def rule_index(rules: tuple[CompiledRule, ...]) -> RuleIndex:
    """The index of a world's rules, built on first use (keyed by the tuple, which is kept
    alive alongside so its id cannot be reused). Runs only read it."""
    hit = _INDEXES.get(id(rules))
    if hit is not None and hit[0] is rules:
        return hit[1]
    on: dict[str, list[CompiledRule]] = {}
    edge: dict[str, list[int]] = {}
    window: dict[str, dict[float, list[int]]] = {}
    for r in rules:
        for etype in r.on:
            on.setdefault(etype, []).append(r)
        if r.edge and r.when is not None:
            for dep in r.when.reads_state | r.when.reads_events:
                edge.setdefault(dep, []).append(r.index)
            for etype, width in r.when.windows:
                window.setdefault(etype, {}).setdefault(width, []).append(r.index)
    edges = tuple(r for r in rules if r.edge and r.when is not None)
    index = RuleIndex(on, edge, window, edges, {r.id: r.enabled for r in rules},
                      {r.id: f"rule:{r.id}" for r in rules})
    if len(_INDEXES) >= 64:  # worlds come and go in tests and tools; keep the cache small
        _INDEXES.clear()
    _INDEXES[id(rules)] = (rules, index)
    return index


