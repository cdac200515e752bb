"""The record of a run (``RunResult``) and its ``results.json`` form (``accord.results/1``).

The simulation appends to these records; reports, comparisons and sweeps only read them.
Every time in a record is hours after T+0 made from the engine's tick by one division
(``to_hours``): equal instants are equal floats, their order is the ticks' order, and
``to_ticks`` gives the tick back exactly. Arithmetic on them (durations, margins) should
go through ``to_ticks``; comparing them needs no slack.
"""

import json.encoder
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from engine.read.durations import to_ticks

FORMAT = "accord.results/1"
CHUNK = 512  # list items encoded before they are handed to the writer together
# The json module's string encoder (its C version where built), as json.dumps uses it with
# ensure_ascii=False: the same escapes, byte for byte.
_encode_str: Callable[[str], str] = json.encoder.encode_basestring


@dataclass(slots=True)
class EventRecord:
    """One event that happened: when, what, who, from which source, caused by which event."""

    seq: int
    t: float
    type: str
    by: str | None
    payload: dict[str, Any]
    source: str
    cause: int | None


@dataclass(slots=True)
class Firing:
    """A rule that fired; ``trigger`` is the seq of its event, None for an edge rule."""

    rule: str
    t: float
    trigger: int | None


@dataclass(slots=True)
class DecisionRecord:
    """A decision taken, and how (scripted, chance, default or facilitator); or left
    ``unresolved`` (option None) by a facilitated session that ended while it waited."""

    decision: str
    t: float
    option: str | None
    how: str


@dataclass(slots=True)
class NoteRecord:
    """A line on the timeline, from a ``note`` action or the engine."""

    t: float
    text: str


@dataclass(slots=True)
class StepRecord:
    """A procedure step or phase as one participant ran it (``end_h`` None if unfinished)."""

    kind: str
    name: str
    start_h: float
    end_h: float | None = None


@dataclass(slots=True)
class ParticipantRecord:
    """One participant of one response instance."""

    actor: str
    status: str = "pending"
    authorized_h: float | None = None
    contributed_h: float | None = None
    steps: list[StepRecord] = field(default_factory=list)


@dataclass(slots=True)
class ResponseRecord:
    """One instance of a response."""

    response: str
    instance: int
    status: str
    started_h: float
    ended_h: float | None = None
    participants: list[ParticipantRecord] = field(default_factory=list)


@dataclass(slots=True)
class ObjectiveRecord:
    """The outcome of one objective."""

    objective: str
    status: str = "not_started"
    from_h: float | None = None
    at_h: float | None = None
    deadline_h: float | None = None


@dataclass(slots=True)
class PendingRecord:
    """An event scheduled past the horizon."""

    t: float
    type: str
    source: str


@dataclass
class RunResult:
    """Everything a run recorded."""

    scenario: str
    variant: str | None
    seed: int
    mode: str
    start: datetime
    until_h: float
    events: list[EventRecord]
    firings: list[Firing]
    responses: list[ResponseRecord]
    decisions: list[DecisionRecord]
    objectives: list[ObjectiveRecord]
    pending: list[PendingRecord]
    state: dict[str, Any]
    notes: list[NoteRecord]
    # The events by type, in order, as the simulation indexed them while playing; not part of
    # results.json, and empty for a result read back from a file. Sweeps read each type's first
    # event here instead of scanning every event of every replication.
    by_type: dict[str, list[EventRecord]] = field(default_factory=dict, repr=False, compare=False)

    def instant(self, hours: float) -> str:
        """The ISO-8601 UTC instant ``hours`` after T+0 (whole seconds)."""
        return iso(self.start + timedelta(seconds=to_ticks(hours)))


def iso(when: datetime) -> str:
    """A UTC instant written as ``2026-03-01T00:00:00Z``."""
    # Written out, not strftime: %Y drops the leading zeros of years before 1000 on Linux.
    return f"{day(when)}T{when.hour:02d}:{when.minute:02d}:{when.second:02d}Z"


def day(when: datetime) -> str:
    """``2026-03-01``, with four-digit years even before 1000 (``0001-01-01``)."""
    return f"{when.year:04d}-{when.month:02d}-{when.day:02d}"


def hours(value: float | None) -> float | None:
    """Hours as written to results: rounded to the microhour, so float noise never shows."""
    return None if value is None else round(value, 6) + 0.0


