"""Streaming, mergeable aggregation of many runs: memory stays flat however many there are.

Per milestone: how many runs reached it, an exact integer sum in micro-hours (so merging is
associative and the mean is byte-identical however the runs were batched), min, max and a
histogram of 0.1-hour bins for the percentiles. Per objective its status counts, per
decision its outcome counts, per completed response the participant and step that decided
it (critical path), and per actor how often it decided a first instance's end
(``holdback``). The first ``SAMPLE`` replications also keep their per-run vectors, a
fixed deterministic sample for the sensitivity analysis, and count, per key milestone, the
factors on its causal path (which factors sensitivity may rank for it). Every replication
keeps its milestone times in ticks (``ReplicationTimes``, ``Aggregate.replications``): the
one per-replication record, which the paired differences of ``compare --runs`` and sweeps read.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.analyse.ancestry import Ancestry
from engine.analyse.critical_path import ENDINGS, decided
from engine.analyse.holdback import HoldbackCounts
from engine.analyse.milestones import MilestoneTable, first_events, first_instances, key_milestones
from engine.analyse.sensitivity import FactorNames, Sample
from engine.check.world import World
from engine.read.durations import TICKS_PER_HOUR
from engine.simulate.record import EventRecord, ResponseRecord, RunResult

US = 1_000_000  # micro-hours per hour: sums are exact integers
BIN_US = 100_000  # histogram resolution: 0.1 h
QUANTILES = (5, 10, 25, 50, 75, 90, 95)
SAMPLE = 2000  # replications 0..SAMPLE-1 keep their vectors for sensitivity
# Replications 0..PAIRED-1 keep their milestone times for paired differences: 10,000 pairs
# measure a share of replications moved to within ±1.0 points (95%), and memory stays flat
# beyond (8 bytes × milestones × 10,000: 6.6 MB for renewed_attack's 83) however long the sweep.
PAIRED = 10_000
PENDING = 256  # runs whose milestone times wait to be counted together (bounds the memory they hold)
NOT_REACHED = -1  # the tick of a milestone a replication did not reach (times are >= 0)
Ticks = npt.NDArray[np.int64]


@dataclass
class MilestoneStats:
    """Mergeable statistics of one milestone's times across runs."""

    reached: int = 0
    sum_us: int = 0
    min_us: int | None = None
    max_us: int | None = None
    bins: Counter[int] = field(default_factory=Counter)

    def add(self, hours: float) -> None:
        """Count one run that reached the milestone at ``hours``."""
        self.add_all([hours])

    def add_all(self, hours: list[float]) -> None:
        """Count runs that reached the milestone at these ``hours`` (the same as adding each in turn)."""
        if hours:
            us = [round(h * US) for h in hours]
            self.add_counted(len(us), sum(us), min(us), max(us), [u // BIN_US for u in us])

    def add_counted(self, reached: int, sum_us: int, min_us: int, max_us: int, bins: list[int]) -> None:
        """Count ``reached`` runs already reduced: their times' sum, min and max in micro-hours,
        and each one's bin (``Aggregate.flush`` works these out for every milestone at once)."""
        self.reached += reached
        self.sum_us += sum_us
        self.min_us = _opt(min, self.min_us, min_us)
        self.max_us = _opt(max, self.max_us, max_us)
        self.bins.update(bins)

    def merge(self, other: "MilestoneStats") -> None:
        """Add another batch's statistics to these."""
        self.reached += other.reached
        self.sum_us += other.sum_us
        self.min_us = _opt(min, self.min_us, other.min_us)
        self.max_us = _opt(max, self.max_us, other.max_us)
        self.bins.update(other.bins)

    def percentile(self, p: int) -> float | None:
        """Nearest-rank percentile among the runs that reached it, to the bin's midpoint
        (±0.05 h), clamped to the observed min and max."""
        if not self.reached or self.min_us is None or self.max_us is None:
            return None
        rank = max(1, math.ceil(p * self.reached / 100))
        seen = 0
        for b in sorted(self.bins):
            seen += self.bins[b]
            if seen >= rank:
                mid = b * BIN_US + BIN_US // 2
                return _h(min(max(mid, self.min_us), self.max_us))
        return _h(self.max_us)

    def summary(self, runs: int) -> dict[str, Any]:
        """The milestone's figures as written to sweep.json."""
        out: dict[str, Any] = {
            "reached": self.reached,
            "reached_pct": round(100 * self.reached / runs, 3) if runs else 0.0,
            "mean": round(self.sum_us / self.reached / US, 6) if self.reached else None,
        }
        out.update({f"p{p}": self.percentile(p) for p in QUANTILES})
        out["min"] = _h(self.min_us) if self.min_us is not None else None
        out["max"] = _h(self.max_us) if self.max_us is not None else None
        return out


@dataclass
class ReplicationTimes:
    """Each replication's milestone times, keyed by its replication index: what pairs the runs
    of a variant with those of the base (common random numbers, SPEC §2.3).

    The one per-replication record an aggregate keeps (everything else is pooled): a batch
    that slims its aggregates must keep this. Rows are replications, columns ``names``; a
    cell is ticks from T+0 (int64, exact) or ``NOT_REACHED``. Only replications below
    ``PAIRED`` are kept: memory 8 bytes per replication and milestone, at most ``PAIRED`` rows
    (1,000 runs × 150 milestones: 1.2 MB). ``merge`` appends chunks (no copy); ``arrays``
    joins them once, ordered by replication index."""

    names: list[str]
    chunks: list[tuple[Ticks, Ticks]] = field(default_factory=list)  # (indices (n,), ticks (n, len(names)))

    def add(self, indices: list[int], hours: npt.NDArray[np.float64]) -> None:
        """Keep the milestone times of the replications ``indices``: ``hours`` has one row per
        replication, one column per name, NaN where not reached."""
        kept = np.array(indices, dtype=np.int64)
        if kept.size and kept.max() >= PAIRED:
            below = kept < PAIRED
            kept, hours = kept[below], hours[below]
        if not kept.size:
            return
        ticks = np.full(hours.shape, NOT_REACHED, dtype=np.int64)
        reached = ~np.isnan(hours)
        # np.rint(h * 3600) is to_ticks(h): the same product, halves to even like round().
        ticks[reached] = np.rint(hours[reached] * TICKS_PER_HOUR).astype(np.int64)
        self.chunks.append((kept, ticks))

    def merge(self, other: "ReplicationTimes") -> None:
        """Add another batch's replications (same milestone names)."""
        self.chunks.extend(other.chunks)

    def arrays(self) -> tuple[Ticks, Ticks]:
        """``(indices, ticks)`` of every replication kept, by replication index."""
        if not self.chunks:
            return np.zeros(0, np.int64), np.zeros((0, len(self.names)), np.int64)
        indices = np.concatenate([c[0] for c in self.chunks])
        ticks = np.concatenate([c[1] for c in self.chunks])
        order = np.argsort(indices, kind="stable")
        self.chunks = [(indices[order], ticks[order])]
        return self.chunks[0]


@dataclass
class Aggregate:
    """Everything a sweep keeps about the runs of one variant; ``merge`` is associative."""

    names: list[str]
    until_h: float
    runs: int = 0
    stats: dict[str, MilestoneStats] = field(default_factory=dict)
    objectives: dict[str, Counter[str]] = field(default_factory=dict)
    decisions: dict[str, Counter[str]] = field(default_factory=dict)
    critical: dict[str, Counter[str]] = field(default_factory=dict)
    critical_steps: dict[str, Counter[str]] = field(default_factory=dict)
    holdback: HoldbackCounts = field(default_factory=HoldbackCounts)
    samples: list[Sample] = field(default_factory=list)
    # Per key milestone, per factor: the sampled runs in which the factor was on the
    # milestone's causal path (only these factors are ranked for it).
    ancestry: dict[str, Counter[str]] = field(default_factory=dict)
    # Worked out once per aggregate (a batch, in a sweep), not per run; small enough to ship back with it.
    table: MilestoneTable = field(init=False, repr=False, compare=False)
    factor_names: FactorNames = field(default_factory=FactorNames, repr=False, compare=False)
    # Milestone times of runs added but not yet counted in ``stats``: counting runs a
    # milestone at a time, in bulk, costs a fraction of counting each run's 80-odd milestones.
    pending: list[list[float | None]] = field(default_factory=list, repr=False, compare=False)
    pending_index: list[int] = field(default_factory=list, repr=False, compare=False)
    paths: Ancestry | None = field(default=None, repr=False, compare=False)
    # Per replication, its milestone times (see ReplicationTimes): the paired differences read these.
    replications: ReplicationTimes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.table = MilestoneTable(self.names)
        self.replications = ReplicationTimes(self.names)

    def add_run(self, index: int, result: RunResult, world: World) -> list[float | None]:
        """Count one replication; return its milestone times in the order of ``names`` (None:
        not reached), for the per-run file (read, do not change)."""
        instances = first_instances(result)
        by_type = result.by_type or {t: [e] for t, e in first_events(result).items()}
        times = self.table.row(result, instances, by_type)
        self.runs += 1
        self.pending.append(times)
        self.pending_index.append(index)
        if len(self.pending) >= PENDING:
            self.flush()
        for o in result.objectives:
            _count(self.objectives, o.objective, o.status)
        for d in result.decisions:
            _count(self.decisions, d.decision, d.option or "unresolved")
        self._add_ended(result, instances, by_type)
        if index < SAMPLE:
            until = self.until_h
            censored = {k: (until if v is None else v) for k, v in zip(self.names, times, strict=True)}
            self.samples.append(Sample(index, self.factor_names.factors(result, world, instances), censored))
            first = {t: recs[0] for t, recs in by_type.items()}
            self._add_ancestry(result, world, first, instances)
        return times

    def _add_ended(self, result: RunResult, instances: dict[str, ResponseRecord],
                   by_type: dict[str, list[EventRecord]]) -> None:
        """Count who decided the end of each first instance that completed or failed, the
        longest step on its critical path (completed ones) and the holdback figures, from
        ``critical_path.decided``: ticks, no ``CriticalPath`` built."""
        ended: list[tuple[str | None, int]] = []
        for name, rec in instances.items():
            status = rec.status
            if status not in ENDINGS:
                continue
            recs = by_type.get(f"{name}.{status}")
            ending = recs[0] if recs and recs[0].t == rec.ended_h else None
            actor, _, procedure, longest = decided(result, rec, ending)
            ended.append((actor, procedure))
            if status == "completed" and actor is not None:
                _count(self.critical, name, actor)
                if longest is not None:
                    _count(self.critical_steps, name, f"{actor} / {longest}")
        self.holdback.add_ticks(ended)

    def _add_ancestry(self, result: RunResult, world: World, first: dict[str, EventRecord],
                      instances: dict[str, ResponseRecord]) -> None:
        """Count the factors on each key milestone's causal path in one sampled run."""
        if self.paths is None:
            self.paths = Ancestry(world, self.factor_names, key_milestones(world))
        for target, factors in self.paths.of_run(result, first, instances).items():
            counts = self.ancestry.get(target)
            if counts is None:
                counts = self.ancestry[target] = Counter()
            counts.update(factors)

    def flush(self) -> None:
        """Count the pending runs' milestone times into ``stats`` (done before anything reads them)."""
        if not self.pending:
            return
        # One row per run, one column per name (MilestoneTable.row), None → NaN; reduced a
        # matrix at a time. np.rint(h * US) is round(h * US): the same product, halves to even.
        hours = np.array(self.pending, dtype=np.float64)
        reached = ~np.isnan(hours)
        us = np.rint(np.where(reached, hours, 0.0) * US).astype(np.int64)
        counts, sums = reached.sum(axis=0).tolist(), us.sum(axis=0).tolist()  # int64: exact below 2**63 µh
        mins = np.where(reached, us, np.iinfo(np.int64).max).min(axis=0).tolist()
        maxs = np.where(reached, us, np.iinfo(np.int64).min).max(axis=0).tolist()
        bins, runs = (us // BIN_US).T, len(self.pending)
        for j, name in enumerate(self.names):
            if counts[j]:
                stats = self.stats.get(name)
                if stats is None:
                    stats = self.stats[name] = MilestoneStats()
                column = bins[j] if counts[j] == runs else bins[j][reached[:, j]]
                stats.add_counted(counts[j], sums[j], mins[j], maxs[j], column.tolist())
        self.replications.add(self.pending_index, hours)
        self.pending.clear()
        self.pending_index.clear()

    def merge(self, other: "Aggregate") -> None:
        """Add another batch's aggregate (same variant) to this one."""
        self.flush()
        other.flush()
        self.runs += other.runs
        for name, s in other.stats.items():
            self.stats.setdefault(name, MilestoneStats()).merge(s)
        for mine, theirs in ((self.objectives, other.objectives), (self.decisions, other.decisions),
                             (self.critical, other.critical), (self.critical_steps, other.critical_steps)):
            for key, counts in theirs.items():
                mine.setdefault(key, Counter()).update(counts)
        self.holdback.merge(other.holdback)
        self.replications.merge(other.replications)
        if other.samples:  # batches merge in replication order: appending keeps the order, no re-sort
            if self.samples and other.samples[0].index < self.samples[-1].index:
                self.samples = sorted(self.samples + other.samples, key=lambda s: s.index)
            else:
                self.samples += other.samples
            del self.samples[SAMPLE:]
        for target, counts in other.ancestry.items():
            self.ancestry.setdefault(target, Counter()).update(counts)

    def summary(self) -> dict[str, Any]:
        """Milestones, objectives, decisions and critical path as written to sweep.json."""
        self.flush()
        empty = MilestoneStats()
        return {
            "runs": self.runs,
            "milestones": {n: self.stats.get(n, empty).summary(self.runs) for n in self.names},
            "objectives": {k: _objective(c, self.runs) for k, c in sorted(self.objectives.items())},
            "decisions": {k: _shares(c) for k, c in sorted(self.decisions.items())},
            "critical_path": {
                k: {"participants": _shares(c), "steps": _shares(self.critical_steps.get(k, Counter()))}
                for k, c in sorted(self.critical.items())
            },
            "holdback": self.holdback.summary(self.runs),
        }


def _count(table: dict[str, Counter[str]], key: str, value: str) -> None:
    counts = table.get(key)
    if counts is None:
        table[key] = counts = Counter()
    counts[value] += 1


def _shares(counts: Counter[str]) -> dict[str, dict[str, Any]]:
    total = sum(counts.values())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {k: {"count": v, "share": round(v / total, 6)} for k, v in ranked}


def _objective(counts: Counter[str], runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {s: counts.get(s, 0) for s in ("met", "missed", "open", "not_started")}
    out["met_rate"] = round(counts.get("met", 0) / runs, 6) if runs else 0.0
    return out


def _opt(fn: Any, a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else int(fn(a, b))


def _h(us: int) -> float:
    return round(us / US, 6) + 0.0
