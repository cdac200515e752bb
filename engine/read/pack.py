"""The rule pack file model (SPEC §1.1–1.2): actors, procedures, state, events, responses,
decisions and rules, as read from YAML and checked for structure only."""

from typing import Literal, Self

from pydantic import model_validator

from engine.read.modelbase import Dist, Model, Probability, Scalar, Source, describe

VERBS = ("set", "add", "emit", "start", "stop", "decide", "enable", "disable", "note", "release")
DELAYED = ("emit", "start", "release")  # the verbs that take `after:`
_MODIFIERS = {"with_": "emit", "by": "emit", "participants": "start"}


class Action(Model):
    """One step of a rule's `then` list: exactly one verb, plus its modifiers."""

    set: dict[str, Scalar] | None = describe("Assign state: {variable: expression}.", default=None)
    add: dict[str, Scalar] | None = describe("Add to numeric state: {variable: expression}.", default=None)
    emit: str | None = describe("Schedule an event of this type.", default=None)
    with_: dict[str, Scalar] | None = describe(
        "Payload of the emitted event: {field: expression}.", default=None, alias="with"
    )
    after: Dist | None = describe(
        "Delay before the emitted event, the started response or the released inject.", default=None
    )
    by: str | None = describe("Actor the emitted event is attributed to.", default=None)
    start: str | None = describe("Start an instance of this response.", default=None)
    participants: list[str] | None = describe(
        "Actors or groups taking part in this instance (default: the response's).", default=None
    )
    stop: str | None = describe("Cancel the active instance of this response.", default=None)
    decide: str | None = describe("Resolve this decision point now.", default=None)
    enable: str | None = describe("Switch this rule on.", default=None)
    disable: str | None = describe("Switch this rule off.", default=None)
    note: str | None = describe("Put a line of text on the timeline.", default=None)
    release: str | None = describe(
        "Deliver this held (contingency) inject of the scenario (its id).", default=None
    )
    source: Source = None

    @model_validator(mode="after")
    def _one_verb(self) -> Self:
        verbs = [v for v in VERBS if getattr(self, v) is not None]
        if len(verbs) != 1:
            found = ", ".join(verbs) if verbs else "none"
            raise ValueError(f"an action needs exactly one of {', '.join(VERBS)} (found: {found})")
        for modifier, owner in _MODIFIERS.items():
            if getattr(self, modifier) is not None and verbs[0] != owner:
                name = modifier.rstrip("_")
                raise ValueError(f"'{name}' belongs to '{owner}', not to '{verbs[0]}'")
        if self.after is not None and verbs[0] not in DELAYED:
            raise ValueError(f"'after' belongs to 'emit', 'start' or 'release', not to '{verbs[0]}'")
        return self

    @property
    def verb(self) -> str:
        """The action's verb (`set`, `emit`, …)."""
        return next(v for v in VERBS if getattr(self, v) is not None)


class Group(Model):
    """A named set of actors; membership comes from the actors' `groups` lists."""

    name: str | None = describe("Display name.", default=None)
    description: str | None = describe("Free text.", default=None)
    source: Source = None


class Actor(Model):
    """A state, organisation or body that takes part in responses."""

    name: str | None = describe("Display name.", default=None)
    description: str | None = describe("Free text.", default=None)
    groups: list[str] = describe("Groups this actor belongs to.", default_factory=list)
    procedures: dict[str, str] = describe(
        "Domestic procedure per authority: {authority: procedure id}.", default_factory=dict
    )
    source: Source = None


class Step(Model):
    """One step of a national procedure."""

    name: str = describe("What happens, e.g. 'parliament vote'.")
    duration: Dist = describe("How long the step takes.")
    approval: Probability | None = describe(
        "Probability that the step approves; otherwise the participant declines.", default=None
    )
    source: Source = None


class Procedure(Model):
    """A domestic legal or constitutional procedure: steps run in order."""

    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    steps: list[Step] = describe("Steps, in order.")
    source: Source = None