def result_dict(r: RunResult) -> dict[str, Any]:
    """The ``accord.results/1`` document, keys in the contract's order."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _document(r)}


def _document(r: RunResult) -> list[tuple[str, Any]]:
    """The document's entries in order, its lists as iterators (built one item at a time)."""
    return [
        ("format", FORMAT),
        ("scenario", r.scenario),
        ("variant", r.variant),
        ("seed", r.seed),
        ("mode", r.mode),
        ("start", iso(r.start)),
        ("until_h", hours(r.until_h)),
        ("events", (_event(r, e) for e in r.events)),
        ("firings", ({"rule": f.rule, "t": hours(f.t), "trigger": f.trigger} for f in r.firings)),
        ("responses", (_response(x) for x in r.responses)),
        ("decisions", ({"decision": d.decision, "t": hours(d.t), "option": d.option, "how": d.how}
                       for d in r.decisions)),
        ("objectives", (_objective(o) for o in r.objectives)),
        ("pending", ({"t": hours(p.t), "type": p.type, "source": p.source} for p in r.pending)),
        ("state", r.state),
        ("notes", ({"t": hours(n.t), "text": n.text} for n in r.notes)),
    ]


def _event(r: RunResult, e: EventRecord) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "t": hours(e.t),
        "at": r.instant(e.t),
        "type": e.type,
        "by": e.by,
        "with": e.payload,
        "source": e.source,
        "cause": e.cause,
    }


def _response(x: ResponseRecord) -> dict[str, Any]:
    return {
        "response": x.response,
        "instance": x.instance,
        "status": x.status,
        "started_h": hours(x.started_h),
        "ended_h": hours(x.ended_h),
        "participants": [
            {
                "actor": p.actor,
                "status": p.status,
                "authorized_h": hours(p.authorized_h),
                "contributed_h": hours(p.contributed_h),
                "steps": [
                    {"kind": s.kind, "name": s.name, "start_h": hours(s.start_h), "end_h": hours(s.end_h)}
                    for s in p.steps
                ],
            }
            for p in x.participants
        ],
    }


def _objective(o: ObjectiveRecord) -> dict[str, Any]:
    return {
        "objective": o.objective,
        "status": o.status,
        "from_h": hours(o.from_h),
        "at_h": hours(o.at_h),
        "deadline_h": hours(o.deadline_h),
    }


def to_json(r: RunResult) -> str:
    """``results.json`` text: stable key order, UTF-8, one trailing newline."""
    parts: list[str] = []
    write_json(r, parts.append)
    return "".join(parts)


def write_json(r: RunResult, write: Callable[[str], object]) -> None:
    """``results.json`` text handed to ``write`` a few hundred items at a time, never whole.

    The characters are exactly those of ``json.dumps(result_dict(r), indent=1,
    ensure_ascii=False, allow_nan=False)`` and a newline; each item is built, encoded (strings
    by the json module's C encoder) and let go in turn, so memory stays flat however many
    events there are. Raises ValueError for a NaN or infinite number, TypeError for a value
    JSON cannot hold, as ``json.dumps`` does.
    """
    for i, (key, value) in enumerate(_document(r)):
        write(("{\n " if i == 0 else ",\n ") + _encode_str(key) + ": ")
        if isinstance(value, Iterator):
            _write_list(value, write)
        else:
            write(_indented(value, 1))
    write("\n}\n")


def _write_list(items: Iterator[Any], write: Callable[[str], object]) -> None:
    """A list one level down (its items two spaces in), CHUNK items per ``write``."""
    chunk: list[str] = []
    opened = False
    for item in items:
        chunk.append(_indented(item, 2))
        if len(chunk) == CHUNK:
            write(("[\n  " if not opened else ",\n  ") + ",\n  ".join(chunk))
            chunk, opened = [], True
    if chunk:
        write(("[\n  " if not opened else ",\n  ") + ",\n  ".join(chunk))
    write("\n ]" if chunk or opened else "[]")


def _indented(o: Any, depth: int) -> str:
    """``o`` as ``json.dumps(o, indent=1)`` writes it ``depth`` levels down."""
    if isinstance(o, str):
        return _encode_str(o)
    if isinstance(o, dict):
        if not o:
            return "{}"
        pad = "\n" + " " * (depth + 1)
        return ("{" + pad + ("," + pad).join(_key(k) + ": " + _indented(v, depth + 1) for k, v in o.items())
                + "\n" + " " * depth + "}")
    if isinstance(o, list | tuple):
        if not o:
            return "[]"
        pad = "\n" + " " * (depth + 1)
        return "[" + pad + ("," + pad).join(_indented(v, depth + 1) for v in o) + "\n" + " " * depth + "]"
    return _scalar(o)


def _scalar(o: Any) -> str:
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        if math.isfinite(o):
            return float.__repr__(o)
        raise ValueError(f"Out of range float values are not JSON compliant: {o!r}")
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def _key(k: Any) -> str:
    """A dict key as json writes it: strings as they are, numbers, booleans and None as text."""
    return _encode_str(k if isinstance(k, str) else _scalar(k))
