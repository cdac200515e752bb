"""The checked, compiled world a run plays: packs merged, expressions compiled, ids resolved.

Built by ``engine.check`` from the file models; read by the simulation and the reports.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from engine.check.expressions import Compiled, VarType
from engine.errors import Mark
from engine.read.durations import Distribution, to_hours
from engine.read.pack import Actor, Pack

if TYPE_CHECKING:  # only a scenario's world holds them; checking a pack never loads them
    from engine.read.scenario import Inject, Objective, Scenario


class SetAct(NamedTuple):
    """``set`` (or ``add`` when ``add`` is true) one state variable."""

    var: str
    value: Compiled
    add: bool = False


class EmitAct(NamedTuple):
    """Schedule an event."""

    type: str
    payload: tuple[tuple[str, Compiled], ...]
    after: Distribution | None
    by: str | None


class StartAct(NamedTuple):
    """Start an instance of a response."""

    response: str
    after: Distribution | None
    participants: tuple[str, ...] | None


class StopAct(NamedTuple):
    """Stop the latest instance of a response."""

    response: str


class DecideAct(NamedTuple):
    """Resolve a decision point."""

    decision: str


class SwitchAct(NamedTuple):
    """Enable or disable a rule."""

    rule: str
    enabled: bool


class NoteAct(NamedTuple):
    """Put a line on the timeline."""

    text: str


class ReleaseAct(NamedTuple):
    """Deliver a held (contingency) inject of the scenario (SPEC §1.4)."""

    inject: str
    after: Distribution | None


Act = SetAct | EmitAct | StartAct | StopAct | DecideAct | SwitchAct | NoteAct | ReleaseAct
NARRATIVE = "inject.narrative"  # the implicit event type of an inject without `event:` (SPEC §1.4)


class CompiledRule(NamedTuple):
    """A rule ready to fire: trigger types, compiled guard, compiled actions."""

    id: str
    position: int  # in pack order: rules are tried in this order
    title: str | None
    source: str | None
    on: tuple[str, ...]
    when: Compiled | None
    once: bool
    chance: float | None
    enabled: bool
    then: tuple[Act, ...]
    mark: Mark

    @property
    def edge(self) -> bool:
        """A rule without ``on`` fires when its condition turns true."""
        return not self.on


class StepDef(NamedTuple):
    """A procedure step or a phase, as a participant runs it."""

    kind: str  # "procedure" | "phase"
    name: str
    duration: Distribution
    approval: float | None = None


class ResponseDef(NamedTuple):
    """A response with its participants expanded from groups."""

    id: str
    title: str | None
    component: str | None
    authority: str | None
    participants: tuple[str, ...]
    lead: str | None
    complete: str | int
    phases: tuple[StepDef, ...]
    source: str | None


class DecisionDef(NamedTuple):
    """A decision with compiled option actions."""

    id: str
    prompt: str | None
    options: dict[str, tuple[Act, ...]]
    titles: dict[str, str | None]
    default: str
    chances: tuple[tuple[str, float], ...]
    source: str | None


class InjectDef(NamedTuple):
    """An inject at its time in ticks after T+0, with its payload resolved. ``event`` is
    ``inject.narrative`` for a narrative inject; a held inject has ``held`` set and tick 0
    (it plays when released)."""

    id: str
    tick: int
    event: str
    payload: dict[str, Any]
    by: str | None
    model: "Inject"
    held: bool = False

    @property
    def t(self) -> float:
        """Its time in hours after T+0."""
        return to_hours(self.tick)


class ObjectiveDef(NamedTuple):
    """An objective with compiled contingency actions."""

    id: str
    expect: str
    after: str | None
    within_ticks: int
    actions: tuple[Act, ...]
    model: "Objective"

    @property
    def within(self) -> float:
        """The time allowed, in hours."""
        return to_hours(self.within_ticks)


@dataclass
class World:
    """Everything a run needs, checked and compiled."""

    scenario: "Scenario"
    variant: str | None
    start: datetime
    until_ticks: int  # the horizon, in ticks after T+0
    seed: int
    packs: list[Pack]
    actors: dict[str, Actor]
    groups: dict[str, tuple[str, ...]]
    procedures: dict[tuple[str, str], tuple[StepDef, ...]]  # (actor, authority) → steps
    state_types: dict[str, VarType]
    initial_state: dict[str, Any]
    event_fields: dict[str, dict[str, VarType]]
    responses: dict[str, ResponseDef]
    decisions: dict[str, DecisionDef]
    rules: tuple[CompiledRule, ...]
    injects: tuple[InjectDef, ...]  # on the timeline, in file order
    objectives: tuple[ObjectiveDef, ...]
    choices: dict[str, str]
    rule_sources: dict[str, str | None] = field(default_factory=dict)
    held: dict[str, InjectDef] = field(default_factory=dict)  # contingency injects by id, in file order

    @property
    def until(self) -> float:
        """The horizon in hours after T+0."""
        return to_hours(self.until_ticks)

    def actor_name(self, actor: str | None) -> str:
        """An actor's display name (its id if it has none; "" for no actor)."""
        if actor is None:
            return ""
        a = self.actors.get(actor)
        return a.name if a is not None and a.name else actor
