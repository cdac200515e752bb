"""Sensitivity across runs: which sampled durations, approvals and decisions drive a milestone.

Each sampled replication yields its factors (every procedure step's and phase's duration
per participant of each response's first instance, whether each participant was approved,
which option each decision took), its milestones (censored at the horizon when not
reached, so a declined approval that stops a response counts as "late") and, per key
milestone, the factors on its causal path (``engine.analyse.ancestry``). Spearman's rank
correlation of each factor that can have moved a milestone with that milestone's time,
with an interval, ranks its drivers (the tornado chart).
"""

import math
from collections import Counter
from dataclasses import dataclass
from statistics import NormalDist
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
                    entry = self._participant(name, p.actor)
                approved, steps = entry
                for s in p.steps:
                    if s.end_h is not None:
                        key = steps.get(s.name)
                        if key is None:
                            key = steps[s.name] = f"{name} / {p.actor} / {s.name}"
                        out[key] = s.end_h - s.start_h
                out[approved] = 0.0 if p.status == "declined" else 1.0
        taken: dict[str, str] = {}
        for taken_rec in result.decisions:  # batch runs only: every option is set
            taken.setdefault(taken_rec.decision, taken_rec.option or "")
        for d in world.decisions.values():
            chosen = taken.get(d.id)
            for option in d.options:
                out[self.decision(d.id, option)] = 1.0 if chosen == option else 0.0
        return out

    def step(self, response: str, actor: str, step: str) -> str:
        """The name of the factor "duration of ``step`` of ``actor`` in ``response``"."""
        steps = self._participant(response, actor)[1]
        key = steps.get(step)
        if key is None:
            key = steps[step] = f"{response} / {actor} / {step}"
        return key

    def approved(self, response: str, actor: str) -> str:
        """The name of the factor "``actor`` approved (did not decline) in ``response``"."""
        return self._participant(response, actor)[0]

    def decision(self, decision: str, option: str) -> str:
        """The name of the factor "``decision`` took ``option``"."""
        names = self._decisions.get(decision)
        if names is None:
            names = self._decisions[decision] = {}
        key = names.get(option)
        if key is None:
            key = names[option] = f"decision {decision} = {option}"
        return key

    def _participant(self, response: str, actor: str) -> tuple[str, dict[str, str]]:
        actors = self._steps.setdefault(response, {})
        entry = actors.get(actor)
        if entry is None:
            entry = actors[actor] = (f"{response} / {actor} approved", {})
        return entry


MIN_RUNS = 30
CONFIDENCE = 0.95  # of each milestone's intervals together (Bonferroni over the factors tested for it)


@dataclass(frozen=True, slots=True)
class Drivers:
    """One milestone's ranked factors (``TOP`` at most), and how many factors were tested."""

    tested: int
    rows: list[dict[str, Any]]


