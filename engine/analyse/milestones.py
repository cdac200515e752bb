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
    replication, neither formats key strings nor builds throw-away dicts per run: each
    source (an event type's first event, a response's first instance, an objective) is
    mapped to its column."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.wanted = {n: j for j, n in enumerate(names)}
        self.first = {n.removeprefix("first:"): j for j, n in enumerate(names) if n.startswith("first:")}
        self.objectives = {n.removeprefix("objective:"): j for j, n in enumerate(names) if n.startswith("objective:")}
        self._responses: dict[str, tuple[int, ...]] = {}

    def times(self, result: RunResult, first: dict[str, EventRecord] | None = None,
              instances: dict[str, ResponseRecord] | None = None) -> dict[str, float | None]:
        """The time of each milestone in a run (None when not reached), in the order of
        ``names``; ``first`` and ``instances`` are ``first_events(result)`` and
        ``first_instances(result)`` when the caller already has them."""
        index = {t: [e] for t, e in first.items()} if first is not None else None
        return dict(zip(self.names, self.row(result, instances, index), strict=True))

    def row(self, result: RunResult, instances: dict[str, ResponseRecord] | None = None,
            index: dict[str, list[EventRecord]] | None = None) -> list[float | None]:
        """``times`` as a list in the order of ``names``; ``index`` is the events by type (the
        first of each type first): ``result.by_type``, or ``first_events`` for a result read
        from a file, which has no index."""
        out: list[float | None] = [None] * len(self.names)
        if index is None:
            index = result.by_type or {t: [e] for t, e in first_events(result).items()}
        for etype, j in self.first.items():
            recs = index.get(etype)
            if recs:
                out[j] = recs[0].t
        columns = self._responses
        for rec in (instances if instances is not None else first_instances(result)).values():
            # Inlined (this loop runs for every response of every replication of a sweep).
            started, authorized, completed, failed = columns.get(rec.response) or self._columns(rec.response)
            if started >= 0:
                out[started] = rec.started_h
            if authorized >= 0:
                out[authorized] = all_authorized(rec)
            status = rec.status
            if status == "completed" and completed >= 0:
                out[completed] = rec.ended_h
            elif status == "failed" and failed >= 0:
                out[failed] = rec.ended_h
        cols = self.objectives
        for o in result.objectives:
            if o.status == "met" and o.objective in cols:
                out[cols[o.objective]] = o.at_h
        return out

    def _columns(self, response: str) -> tuple[int, ...]:
        """The columns of the response's four milestones, -1 for those not in the table."""
        cols = self._responses[response] = tuple(self.wanted.get(f"{response}.{m}", -1) for m in RESPONSE_MILESTONES)
        return cols


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
