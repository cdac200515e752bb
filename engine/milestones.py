"""Milestones of a run: the times (hours from T+0) that comparisons and sweeps line up.

For each response ``<r>.started``, ``<r>.authorized_all`` (every participant of the first
instance authorized; absent if any declined), ``<r>.completed`` and ``<r>.failed`` (the
first instance's event); ``objective:<id>`` (when it was met) with its status; and
``first:<type>`` for every other event type (its first occurrence). None = not reached.
"""

from engine.record import EventRecord, ResponseRecord, RunResult
from engine.world import World

RESPONSE_MILESTONES = ("started", "authorized_all", "completed", "failed")


def milestone_names(world: World) -> list[str]:
    """Every milestone of a world, in a stable order (responses, objectives, events)."""
    names = [f"{r}.{m}" for r in world.responses for m in RESPONSE_MILESTONES]
    names += [f"objective:{o.id}" for o in world.objectives]
    covered = {f"{r}.{m}" for r in world.responses for m in ("started", "completed", "failed")}
    names += [f"first:{t}" for t in world.event_fields if t not in covered]
    return names


def key_milestones(world: World) -> list[str]:
    """The milestones charts and sensitivity focus on: completions and objectives."""
    return [f"{r}.completed" for r in world.responses] + [f"objective:{o.id}" for o in world.objectives]


def milestones(result: RunResult, names: list[str],
               first: dict[str, EventRecord] | None = None) -> dict[str, float | None]:
    """The time of each named milestone in a run (None when not reached); ``first`` is
    ``first_events(result)`` when the caller already has it."""
    out: dict[str, float | None] = dict.fromkeys(names)
    for etype, e in (first if first is not None else first_events(result)).items():
        key = f"first:{etype}"
        if key in out:
            out[key] = e.t
    for rec in _first_instances(result).values():
        for key, when in _response_times(rec).items():
            if key in out:
                out[key] = when
    for o in result.objectives:
        if o.status == "met" and f"objective:{o.objective}" in out:
            out[f"objective:{o.objective}"] = o.at_h
    return out


def objective_statuses(result: RunResult) -> dict[str, str]:
    """Each objective's status (met, missed, open, not_started)."""
    return {o.objective: o.status for o in result.objectives}


def first_instances(result: RunResult) -> dict[str, ResponseRecord]:
    """The first instance of each response that started."""
    return _first_instances(result)


def first_events(result: RunResult) -> dict[str, EventRecord]:
    """The first event of each type that happened."""
    first: dict[str, EventRecord] = {}
    for e in result.events:
        if e.type not in first:
            first[e.type] = e
    return first


def _first_instances(result: RunResult) -> dict[str, ResponseRecord]:
    first: dict[str, ResponseRecord] = {}
    for rec in result.responses:
        first.setdefault(rec.response, rec)
    return first


def _response_times(rec: ResponseRecord) -> dict[str, float | None]:
    name = rec.response
    times: dict[str, float | None] = {f"{name}.started": rec.started_h}
    auth = [p.authorized_h for p in rec.participants]
    if auth and all(a is not None for a in auth) and all(p.status != "declined" for p in rec.participants):
        times[f"{name}.authorized_all"] = max(a for a in auth if a is not None)
    if rec.status in ("completed", "failed"):
        times[f"{name}.{rec.status}"] = rec.ended_h
    return times
