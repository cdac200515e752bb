"""Rates over replications with their uncertainty: the Wilson score interval of a proportion.

A met-rate of k successes in n replications is an estimate; the Wilson interval (Wilson
1927, the interval Agresti and Coull 1998 recommend over the normal approximation) stays
inside [0, 1] and is sensible at 0 and 100 %, where the normal one collapses to a point.
"""

import math

Z95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95 % interval


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval ``(low, high)`` of the proportion ``k / n`` (shares, 0 to 1);
    ``(0.0, 1.0)`` when there are no replications. Raises ValueError if k is not in 0..n."""
    if not 0 <= k <= n:
        raise ValueError(f"{k} successes out of {n} replications")
    if n == 0:
        return 0.0, 1.0
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)