class StateVar(Model):
    """A declared variable of the world state."""

    type: Literal["bool", "int", "float", "str", "enum"] = describe("Value type.")
    values: list[str] | None = describe("Allowed values (enum only).", default=None)
    initial: Scalar | None = describe(
        "Initial value (default: false, 0, '' or the first enum value).", default=None
    )
    description: str | None = describe("Free text.", default=None)
    source: Source = None


class FieldSpec(Model):
    """A payload field of an event type."""

    type: Literal["bool", "int", "float", "str", "enum"] = describe("Value type.")
    values: list[str] | None = describe("Allowed values (enum only).", default=None)
    description: str | None = describe("Free text.", default=None)
    source: Source = None


class EventType(Model):
    """A declared event type and its payload fields."""

    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    fields: dict[str, FieldSpec] = describe("Payload fields.", default_factory=dict)
    source: Source = None


class Phase(Model):
    """A phase a participant runs after it is authorized."""

    name: str = describe("What happens, e.g. 'mobilisation'.")
    duration: Dist = describe("How long the phase takes.")
    source: Source = None


class Response(Model):
    """A coalition response: who acts, after which procedure, and how long."""

    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    component: str | None = describe("Grouping label for reports.", default=None)
    authority: str | None = describe(
        "Authority each participant needs; it runs its procedure for it first.", default=None
    )
    participants: list[str] = describe("Actor or group ids.", default_factory=list)
    lead: str | None = describe("The lead participant.", default=None)
    complete: Literal["all", "any", "lead"] | int = describe(
        "When the response completes: all, any, lead, or at least N contributions.",
        default="all",
    )
    phases: list[Phase] = describe("Phases run after authorization, in order.", default_factory=list)
    source: Source = None


class Option(Model):
    """One option of a decision."""

    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    then: list[Action] = describe("Actions run when this option is chosen.", default_factory=list)
    source: Source = None


class Decision(Model):
    """A point where someone must choose."""

    title: str | None = describe("Display title.", default=None)
    prompt: str | None = describe("The question put to the decision maker.", default=None)
    description: str | None = describe("Free text.", default=None)
    options: dict[str, Option] = describe("The options, by id.")
    default: str | None = describe("Option taken when nothing else decides (default: the first).", default=None)
    chances: dict[str, Probability] | None = describe(
        "Probability of each option in sampled runs; must sum to 1.", default=None
    )
    source: Source = None


class Rule(Model):
    """A rule linking a condition to actions."""

    id: str = describe("Rule id, e.g. R-07.")
    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    on: str | list[str] | None = describe("Event type(s) that trigger the rule.", default=None)
    when: str | None = describe(
        "Expression: a guard with `on`, else the rule fires when it turns true.", default=None
    )
    once: bool = describe("Fire at most once per run.", default=False)
    chance: Probability | None = describe("Probability that a triggered rule fires.", default=None)
    enabled: bool = describe("Initially enabled.", default=True)
    then: list[Action] = describe("Actions, run in order.", default_factory=list)
    source: Source = None


class Pack(Model):
    """A rule pack file."""

    pack: str = describe("Pack id.")
    title: str | None = describe("Display title.", default=None)
    version: str | int | float | None = describe("Version label.", default=None)
    description: str | None = describe("Free text.", default=None)
    source: Source = None
    includes: list[str] = describe("Other packs, paths relative to this file.", default_factory=list)
    actors: dict[str, Actor] = describe("Actors by id.", default_factory=dict)
    groups: dict[str, Group] = describe("Optional titles for groups.", default_factory=dict)
    procedures: dict[str, Procedure] = describe("Procedures by id.", default_factory=dict)
    state: dict[str, StateVar] = describe("World state variables.", default_factory=dict)
    events: dict[str, EventType] = describe("Event types.", default_factory=dict)
    responses: dict[str, Response] = describe("Coalition responses.", default_factory=dict)
    decisions: dict[str, Decision] = describe("Decision points.", default_factory=dict)
    rules: list[Rule] = describe("Rules, in order.", default_factory=list)
