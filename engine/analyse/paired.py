"""Paired differences: a variant's milestone times against the base's, replication by replication.

With common random numbers (SPEC §2.3) replication i of the base and of a variant draw the
same numbers, so ``variant − base`` in replication i is what the variant changed, free of
the noise that separates two independent samples. Per milestone, over the replications both
sides played (paired by replication index):

- **both reached**: the difference in ticks (exact); it *moved* when it is not 0 (``later``
  or ``sooner``). ``median``, ``p10`` and ``p90`` are nearest-rank percentiles of these
  differences, zeros included, so each is a difference some replication really had (the
  median of an even count is the lower middle one);
- **reached on one side only** (``base_only``, ``variant_only``): it moved (the variant
  changed whether it happens at all), but it has no time difference, so it is counted apart
  and left out of the percentiles; a median over the replications that have a difference
  is not pulled by runs in which one side has none;
- **reached on neither side**: it did not move.

``moved`` = later + sooner + base_only + variant_only, out of ``pairs``. A milestone a
variant leaves untouched has ``moved`` 0. Figures in ticks here; ``summary`` gives hours.
"""

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.analyse.aggregate import NOT_REACHED, ReplicationTimes, Ticks
from engine.read.durations import to_hours

PERCENTILES = (10, 50, 90)


@dataclass(frozen=True, slots=True)
class Paired:
    """One milestone's paired differences (variant − base) over ``pairs`` replications; ticks."""

    pairs: int
    both: int  # reached in both
    later: int
    sooner: int
    base_only: int  # reached in the base only
    variant_only: int  # reached in the variant only
    p10: int | None  # None when no replication reached it on both sides
    median: int | None
    p90: int | None

    @property
    def moved(self) -> int:
        """Replications in which the milestone moved: another time, or reached on one side only."""
        return self.later + self.sooner + self.base_only + self.variant_only

    def summary(self) -> dict[str, Any]:
        """The figures as written to compare.json and sweep.json (times in hours)."""
        return {
            "pairs": self.pairs, "moved": self.moved,
            "moved_share": round(self.moved / self.pairs, 6) if self.pairs else 0.0,
            "both": self.both, "later": self.later, "sooner": self.sooner,
            "base_only": self.base_only, "variant_only": self.variant_only,
            "median_h": _hours(self.median), "p10_h": _hours(self.p10), "p90_h": _hours(self.p90),
        }


def size(figures: dict[str, Any]) -> tuple[float, int]:
    """How large a paired change is, for ordering (larger first): the median's |difference| in
    hours (infinite when no replication reached the milestone on both sides: its reach, not
    its time, changed), then the replications that moved. ``figures``: ``Paired.summary()``."""
    median = figures["median_h"]
    return (math.inf if median is None else abs(median), figures["moved"])


def paired(base: ReplicationTimes, variant: ReplicationTimes) -> dict[str, Paired]:
    """Per milestone both sides have, in the base's order: the paired differences over the
    replications both sides played."""
    b_index, b_ticks = base.arrays()
    v_index, v_ticks = variant.arrays()
    _, b_rows, v_rows = np.intersect1d(b_index, v_index, assume_unique=True, return_indices=True)
    columns = {n: i for i, n in enumerate(variant.names)}
    out = {}
    for j, name in enumerate(base.names):
        if name in columns:
            out[name] = _one(b_ticks[b_rows, j], v_ticks[v_rows, columns[name]])
    return out


def differences(base: ReplicationTimes, variant: ReplicationTimes, name: str) -> dict[int, int | None]:
    """Per replication both sides played, ``variant − base`` of one milestone in ticks (None
    unless reached on both sides)."""
    b_index, b_ticks = base.arrays()
    v_index, v_ticks = variant.arrays()
    common, b_rows, v_rows = np.intersect1d(b_index, v_index, assume_unique=True, return_indices=True)
    b, v = b_ticks[b_rows, base.names.index(name)], v_ticks[v_rows, variant.names.index(name)]
    return {int(i): (int(y - x) if NOT_REACHED not in (x, y) else None)
            for i, x, y in zip(common, b, v, strict=True)}


def _one(b: Ticks, v: Ticks) -> Paired:
    """The paired figures of one milestone's columns (same replications, same order)."""
    in_b, in_v = b != NOT_REACHED, v != NOT_REACHED
    both = in_b & in_v
    diffs = np.sort(v[both] - b[both])
    p10, median, p90 = (_rank(diffs, p) for p in PERCENTILES)
    return Paired(pairs=len(b), both=int(both.sum()), later=int((diffs > 0).sum()), sooner=int((diffs < 0).sum()),
                  base_only=int((in_b & ~in_v).sum()), variant_only=int((in_v & ~in_b).sum()),
                  p10=p10, median=median, p90=p90)


def _rank(ordered: Ticks, p: int) -> int | None:
    """The nearest-rank ``p``-th percentile of sorted values (integer arithmetic: exact)."""
    n = len(ordered)
    if not n:
        return None
    return int(ordered[max(1, -(-p * n // 100)) - 1])


def _hours(ticks: int | None) -> float | None:
    return None if ticks is None else round(to_hours(ticks), 6) + 0.0
