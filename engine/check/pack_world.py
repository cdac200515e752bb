"""The merged, compiled content of a list of packs (``PackWorld``), and the place of an
item in its file (``Where``): what the pack checks and the action compiler share."""

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from engine.check.expressions import Scope, VarType
from engine.check.world import CompiledRule, DecisionDef, ResponseDef, StepDef
from engine.read.pack import Actor, Pack
from engine.read.yamlio import Doc, Path


class Where(NamedTuple):
    """An item and the place it was defined."""

    doc: Doc
    loc: Path

    def below(self, *sub: str | int) -> "Where":
        """A place inside this item."""
        return Where(self.doc, (*self.loc, *sub))


@dataclass
class PackWorld:
    """The merged, compiled content of a list of packs."""

    packs: list[Pack]
    actors: dict[str, Actor] = field(default_factory=dict)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    procedures: dict[tuple[str, str], tuple[StepDef, ...]] = field(default_factory=dict)
    state_types: dict[str, VarType] = field(default_factory=dict)
    initial_state: dict[str, Any] = field(default_factory=dict)
    event_fields: dict[str, dict[str, VarType]] = field(default_factory=dict)
    declared_events: set[str] = field(default_factory=set)
    responses: dict[str, ResponseDef] = field(default_factory=dict)
    decisions: dict[str, DecisionDef] = field(default_factory=dict)
    rules: tuple[CompiledRule, ...] = ()
    rule_ids: dict[str, Where] = field(default_factory=dict)
    # Every `release:` compiled, with its place: a pack cannot know the scenario's injects, so
    # each scenario that loads the pack checks them (engine.check.scenario).
    releases: list[tuple[str, Where]] = field(default_factory=list)

    def scope(self, trigger_types: tuple[str, ...] = (), *, edge: bool = False) -> Scope:
        """The names an expression may use."""
        return Scope(
            state=self.state_types,
            events=self.event_fields,
            responses=frozenset(self.responses),
            actors=frozenset(self.actors),
            trigger_types=trigger_types,
            edge=edge,
        )
