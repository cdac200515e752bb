"""Objective clocks (SPEC §2.5): start at T+0 or the first ``after`` event, met by the first
``expect`` event by the deadline, missed (with contingency actions) when it passes."""


from engine.check.world import ObjectiveDef
from engine.read.durations import to_hours
from engine.simulate.context import Run
from engine.simulate.record import EventRecord, ObjectiveRecord


class ObjectiveTracker:
    """The state of every objective of a run."""

    def __init__(self, sim: Run) -> None:
        self.sim = sim
        self.defs = sim.world.objectives
        self.records = [ObjectiveRecord(o.id) for o in self.defs]
        self.causes: list[int | None] = [None] * len(self.defs)
        self.by_after: dict[str, list[int]] = {}
        self.by_expect: dict[str, list[int]] = {}
        for i, o in enumerate(self.defs):
            if o.after is not None:
                self.by_after.setdefault(o.after, []).append(i)
            self.by_expect.setdefault(o.expect, []).append(i)

    def begin(self) -> None:
        """Start the clocks of objectives without ``after``, at T+0."""
        for i, o in enumerate(self.defs):
            if o.after is None:
                self._start(i, o, None)

    def _start(self, i: int, o: ObjectiveDef, cause: int | None) -> None:
        rec = self.records[i]
        now = self.sim.now
        rec.status = "running"
        rec.from_h = to_hours(now)
        rec.deadline_h = to_hours(now + o.within_ticks)
        self.causes[i] = cause
        if self.sim.last_time(o.expect) == now:  # an expect event earlier this instant
            self._met(rec)
        self.sim.deadline(o.within_ticks, self._deadline, i)

    def _met(self, rec: ObjectiveRecord) -> None:
        rec.status = "met"
        rec.at_h = to_hours(self.sim.now)

    def on_event(self, ev: EventRecord) -> None:
        """Start clocks on ``after`` events; meet objectives on ``expect`` events."""
        for i in self.by_after.get(ev.type, ()):
            if self.records[i].status == "not_started":
                self._start(i, self.defs[i], ev.seq)
        for i in self.by_expect.get(ev.type, ()):
            if self.records[i].status == "running":
                self._met(self.records[i])

    def _deadline(self, i: int) -> None:
        rec = self.records[i]
        if rec.status != "running":
            return
        rec.status = "missed"
        o = self.defs[i]
        self.sim.run_actions(o.actions, f"objective:{o.id}", self.causes[i])
        self.sim.recheck(self.causes[i])

    def finish(self) -> None:
        """At the horizon: a clock still running is ``open``."""
        for rec in self.records:
            if rec.status == "running":
                rec.status = "open"
