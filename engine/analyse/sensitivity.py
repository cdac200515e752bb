"""Sensitivity across runs: which sampled durations, approvals and decisions drive a milestone.

Each sampled replication yields its factors (every procedure step's and phase's duration
per participant of each response's first instance, whether each participant was approved,
which option each decision took) and its milestones (censored at the horizon when not
reached, so a declined approval that stops a response counts as "late"). Spearman's rank
correlation of each factor with each key milestone ranks the factors (the tornado chart).
"""

from dataclasses import dataclass
from typing import Any

from engine.analyse.milestones import first_instances
from engine.check.world import World
from engine.simulate.record import ResponseRecord, RunResult

TOP = 12  # factors shown per milestone


@dataclass(frozen=True, slots=True)
class Sample:
    """One replication's factors and milestone times (for rank correlation)."""

    index: int
    factors: dict[str, float]
    times: dict[str, float]


def run_factors(result: RunResult, world: World) -> dict[str, float]:
    """The factors of one run, by name."""
    return FactorNames().factors(result, world)


class FactorNames:
    """The factors of runs, with each factor's name spelt once and then reused.

    A sweep keeps the factors of thousands of runs with the same few hundred names: spelling
    them once saves the formatting per run, and the samples shipped back from a worker then
    share their name strings, which pickle writes once per batch instead of once per run."""

    def __init__(self) -> None:
        self._steps: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}
        self._decisions: dict[str, dict[str, str]] = {}

    def factors(self, result: RunResult, world: World,
                instances: dict[str, ResponseRecord] | None = None) -> dict[str, float]:
        """The factors of one run, by name (``instances``: ``first_instances(result)``, if at hand)."""
        out: dict[str, float] = {}
        for name, rec in (instances if instances is not None else first_instances(result)).items():
            actors = self._steps.get(name)
            if actors is None:
                actors = self._steps[name] = {}
            for p in rec.participants:
                entry = actors.get(p.actor)
                if entry is None:
                    entry = actors[p.actor] = (f"{name} / {p.actor} approved", {})
                approved, steps = entry
                for s in p.steps:
                    if s.end_h is not None:
                        key = steps.get(s.name)
                        if key is None:
                            key = steps[s.name] = f"{name} / {p.actor} / {s.name}"
                        out[key] = s.end_h - s.start_h
                out[approved] = 0.0 if p.status == "declined" else 1.0
        taken: dict[str, str] = {}
        for taken_rec in result.decisions:
            taken.setdefault(taken_rec.decision, taken_rec.option)
        for d in world.decisions.values():
            chosen = taken.get(d.id)
            names = self._decisions.get(d.id)
            if names is None:
                names = self._decisions[d.id] = {}
            for option in d.options:
                key = names.get(option)
                if key is None:
                    key = names[option] = f"decision {d.id} = {option}"
                out[key] = 1.0 if chosen == option else 0.0
        return out


MIN_RUNS = 30


def sensitivity(samples: list[Sample], targets: list[str]) -> dict[str, list[dict[str, float | str]]]:
    """For each target milestone, the factors ranked by |Spearman ρ| (top ``TOP``).

    A factor missing from some runs (a step never reached) is correlated over the runs
    that have it, and left out when those are fewer than half the sample (or than
    ``MIN_RUNS``). Ranks are computed with numpy: a 2,000-run sample with hundreds of
    factors would take seconds in pure Python.
    """
    import numpy as np  # noqa: PLC0415 - only sweeps need it (a matplotlib dependency anyway)

    factors = sorted({f for s in samples for f in s.factors})
    out: dict[str, list[dict[str, float | str]]] = {t: [] for t in targets}
    columns = {t: np.array([s.times.get(t, np.nan) for s in samples], dtype=float) for t in targets}
    for factor in factors:
        xs = np.array([s.factors.get(factor, np.nan) for s in samples], dtype=float)
        for target, ys in columns.items():
            keep = ~(np.isnan(xs) | np.isnan(ys))
            if int(keep.sum()) < max(MIN_RUNS, len(samples) // 2):
                continue  # a factor seen in few runs gives large, meaningless ρ (noise in small n)
            rho = _spearman_np(xs[keep], ys[keep])
            if rho is not None:
                out[target].append({"factor": factor, "rho": round(rho, 4) + 0.0, "runs": int(keep.sum())})
    for rows in out.values():
        rows.sort(key=lambda r: (-abs(float(r["rho"])), str(r["factor"])))
        del rows[TOP:]
    return out


def _spearman_np(xs: Any, ys: Any) -> float | None:

    if len(xs) < 3:
        return None
    rx, ry = _ranks_np(xs), _ranks_np(ys)
    rx -= rx.mean()
    ry -= ry.mean()
    sxx, syy = float(rx @ rx), float(ry @ ry)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return float(float(rx @ ry) / (sxx * syy) ** 0.5)


def _ranks_np(values: Any) -> Any:
    """Average ranks (1-based) of a numpy vector, ties sharing their mean rank."""
    import numpy as np  # noqa: PLC0415

    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + 1 + ends) / 2.0)[inverse]


def spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rank correlation (average ranks for ties); None if either side is constant."""
    if len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(rx)
    mx, my = sum(rx) / n, sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx <= 0 or syy <= 0:
        return None
    return float(sxy / (sxx * syy) ** 0.5)


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks
