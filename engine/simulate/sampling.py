"""Durations drawn from one uniform number each, by the inverse of their distribution.

Every sampled duration is read from a single uniform ``u`` in [0, 1) (``engine.simulate.streams``),
so a source's value depends on its own draw only, and is rounded to the nearest tick
(halves up; SPEC §2.1):

* ``uniform(a, b)``: ``a + u (b − a)``;
* ``triangular(a, m, b)``: the closed-form inverse of its CDF;
* ``pert(a, m, b)``: ``a + Q(u) (b − a)``, Q the quantile function of the beta distribution
  with α = 1 + 4 (m − a)/(b − a) and β = 1 + 4 (b − m)/(b − a), both in [1, 5].

Q comes from a table built once per shape (α, β) in a process: the CDF of beta(α, β) at
``TABLE + 1`` evenly spaced points of [0, 1], from the series of the regularized incomplete
beta function, inverted by linear interpolation between the
points (a draw finds its cell by bisection). So the sampled distribution's CDF is exact at the
points (error below 1e-14) and linear between them: it differs from beta-PERT's by less
than 3e-5 anywhere (the worst shapes have α or β near 1.1; less than 2e-7 when α and β are
both 2 or more), and a draw lies within 4e-5 × (max − min) of the exact quantile of its
``u`` (``tests/test_sampling.py`` measures both against SciPy).
numpy builds the tables and is imported on the first pert draw only.
"""

import bisect
import math
from collections.abc import Callable
from typing import Any

from engine.read.durations import Distribution

TABLE = 4096  # cells of a beta CDF table
# A table's guide: where the CDF passes each multiple of 1/GUIDE, so that a draw bisects the few
# cells of its own 1/GUIDE of [0, 1) instead of all 4,097 (a pert draw was ~0.7 µs, mostly
# the bisection's comparisons and cache misses over the whole table).
GUIDE = 256
_TERMS = 240  # terms of the incomplete-beta series: (3/4)**240 < 1e-29, the slowest PERT case
_TABLES: dict[tuple[float, float], list[float]] = {}
_GUIDES: dict[tuple[float, float], list[int]] = {}


Sampler = Callable[[float], int]


def ticks(dist: Distribution, u: float) -> int:
    """The value of ``dist`` at uniform ``u``, in whole ticks (its low end for u = 0).
    Builds a sampler each call: the engine keeps its samplers instead."""
    draw = sampler(dist)
    return dist.params[0] if draw is None else draw(u)


def sampler(dist: Distribution) -> Sampler | None:
    """A function from a uniform ``u`` to ``dist``'s value in whole ticks, or None for a fixed
    duration (which draws nothing). Built once per distribution of a World: the engine calls
    it for every step of every participant, so everything that does not depend on ``u`` is
    worked out here."""
    kind, p = dist.kind, dist.params
    low, high = p[0], p[-1]
    span = high - low
    if kind == "fixed":
        return None
    if span == 0:
        return lambda _u: low
    if kind == "uniform":
        start = low + 0.5  # + 0.5: rounded to the nearest tick, halves up
        return lambda u: int(start + u * span)
    if kind == "triangular":
        return _triangular(low, p[1], high)
    return _pert(low, p[1], high)


def _triangular(low: int, mode: int, high: int) -> Sampler:
    span = high - low
    below, left, right = (mode - low) / span, span * (mode - low), span * (high - mode)

    def draw(u: float) -> int:
        if u < below:  # the inverse CDF left of the mode
            return int(low + math.sqrt(u * left) + 0.5)
        return int(high - math.sqrt((1 - u) * right) + 0.5)

    return draw