def sensitivity(samples: list[Sample], targets: list[str], ancestry: dict[str, Counter[str]]) -> dict[str, Drivers]:
    """For each target milestone, the factors on its causal path ranked by Spearman's ρ.

    ``ancestry[target]`` counts, per factor, the sampled runs in which the factor was on the
    milestone's causal path (``engine.analyse.ancestry``); only those factors are tested: a
    factor that can never have moved the milestone (a sanction that starts after it) is not
    ranked, however it happens to correlate. ρ is taken over every sampled run that has the
    factor (not only those in which it was on the path: selecting those would select the
    runs in which it was late). A factor missing from some runs (a step never reached) is
    correlated over the runs that have it, and left out when those are fewer than half the
    sample (or than ``MIN_RUNS``).

    Each ρ gets an interval from Fisher's z with the variance of Bonett & Wright (2000) for
    Spearman's ρ, (1 + ρ²/2) / (n − 3), at a level that holds for all the factors tested for
    the milestone together (Bonferroni: 1 − 0.05/m each, for m factors tested). A factor is a
    significant driver when its interval excludes 0. Rows: ``factor``, ``rho``, ``low``,
    ``high`` (4 decimals), ``runs`` (n), ``on_path`` (runs in which it was on the path),
    ``significant``; significant drivers first, then by |ρ|.
    """
    import numpy as np  # noqa: PLC0415 - only sweeps need it (a matplotlib dependency anyway)

    factors = sorted({f for t in targets for f in ancestry.get(t, ())})
    out = {t: Drivers(0, []) for t in targets}
    if len(samples) < 3 or not factors:
        return out
    x = _matrix(np, [s.factors for s in samples], factors)
    y = _matrix(np, [s.times for s in samples], targets)
    column = {f: j for j, f in enumerate(factors)}
    wanted = np.zeros((len(factors), len(targets)), dtype=bool)
    for i, target in enumerate(targets):
        wanted[[column[f] for f in ancestry.get(target, ())], i] = True
    rho, runs = rank_correlations(x, y, max(MIN_RUNS, len(samples) // 2), wanted)
    for i, target in enumerate(targets):
        paths = ancestry.get(target, Counter())
        tested = [(f, float(rho[column[f], i]), int(runs[column[f], i])) for f in sorted(paths)
                  if not np.isnan(rho[column[f], i])]
        rows = [_row(f, r, n, paths[f], len(tested)) for f, r, n in tested]
        rows.sort(key=lambda r: (not r["significant"], -abs(r["rho"]), r["factor"]))
        out[target] = Drivers(len(tested), rows[:TOP])
    return out


def _matrix(np: Any, rows: list[dict[str, float]], columns: list[str]) -> Any:
    """A runs × columns matrix of the rows' values, NaN where a row lacks a column."""
    out = np.empty((len(rows), len(columns)))
    missing = [float("nan")] * len(columns)
    for i, row in enumerate(rows):
        out[i] = np.fromiter(map(row.get, columns, missing), dtype=float, count=len(columns))
    return out


def _row(factor: str, rho: float, runs: int, on_path: int, tests: int) -> dict[str, Any]:
    low, high = interval(rho, runs, tests)
    return {"factor": factor, "rho": _r4(rho), "low": _r4(low), "high": _r4(high), "runs": runs,
            "on_path": on_path, "significant": low > 0 or high < 0}


def interval(rho: float, runs: int, tests: int = 1) -> tuple[float, float]:
    """The interval of Spearman's ``rho`` over ``runs`` runs, at ``CONFIDENCE`` for ``tests``
    intervals together: Fisher's z, variance (1 + ρ²/2)/(n − 3) (Bonett & Wright 2000,
    Psychometrika 65:23-28), Bonferroni over ``tests``. Needs ``runs`` > 3."""
    z_crit = NormalDist().inv_cdf(1 - (1 - CONFIDENCE) / (2 * max(tests, 1)))
    r = min(max(rho, -1 + 1e-12), 1 - 1e-12)  # ρ = ±1 (a milestone that is its one step) stays finite
    half = z_crit * math.sqrt((1 + r * r / 2) / (runs - 3))
    z = math.atanh(r)
    return math.tanh(z - half), math.tanh(z + half)


def _r4(x: float) -> float:
    return round(x, 4) + 0.0


def rank_correlations(x: Any, y: Any, need: int, wanted: Any = None) -> tuple[Any, Any]:
    """Spearman's ρ of every column of ``x`` (n × k) with every column of ``y`` (n × m), NaN
    marking a missing value: (ρ as k × m, NaN where not computed; runs as k × m).

    Columns are ranked once per pattern of missing values, not once per pair: the columns
    missing in the same runs (usually nearly all present in every run) are ranked together
    over the runs both sides have, and one matrix product gives all their correlations.
    ``wanted`` (k × m booleans, optional) names the pairs asked for: a column of ``y`` is
    ranked for a pattern only if one of the pattern's columns is wanted with it (the other
    pairs of those columns come free). A pair over fewer than ``need`` runs, or with a
    constant side, gets NaN."""
    import numpy as np  # noqa: PLC0415

    rho = np.full((x.shape[1], y.shape[1]), np.nan)
    runs = np.zeros((x.shape[1], y.shape[1]), dtype=int)
    xt, yt = np.ascontiguousarray(x.T), np.ascontiguousarray(y.T)  # a column per row: sorted in place
    y_patterns = _patterns(np.isnan(y))
    for x_missing, xcols in _patterns(np.isnan(x)):
        asked = wanted[xcols].any(axis=0) if wanted is not None else np.ones(y.shape[1], dtype=bool)
        for y_missing, all_ycols in y_patterns:
            ycols = all_ycols[asked[all_ycols]]
            keep = ~(x_missing | y_missing)
            n = int(keep.sum())
            if n < max(need, 3) or not len(ycols):
                continue
            rx, ry = _centred_ranks(xt[xcols][:, keep]), _centred_ranks(yt[ycols][:, keep])
            sxx, syy = (rx * rx).sum(axis=1), (ry * ry).sum(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                r = (rx @ ry.T) / np.sqrt(np.outer(sxx, syy))
            r[(sxx <= 1e-12)[:, None] | (syy <= 1e-12)[None, :]] = np.nan  # a constant side has no ρ
            rho[np.ix_(xcols, ycols)] = r
            runs[np.ix_(xcols, ycols)] = n
    return rho, runs


def _patterns(missing: Any) -> list[tuple[Any, Any]]:
    """The distinct missing-value patterns of a matrix's columns: (rows missing, columns)."""
    import numpy as np  # noqa: PLC0415

    groups: dict[bytes, list[int]] = {}
    for j, packed in enumerate(np.packbits(missing, axis=0).T):
        groups.setdefault(packed.tobytes(), []).append(j)
    return [(missing[:, cols[0]], np.array(cols)) for cols in groups.values()]


def _centred_ranks(a: Any) -> Any:
    """Average ranks (ties share their mean rank) within each row of ``a``, minus their mean."""
    import numpy as np  # noqa: PLC0415

    k, n = a.shape
    order = np.argsort(a, axis=1)
    ordered = np.take_along_axis(a, order, axis=1)
    starts = np.ones((k, n), dtype=bool)
    starts[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    groups = np.cumsum(starts, axis=1) - 1  # tie group of each sorted value, per row
    groups += np.concatenate(([0], np.cumsum(groups[:, -1] + 1)[:-1]))[:, None]  # numbered across rows
    flat = groups.ravel()
    positions = np.broadcast_to(np.arange(1, n + 1, dtype=float), (k, n)).ravel()
    mean_rank = np.bincount(flat, weights=positions) / np.bincount(flat)
    ranks = np.empty((k, n))
    np.put_along_axis(ranks, order, mean_rank[groups], axis=1)
    return ranks - (n + 1) / 2.0


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
