"""Milestones of a run: the times (hours from T+0) that comparisons and sweeps line up.

For each response ``<r>.started``, ``<r>.authorized_all`` (every participant of the first
instance authorized; absent if any declined), ``<r>.completed`` and ``<r>.failed`` (the
first instance's event); ``objective:<id>`` (when it was met) with its status; and
``first:<type>`` for every other event type (its first occurrence). None = not reached.
"""

from engine.check.world import NARRATIVE, World
from engine.simulate.record import EventRecord, ResponseRecord, RunResult

RESPONSE_MILESTONES = ("started", "authorized_all", "completed", "failed")


def milestone_names(world: World) -> list[str]:
    """Every milestone of a world, in a stable order (responses, objectives, events)."""
    names = [f"{r}.{m}" for r in world.responses for m in RESPONSE_MILESTONES]
    names += [f"objective:{o.id}" for o in world.objectives]
    covered = {f"{r}.{m}" for r in world.responses for m in ("started", "completed", "failed")}
    if not any(i.event == NARRATIVE for i in (*world.injects, *world.held.values())):
        covered.add(NARRATIVE)  # every world knows the type; only narrative injects produce it
    names += [f"first:{t}" for t in world.event_fields if t not in covered]
    return names


def key_milestones(world: World) -> list[str]:
    """The milestones charts and sensitivity focus on: completions and objectives."""
    return [f"{r}.completed" for r in world.responses] + [f"objective:{o.id}" for o in world.objectives]


class MilestoneTable:
    """Where each of a fixed list of milestone names comes from in a run's record.

    Worked out once for a list of names, so a sweep, which reads the milestones of every
    replication, neither formats key strings nor builds throw-away dicts per run."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.wanted = frozenset(names)
        self.first = {n.removeprefix("first:"): n for n in names if n.startswith("first:")}
        self.objectives = {n.removeprefix("objective:"): n for n in names if n.startswith("objective:")}
        self._responses: dict[str, tuple[str | None, ...]] = {}

    def times(self, result: RunResult, first: dict[str, EventRecord] | None = None,
              instances: dict[str, ResponseRecord] | None = None) -> dict[str, float | None]:
        """The time of each milestone in a run (None when not reached), in the order of ``names``
        (``Aggregate.flush`` relies on it); ``first`` and
        ``instances`` are ``first_events(result)`` and ``first_instances(result)`` when the
        caller already has them."""
        out: dict[str, float | None] = dict.fromkeys(self.names)
        keys = self.first
        for etype, e in (first if first is not None else first_events(result)).items():
            key = keys.get(etype)
            if key is not None:
                out[key] = e.t
        for rec in (instances if instances is not None else first_instances(result)).values():
            self._response_times(rec, out)
        keys = self.objectives
        for o in result.objectives:
            if o.status == "met" and o.objective in keys:
                out[keys[o.objective]] = o.at_h
        return out

    def _response_times(self, rec: ResponseRecord, out: dict[str, float | None]) -> None:
        """Write the first instance's start, authorization and end into ``out``."""
        started, authorized, completed, failed = self._keys(rec.response)
        if started is not None:
            out[started] = rec.started_h
        if authorized is not None:
            out[authorized] = all_authorized(rec)
        if rec.status == "completed" and completed is not None:
            out[completed] = rec.ended_h
        elif rec.status == "failed" and failed is not None:
            out[failed] = rec.ended_h

    def _keys(self, response: str) -> tuple[str | None, ...]:
        """The response's four milestone names, None for those not in the table."""
        keys = self._responses.get(response)
        if keys is None:
            keys = tuple(k if k in self.wanted else None for k in (f"{response}.{m}" for m in RESPONSE_MILESTONES))
            self._responses[response] = keys
        return keys


def all_authorized(rec: ResponseRecord) -> float | None:
    """When the last participant was authorized, or None if any was not (or declined)."""
    latest: float | None = None
    for p in rec.participants:
        at = p.authorized_h
        if at is None or p.status == "declined":
            return None
        if latest is None or at > latest:
            latest = at
    return latest


def milestones(result: RunResult, names: list[str],
               first: dict[str, EventRecord] | None = None) -> dict[str, float | None]:
    """The time of each named milestone in a run (None when not reached); ``first`` is
    ``first_events(result)`` when the caller already has it."""
    return MilestoneTable(names).times(result, first)


def objective_statuses(result: RunResult) -> dict[str, str]:
    """Each objective's status (met, missed, open, not_started)."""
    return {o.objective: o.status for o in result.objectives}


def first_instances(result: RunResult) -> dict[str, ResponseRecord]:
    """The first instance of each response that started."""
    first: dict[str, ResponseRecord] = {}
    for rec in result.responses:
        if rec.response not in first:
            first[rec.response] = rec
    return first


def first_events(result: RunResult) -> dict[str, EventRecord]:
    """The first event of each type that happened (keyed by type, in no particular order)."""
    if result.by_type:  # the run's own index: one entry per type, not a scan of every event
        return {etype: recs[0] for etype, recs in result.by_type.items()}
    # Walking backwards, the earliest of each type is written last: no membership test per event.
    return {e.type: e for e in reversed(result.events)}
