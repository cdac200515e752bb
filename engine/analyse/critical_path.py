"""Critical paths: which participant and which steps determined when a response ended.

A response instance completes at the contribution that met its ``complete`` criterion,
and fails at the decline that made the criterion impossible (or at its start, when the
criterion could never be met). The participant behind that event, and the chain of its
procedure steps and phases, is the instance's critical path: shortening anything else
would not have changed the end time.
"""

from dataclasses import dataclass

from engine.read.durations import TICKS_PER_HOUR, to_hours, to_ticks
from engine.simulate.record import EventRecord, ParticipantRecord, ResponseRecord, RunResult, StepRecord

ENDINGS = ("completed", "failed")


@dataclass(frozen=True, slots=True)
class PathStep:
    """One procedure step or phase on the critical path, with its share of the instance's time."""

    kind: str  # "procedure" | "phase"
    name: str
    start_h: float
    end_h: float
    share: float  # (end − start) / the instance's duration; 0 for an instant response

    @property
    def hours(self) -> float:
        """How long the step took (from the ticks, so equal durations are equal)."""
        return to_hours(to_ticks(self.end_h) - to_ticks(self.start_h))


@dataclass(frozen=True, slots=True)
class CriticalPath:
    """What determined the end of one completed or failed response instance."""

    response: str
    instance: int
    status: str  # "completed" | "failed"
    started_h: float
    ended_h: float
    actor: str | None  # None when the criterion was impossible from the start
    deciding: str  # "contributed", "declined" or "started": the event that decided the end
    steps: tuple[PathStep, ...]

    @property
    def duration_h(self) -> float:
        """The instance's duration, start to end (from the ticks)."""
        return to_hours(to_ticks(self.ended_h) - to_ticks(self.started_h))

    def longest(self) -> PathStep | None:
        """The step that took longest (the first of equals), or None without steps."""
        return max(self.steps, key=lambda s: s.hours, default=None)


def critical_paths(result: RunResult) -> list[CriticalPath]:
    """The critical path of every completed or failed response instance, in record order."""
    return [critical_path(result, x) for x in result.responses if x.status in ENDINGS and x.ended_h is not None]


def critical_path(result: RunResult, x: ResponseRecord, ending: EventRecord | None = None) -> CriticalPath:
    """The critical path of one ended instance (``x.status`` completed or failed).

    ``ending`` is the instance's ``<response>.<status>`` event if the caller has it (a sweep
    does, for every run): otherwise the events are searched for it."""
    if x.ended_h is None:
        raise ValueError(f"response {x.response} #{x.instance} has not ended")
    actor, kind = deciding(result, x, ending)
    participant = _participant(x, actor)
    steps = () if participant is None or kind == "started" else _steps(participant, x)
    return CriticalPath(x.response, x.instance, x.status, x.started_h, x.ended_h, actor, kind, steps)


def deciding(result: RunResult, x: ResponseRecord, ending: EventRecord | None = None) -> tuple[str | None, str]:
    """The participant whose event decided the instance's end (None if none did), and that
    event's kind: "contributed", "declined" or "started"."""
    event = _deciding_event(result, x, ending)
    if event is not None:
        return event.by, event.type.rsplit(".", 1)[-1]
    actor = _actor_by_time(x)
    return actor, _kind_by_actor(x, actor)


# What a sweep counts of one ended instance's critical path (``decided``): the deciding
# participant (None: the criterion was impossible from the start), the deciding event's kind
# ("contributed", "declined" or "started"), the ticks of that participant's procedure steps on
# the path (``Holdback.procedure_h`` × 3600) and the name of the longest step on it (the first
# of equals; None without steps). A plain tuple: a NamedTuple's ``__new__`` is a Python call.
Decided = tuple[str | None, str, int, str | None]


def decided(result: RunResult, x: ResponseRecord, ending: EventRecord | None = None) -> Decided:
    """``critical_path(...)`` reduced to what a sweep counts (``Decided``), without building the
    path: sweeps ask it of every ended first instance of every replication, so ``deciding`` and
    ``_participant`` are inlined in the common case (a test pins this to ``critical_path``)."""
    cause = None if ending is None or ending.cause is None else result.events[ending.cause - 1]
    if cause is not None and cause.type.startswith(x.response + "."):
        actor, kind = cause.by, cause.type.rsplit(".", 1)[-1]
    else:
        actor, kind = deciding(result, x, ending)
    if kind == "started":
        return actor, kind, 0, None
    for p in x.participants:
        if p.actor == actor:
            break
    else:
        return actor, kind, 0, None
    end, procedure, best, longest = x.ended_h or 0.0, 0, -1, None
    for s in p.steps:  # _finished and _took, inlined
        at = s.end_h
        if at is None or at > end:
            continue
        took = round(at * TICKS_PER_HOUR) - round(s.start_h * TICKS_PER_HOUR)
        if took > best:
            best, longest = took, s.name
        if s.kind == "procedure":
            procedure += took
    return actor, kind, procedure, longest


def _took(s: StepRecord) -> int:
    """A finished step's duration in ticks (equal durations compare equal: the first is longest)."""
    return to_ticks(s.end_h or 0.0) - to_ticks(s.start_h)


def _participant(x: ResponseRecord, actor: str | None) -> ParticipantRecord | None:
    """The instance's (first) participant record of ``actor``."""
    for p in x.participants:  # a plain loop: next() over a generator costs more for six participants
        if p.actor == actor:
            return p
    return None


def _deciding_event(result: RunResult, x: ResponseRecord, ending: EventRecord | None) -> EventRecord | None:
    """The event that caused ``<response>.<status>`` of this instance (the engine records it as
    cause). Events are stored in seq order, so seq n is ``events[n - 1]``."""
    if ending is None:
        name = f"{x.response}.{x.status}"
        ending = next((e for e in result.events if e.type == name and e.t == x.ended_h), None)
    if ending is None or ending.cause is None:
        return None
    cause = result.events[ending.cause - 1]
    return cause if cause.type.startswith(x.response + ".") else None


def _actor_by_time(x: ResponseRecord) -> str | None:
    """Fallback when the events do not say: the participant whose contribution or decline came at the end."""
    for p in x.participants:
        at = p.contributed_h if x.status == "completed" else _declined_at(p)
        if at is not None and at == x.ended_h:
            return p.actor
    return None


def _kind_by_actor(x: ResponseRecord, actor: str | None) -> str:
    if actor is None:
        return "started"
    return "contributed" if x.status == "completed" else "declined"


def _declined_at(p: ParticipantRecord) -> float | None:
    if p.status != "declined" or not p.steps:
        return None
    return p.steps[-1].end_h


def _finished(p: ParticipantRecord, x: ResponseRecord) -> list[StepRecord]:
    """The participant's steps that finished by the instance's end."""
    end = x.ended_h or 0.0
    return [s for s in p.steps if s.end_h is not None and s.end_h <= end]


def _steps(p: ParticipantRecord, x: ResponseRecord) -> tuple[PathStep, ...]:
    """The participant's finished steps up to the instance's end, with their shares of it."""
    span = to_ticks(x.ended_h or 0.0) - to_ticks(x.started_h)
    out = []
    for s in _finished(p, x):
        end = s.end_h or 0.0  # finished: never None here
        took = _took(s)
        out.append(PathStep(s.kind, s.name, s.start_h, end, took / span if span > 0 else 0.0))
    return tuple(out)
