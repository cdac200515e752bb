"""The injects delivered in a run, read from its events: the scenario's (scripted or
released), the facilitator's ad-hoc events (``inject``) and narrative injects (``say``).

One list for every reader: the facilitator's inject card, the players' screen and
handout (which show only the public texts), and the MSEL as played (which adds the
facilitator's). Controller-only texts (``expected_response``, ``objective``, ``notes``) are
kept apart from what players may read, so a players' view cannot show them by accident.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from engine.check.world import NARRATIVE, InjectDef, World
from engine.simulate.record import EventRecord

FACILITATOR = "facilitator"  # the source of the facilitator's events


@dataclass(frozen=True, slots=True)
class Public:
    """What the players of an inject's audience may read."""

    title: str
    narrative: str
    sender: str
    audience: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Controller:
    """What only controllers and facilitators read: the event behind the inject and its texts."""

    event: str  # the event type with its payload, e.g. "attack (scale=major)"
    expected_response: str
    objective: str
    notes: str


@dataclass(frozen=True, slots=True)
class Delivered:
    """One inject as delivered. ``kind``: ``scripted`` (an inject of the scenario),
    ``adhoc`` (a facilitator's event) or ``narrative`` (a facilitator's ``say``)."""

    seq: int
    t: float  # hours after T+0
    inject: str | None  # the scenario's inject id; None for the facilitator's
    kind: str
    public: Public
    controller: Controller

    @property
    def model_event(self) -> str:
        """The model event behind the inject, for controllers (``attack (scale=major)``); ""
        for a narrative inject, which has none (SPEC §1.4)."""
        return "" if self.kind == "narrative" or self.controller.event == NARRATIVE else self.controller.event


def delivered(world: World, events: Iterable[EventRecord]) -> list[Delivered]:
    """The injects among ``events`` (in their order): scenario injects (held ones as
    released) and the facilitator's."""
    by_id = {i.id: i for i in (*world.injects, *world.held.values())}
    out = []
    for e in events:
        if e.source.startswith("inject:") and e.source[7:] in by_id:
            out.append(_scripted(world, e, by_id[e.source[7:]]))
        elif e.source == FACILITATOR:
            out.append(_narrative(e) if e.type == NARRATIVE else _adhoc(world, e))
    return out


def on_timeline(world: World, events: Iterable[EventRecord]) -> list[tuple[str, float]]:
    """The injects a run's timeline shows, as (id, hours after T+0): the scenario's at their
    time (file order, played or not), then its held ones that ``events`` released, at the time
    they played (held ones never released are not on it)."""
    released = [(e.source[7:], e.t) for e in events if e.source.startswith("inject:") and e.source[7:] in world.held]
    return [(i.id, i.t) for i in world.injects] + released


def for_audience(items: Iterable[Delivered], audience: str | None) -> list[Delivered]:
    """The items an audience receives: those addressed to it, to ``all`` or to no one in
    particular; every item when ``audience`` is None."""
    if audience is None:
        return list(items)
    return [d for d in items if not d.public.audience or {audience, "all"} & set(d.public.audience)]


def event_text(event: str, payload: dict[str, object]) -> str:
    """``attack (scale=major)``: an event type with its payload."""
    if not payload:
        return event
    return f"{event} ({', '.join(f'{k}={v}' for k, v in payload.items())})"


def _scripted(world: World, e: EventRecord, inj: InjectDef) -> Delivered:
    m = inj.model
    public = Public(m.title or inj.id, (m.narrative or "").strip(), m.from_ or world.actor_name(inj.by),
                    tuple(m.to))
    controller = Controller(event_text(inj.event, inj.payload), m.expected_response or "", m.objective or "",
                            m.notes or "")
    return Delivered(e.seq, e.t, inj.id, "scripted", public, controller)


def _narrative(e: EventRecord) -> Delivered:
    text = str(e.payload.get("text", ""))
    return Delivered(e.seq, e.t, None, "narrative", Public("", text, "", ()), Controller(NARRATIVE, "", "", ""))


def _adhoc(world: World, e: EventRecord) -> Delivered:
    public = Public(e.type, "", world.actor_name(e.by), ())
    return Delivered(e.seq, e.t, None, "adhoc", public, Controller(event_text(e.type, e.payload), "", "", ""))
