"""The scenario file model (SPEC §1.4): injects on a timeline, objectives and variants."""

from datetime import UTC, datetime
from typing import Any

from engine.read.modelbase import Instant, Model, Scalar, Seed, Source, Ticks, describe
from engine.read.pack import Action

DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)


class Inject(Model):
    """One entry of the master scenario events list (MSEL)."""

    id: str = describe("Inject id, e.g. I-01.")
    at: str | None = describe(
        "When: T+2d6h, or an ISO-8601 instant (none for a held inject).", default=None
    )
    event: str | None = describe(
        "Event type delivered; without it a narrative inject, recorded as inject.narrative.", default=None
    )
    hold: bool = describe(
        "A contingency inject: off the timeline (no `at:`) until a `release` action or the facilitator delivers it.",
        default=False,
    )
    with_: dict[str, Scalar] = describe("Payload fields.", default_factory=dict, alias="with")
    by: str | None = describe("Actor the event is attributed to.", default=None)
    title: str | None = describe("Short title.", default=None)
    narrative: str | None = describe("What the players are told.", default=None)
    to: list[str] = describe("Audience, for the MSEL.", default_factory=list)
    from_: str | None = describe("Sender, for the MSEL.", default=None, alias="from")
    expected_response: str | None = describe("What the players should do.", default=None)
    objective: str | None = describe("Objective this inject exercises.", default=None)
    notes: str | None = describe("Controller-only notes.", default=None)
    source: Source = None


class Objective(Model):
    """What the exercise evaluates: an expected event within a deadline."""

    id: str = describe("Objective id, e.g. OBJ-1.")
    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    capability: str | None = describe("Capability, groups objectives in the after-action report.", default=None)
    expect: str = describe("The event type that meets the objective.")
    after: str | None = describe("Clock starts at the first such event (default T+0).", default=None)
    within: Ticks = describe("Deadline after the clock starts.")
    else_: list[Action] = describe(
        "Contingency actions when the deadline passes unmet.", default_factory=list, alias="else"
    )
    source: Source = None


class Variant(Model):
    """An alternative to compare against the base scenario."""

    title: str | None = describe("Display title.", default=None)
    description: str | None = describe("Free text.", default=None)
    overrides: dict[str, Any] = describe("Changes to the packs by dotted path.", default_factory=dict)
    set: dict[str, Scalar] = describe("Initial-state overrides.", default_factory=dict)
    choices: dict[str, str] = describe("Scripted decision outcomes.", default_factory=dict)
    seed: Seed | None = describe("Seed for this variant.", default=None)
    injects: list[Inject] = describe("Injects added to the base's.", default_factory=list)
    drop_injects: list[str] = describe("Ids of base injects removed.", default_factory=list)
    source: Source = None


class Scenario(Model):
    """A scenario file."""

    scenario: str = describe("Scenario id.")
    title: str | None = describe("Display title.", default=None)
    description: str | None = describe(
        "Free text for the exercise's designers and controllers (reports, MSEL); never shown to players.",
        default=None)
    situation: str | None = describe(
        "What the players are told at the start: the situation before T+0, for the players' handout and "
        "screen (never the description).", default=None)
    source: Source = None
    rules: list[str] = describe("Rule packs, paths relative to this file.")
    start: Instant = describe("T+0, an ISO-8601 instant (default 2026-01-01T00:00:00Z).", default=DEFAULT_START)
    until: Ticks = describe("Horizon, e.g. 60d.")
    seed: Seed = describe("Seed of sampled runs.", default=0)
    set: dict[str, Scalar] = describe("Initial-state overrides.", default_factory=dict)
    overrides: dict[str, Any] = describe("Changes to the packs by dotted path.", default_factory=dict)
    choices: dict[str, str] = describe("Scripted decision outcomes.", default_factory=dict)
    injects: list[Inject] = describe("The MSEL.", default_factory=list)
    objectives: list[Objective] = describe("What the exercise evaluates.", default_factory=list)
    variants: dict[str, Variant] = describe("Alternatives by id.", default_factory=dict)
