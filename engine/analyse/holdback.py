"""Who holds the coalition back: per actor, how often and how long its procedure is on a critical path.

A response instance's critical path runs through the participant whose contribution or
decline decided its end (``critical_path``). Summed over the responses of one run, per
actor: how many ended instances it decided, how long its domestic procedure's steps took on
those paths (the part a government can shorten) and how long the paths took in all. Over
the replications of a sweep (``HoldbackCounts``, mergeable like the rest of an aggregate):
in what share of replications each actor decided at least one response's end, how many
responses it decided per replication, and its procedure time on them.

Time is in hours; a sweep counts micro-hours as integers so that merging is exact.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from engine.analyse.critical_path import CriticalPath
from engine.read.durations import TICKS_PER_HOUR, to_ticks

US = 1_000_000  # micro-hours per hour, as in aggregate.py


@dataclass(frozen=True, slots=True)
class Holdback:
    """One actor's share of the critical paths of one run."""

    actor: str
    paths: tuple[CriticalPath, ...]  # the ended instances whose end this actor decided, in record order

    @property
    def procedure_h(self) -> float:
        """Hours of the actor's procedure steps on these paths (phases not counted)."""
        return sum(s.hours for p in self.paths for s in p.steps if s.kind == "procedure")

    @property
    def path_h(self) -> float:
        """Hours from start to end of these instances, summed."""
        return sum(p.duration_h for p in self.paths)

    @property
    def declined(self) -> int:
        """How many of these instances failed at this actor's decline."""
        return sum(1 for p in self.paths if p.deciding == "declined")


def holdbacks(paths: list[CriticalPath]) -> list[Holdback]:
    """Each actor that decided at least one instance's end, longest procedure time first
    (then most paths, then longest paths, then actor id). Paths decided by no participant
    (a criterion impossible from the start) are left out."""
    by_actor: dict[str, list[CriticalPath]] = {}
    for p in paths:
        if p.actor is not None:
            by_actor.setdefault(p.actor, []).append(p)
    rows = [Holdback(actor, tuple(ps)) for actor, ps in by_actor.items()]
    return sorted(rows, key=lambda h: (-h.procedure_h, -len(h.paths), -h.path_h, h.actor))


@dataclass
class HoldbackCounts:
    """Per actor, over replications: runs in which it decided an end, paths it decided, and
    micro-hours of its procedure on them. ``merge`` is associative."""

    runs: Counter[str] = field(default_factory=Counter)
    paths: Counter[str] = field(default_factory=Counter)
    procedure_us: Counter[str] = field(default_factory=Counter)

    def add_run(self, paths: list[CriticalPath]) -> None:
        """Count one replication's critical paths."""
        self.add_ticks([(p.actor, sum(to_ticks(s.end_h) - to_ticks(s.start_h) for s in p.steps
                                      if s.kind == "procedure")) for p in paths])

    def add_ticks(self, decided: list[tuple[str | None, int]]) -> None:
        """Count one replication from its ended instances' deciding actor (None: no one) and
        ticks of that actor's procedure on the path (``critical_path.decided``): what
        ``add_run`` counts, without the paths."""
        ticks: dict[str, int] = {}
        for actor, procedure in decided:
            if actor is not None:
                self.paths[actor] += 1
                ticks[actor] = ticks.get(actor, 0) + procedure
        for actor, procedure in ticks.items():
            self.runs[actor] += 1
            self.procedure_us[actor] += _us(procedure)

    def merge(self, other: "HoldbackCounts") -> None:
        """Add another batch's counts."""
        self.runs.update(other.runs)
        self.paths.update(other.paths)
        self.procedure_us.update(other.procedure_us)

    def summary(self, replications: int) -> dict[str, dict[str, Any]]:
        """``{actor: {runs, share, paths_per_run, procedure_h}}``, most often on a path first.

        ``share``: of all replications, those in which the actor decided at least one end;
        ``paths_per_run``: responses it decided, per such replication; ``procedure_h``: mean
        hours of its procedure on those paths, per such replication."""
        ranked = sorted(self.runs.items(), key=lambda kv: (-kv[1], -self.procedure_us[kv[0]], kv[0]))
        return {actor: {
            "runs": n,
            "share": round(n / replications, 6) if replications else 0.0,
            "paths_per_run": round(self.paths[actor] / n, 6),
            "procedure_h": round(self.procedure_us[actor] / n / US, 6),
        } for actor, n in ranked}


def _us(ticks: int) -> int:
    """Micro-hours of ``ticks``, rounded: ``round(to_hours(ticks) * US)`` in integers. A tick is
    2500/9 µh, so the exact value is never a half and the float product (a sum of a run's step
    hours, as ``Holdback.procedure_h``) rounds the same way."""
    return (2 * ticks * US + TICKS_PER_HOUR) // (2 * TICKS_PER_HOUR)
