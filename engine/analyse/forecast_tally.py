"""What a forecast keeps of its runs (issue 18), streaming and mergeable like a sweep's
``Aggregate``: memory stays flat however many runs there are, and merging batches in order
gives the same figures whatever the number of workers.

A forecast plays the rest of a session from a branch point; a ``Tally`` counts, over the
runs of one arm (from the start, from now, or from now with one option of the next decision):

- each objective's outcome (met, missed, open, not started) and, when met, its time
  (``MilestoneStats``: 0.1 h bins, exact mean);
- the decisions resolved after the branch point: in how many runs each comes up, how it
  goes, and the time of its first resolution; and which decision the facilitator would be
  asked first (decisions without a scripted choice);
- the actors most often on the critical path from here: per actor, the runs in which its
  contribution or decline decided the end of a response instance that ends after the
  branch point (``critical_path.deciding``).
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from engine.analyse.aggregate import MilestoneStats
from engine.analyse.critical_path import ENDINGS, deciding
from engine.analyse.rates import wilson
from engine.simulate.record import RunResult


@dataclass(frozen=True)
class Since:
    """What a run's record holds from before the branch point: its first ``events`` and
    ``decisions`` records, and the response instances already ended (response, instance)."""

    events: int = 0
    decisions: int = 0
    ended: frozenset[tuple[str, int]] = frozenset()


@dataclass
class Tally:
    """The runs of one arm of a forecast; ``merge`` is associative."""

    asked: frozenset[str]  # decisions the facilitator is asked (no scripted choice)
    since: Since = field(default_factory=Since)
    runs: int = 0
    objectives: dict[str, Counter[str]] = field(default_factory=dict)
    met_at: dict[str, MilestoneStats] = field(default_factory=dict)
    decisions: dict[str, Counter[str]] = field(default_factory=dict)  # decision → option → resolutions
    comes_up: Counter[str] = field(default_factory=Counter)  # decision → runs in which it is resolved
    first_at: dict[str, MilestoneStats] = field(default_factory=dict)  # decision → its first resolution's time
    next_asked: Counter[str] = field(default_factory=Counter)  # decision → runs in which it is asked first
    critical: Counter[str] = field(default_factory=Counter)  # actor → runs on a critical path from here

    def add_run(self, result: RunResult) -> None:
        """Count one run (its record from T+0; only what follows the branch point is new)."""
        self.runs += 1
        for o in result.objectives:
            self.objectives.setdefault(o.objective, Counter())[o.status] += 1
            if o.status == "met" and o.at_h is not None:
                self.met_at.setdefault(o.objective, MilestoneStats()).add(o.at_h)
        self._add_decisions(result)
        self.critical.update(self._deciders(result))

    def _add_decisions(self, result: RunResult) -> None:
        seen: set[str] = set()
        asked_first = None
        for d in result.decisions[self.since.decisions:]:
            self.decisions.setdefault(d.decision, Counter())[d.option or "unresolved"] += 1
            if d.decision not in seen:
                seen.add(d.decision)
                self.first_at.setdefault(d.decision, MilestoneStats()).add(d.t)
            if asked_first is None and d.decision in self.asked:
                asked_first = d.decision
        self.comes_up.update(seen)
        if asked_first is not None:
            self.next_asked[asked_first] += 1

    def _deciders(self, result: RunResult) -> set[str]:
        """The actors whose event decided the end of an instance that ended after the branch."""
        actors: set[str] = set()
        for x in result.responses:
            if x.status in ENDINGS and (x.response, x.instance) not in self.since.ended:
                ending = next((e for e in result.by_type.get(f"{x.response}.{x.status}", ()) if e.t == x.ended_h),
                              None)  # the run's own index: no search through every event
                actor, _ = deciding(result, x, ending)
                if actor is not None:
                    actors.add(actor)
        return actors

    def merge(self, other: "Tally") -> None:
        """Add another batch's tally (same arm) to this one."""
        self.runs += other.runs
        for mine, theirs in ((self.objectives, other.objectives), (self.decisions, other.decisions)):
            for key, counts in theirs.items():
                mine.setdefault(key, Counter()).update(counts)
        for stats, more in ((self.met_at, other.met_at), (self.first_at, other.first_at)):
            for key, s in more.items():
                stats.setdefault(key, MilestoneStats()).merge(s)
        self.comes_up.update(other.comes_up)
        self.next_asked.update(other.next_asked)
        self.critical.update(other.critical)

    def met(self, objective: str) -> dict[str, Any]:
        """``{met, runs, rate, low, high}``: the met-rate and its 95% Wilson interval (shares)."""
        k = self.objectives.get(objective, Counter())["met"]
        low, high = wilson(k, self.runs)
        return {"met": k, "runs": self.runs, "rate": round(k / self.runs, 6) if self.runs else 0.0,
                "low": round(low, 6), "high": round(high, 6)}

    def next_decision(self) -> str | None:
        """The decision the facilitator is most often asked first from here (ties: by id)."""
        ranked = sorted(self.next_asked.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[0][0] if ranked else None