def _pert(low: int, mode: int, high: int) -> Sampler:
    shape, start, span = pert_shape(low, mode, high), low + 0.5, high - low
    box: list[tuple[list[float], list[int]]] = []  # the shape's table and guide, fetched on the first draw

    def draw(u: float) -> int:
        cdf, guide = box[0] if box else _table(shape, box)
        k = int(u * GUIDE)  # exact (GUIDE is a power of 2): k / GUIDE <= u < (k + 1) / GUIDE
        j = bisect.bisect_right(cdf, u, guide[k], guide[k + 1]) - 1  # cdf[j] <= u < cdf[j + 1]
        if j >= TABLE:
            return high
        lo, hi = cdf[j], cdf[j + 1]
        x = (j + (u - lo) / (hi - lo)) / TABLE if hi > lo else j / TABLE
        return int(start + x * span)

    return draw


def _table(shape: tuple[float, float], box: list[tuple[list[float], list[int]]]) -> tuple[list[float], list[int]]:
    """The shape's CDF table and its guide (built on first use in a process, then shared), put
    in ``box``. ``guide[k]`` is ``bisect_right(cdf, k / GUIDE)``, so the whole table's
    bisection point for any u in [k / GUIDE, (k + 1) / GUIDE) lies in ``guide[k] … guide[k + 1]``
    and bisecting only there finds the same cell; a last entry covers u = 1."""
    cdf = _TABLES.get(shape)
    if cdf is None:
        cdf = _TABLES[shape] = beta_cdf_table(*shape)
    guide = _GUIDES.get(shape)
    if guide is None:
        guide = _GUIDES[shape] = [bisect.bisect_right(cdf, k / GUIDE) for k in range(GUIDE + 1)] + [len(cdf)]
    box.append((cdf, guide))
    return cdf, guide


def pert_shape(low: int, mode: int, high: int) -> tuple[float, float]:
    """(α, β) of beta-PERT with shape 4."""
    return 1 + 4 * (mode - low) / (high - low), 1 + 4 * (high - mode) / (high - low)


def beta_quantile(shape: tuple[float, float], u: float) -> float:
    """Q(u) of beta(α, β) in [0, 1], from the shape's table."""
    cdf = _TABLES.get(shape)
    if cdf is None:
        cdf = _TABLES[shape] = beta_cdf_table(*shape)
    j = bisect.bisect_right(cdf, u) - 1  # cdf[j] <= u < cdf[j + 1]
    if j >= TABLE:
        return 1.0
    lo, hi = cdf[j], cdf[j + 1]
    return (j + (u - lo) / (hi - lo)) / TABLE if hi > lo else j / TABLE


def beta_cdf_table(a: float, b: float) -> list[float]:
    """The CDF of beta(a, b) at x = j / TABLE for j = 0 … TABLE (0 and 1 at the ends)."""
    import numpy as np  # noqa: PLC0415 - only runs that draw a pert duration need it

    x = np.arange(TABLE + 1, dtype=np.float64) / TABLE
    cdf = np.empty_like(x)
    lower = x < (a + 1) / (a + b + 2)  # the series converges fast below this point
    cdf[lower] = _incomplete_beta(a, b, x[lower], np)
    cdf[~lower] = 1.0 - _incomplete_beta(b, a, 1.0 - x[~lower], np)
    cdf[0], cdf[-1] = 0.0, 1.0
    out: list[float] = np.maximum.accumulate(np.clip(cdf, 0.0, 1.0)).tolist()
    return out


def _incomplete_beta(a: float, b: float, x: Any, np: Any) -> Any:
    """I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · Σ (a + b)_n / (a + 1)_n x^n, for x below the
    split point (DLMF 8.17.8 with the hypergeometric series written out)."""
    log_beta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    with np.errstate(divide="ignore"):  # log(0) at x = 0 gives 0 below, as it should
        front = np.exp(a * np.log(x) + b * np.log1p(-x) - log_beta) / a
    term = np.ones_like(x)
    total = np.ones_like(x)
    for n in range(_TERMS):
        term = term * x * ((a + b + n) / (a + 1 + n))
        total = total + term
    return front * total
