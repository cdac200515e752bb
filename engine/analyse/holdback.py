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
        for h in holdbacks(paths):
            self.runs[h.actor] += 1
            self.paths[h.actor] += len(h.paths)
            self.procedure_us[h.actor] += round(h.procedure_h * US)

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
