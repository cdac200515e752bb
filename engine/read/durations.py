"""Durations (``30m``, ``1d12h``) and distributions (``pert(1d, 3d, 10d)``), in hours.

All times inside the engine are float hours since T+0, the unit of ``results.json``.
"""

import math
import random
import re
from typing import NamedTuple

UNIT_HOURS = {"m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
_DURATION = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?[mhdw])+")  # ASCII digits only (\d takes ٣ too)
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)([mhdw])")
MAX_HOURS = 100 * 8766.0  # a century: longer is a typo, and dates must stay within the calendar
_DIST = re.compile(r"^\s*(uniform|triangular|pert)\s*\((.*)\)\s*$")
_ARITY = {"uniform": 2, "triangular": 3, "pert": 3}
_EXAMPLES = {"uniform": "uniform(1d, 3d)", "triangular": "triangular(1d, 3d, 10d)", "pert": "pert(1d, 3d, 10d)"}
_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*\(")  # name( : meant as a distribution


HALF_GRID = 5e-10  # half a grid step: times closer than this are one instant


def on_grid(hours: float) -> float:
    """``hours`` on a grid of 1e-9 h (3.6 µs). Minutes are not exact in binary floating
    point: 13m + 1427m would miss 1d by one unit in the last place, and a rule's event
    "at the same instant" as an inject, a deadline or the horizon would land beside it."""
    return round(hours * 1e9) / 1e9


class DurationError(ValueError):
    """A duration or distribution text that cannot be read; the message says what would be right."""


def parse_duration(text: object) -> float:
    """Read a duration such as ``3d`` or ``1d12h`` (or ``0``) and return hours."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise DurationError(f"expected a duration such as '3d' or '1d12h', got {text!r}")
    if isinstance(text, (int, float)):
        if text == 0:
            return 0.0
        raise DurationError(
            f"a bare number ({text}) is ambiguous: give a unit, e.g. '{text}d' or '{text}h'"
        )
    s = text.strip()
    if s == "0":
        return 0.0
    if s.startswith("-"):
        raise DurationError(f"negative duration '{text}': durations are zero or more, e.g. '{s[1:].strip()}'")
    if not _DURATION.fullmatch(s):
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", s):
            raise DurationError(
                f"a bare number ('{s}') is ambiguous: give a unit, e.g. '{s}d' or '{s}h'"
            )
        raise DurationError(
            f"invalid duration '{text}': use a number and a unit m, h, d or w, e.g. '30m', '3d', '1d12h'"
        )
    hours = sum(float(n) * UNIT_HOURS[u] for n, u in _PART.findall(s))
    if hours > MAX_HOURS:
        raise DurationError(f"duration '{text}' is longer than 100 years")
    return on_grid(hours)


class Distribution(NamedTuple):
    """A duration that may be random: ``fixed``, ``uniform``, ``triangular`` or ``pert``."""

    kind: str
    params: tuple[float, ...]
    text: str

    @property
    def nominal(self) -> float:
        """Fixed → itself, uniform → midpoint, triangular and pert → mode."""
        if self.kind == "fixed":
            return self.params[0]
        if self.kind == "uniform":
            return (self.params[0] + self.params[1]) / 2
        return self.params[1]

    @property
    def low(self) -> float:
        """The smallest value a draw can take."""
        return self.params[0]

    @property
    def high(self) -> float:
        """The largest value a draw can take."""
        return self.params[-1]

    def sample(self, rng: random.Random) -> float:
        """Draw one value with the run's own random generator."""
        p = self.params
        if self.kind == "fixed":
            return p[0]
        if self.kind == "uniform":
            return rng.uniform(p[0], p[1])
        if self.kind == "triangular":
            return rng.triangular(p[0], p[2], p[1])
        return _pert(rng, p[0], p[1], p[2])

    def draw(self, rng: random.Random | None) -> float:
        """Sample with ``rng``, or return the nominal value when ``rng`` is None (nominal runs)."""
        return self.nominal if rng is None else self.sample(rng)


def _pert(rng: random.Random, low: float, mode: float, high: float) -> float:
    if high == low:
        return low
    # Standard beta-PERT with shape 4: alpha and beta from the mode's relative position.
    alpha = 1 + 4 * (mode - low) / (high - low)
    beta = 1 + 4 * (high - mode) / (high - low)
    return low + rng.betavariate(alpha, beta) * (high - low)


def parse_distribution(text: object) -> Distribution:
    """Read a plain duration or ``uniform(a, b)``, ``triangular(a, m, b)``, ``pert(a, m, b)``."""
    m = _DIST.match(text) if isinstance(text, str) else None
    unknown = _CALL.match(text) if isinstance(text, str) and m is None else None
    if unknown:
        forms = ", ".join(_EXAMPLES.values())
        name = unknown.group(1)
        raise DurationError(f"unknown distribution '{name}' in '{text}': use {forms}, or a duration such as '3d'")
    if m is None:
        hours = parse_duration(text)
        return Distribution("fixed", (hours,), str(text))
    kind, inner = m.group(1), m.group(2)
    parts = [p.strip() for p in inner.split(",")]
    if len(parts) != _ARITY[kind]:
        shape = "uniform(min, max)" if kind == "uniform" else f"{kind}(min, mode, max)"
        raise DurationError(f"{kind} takes {_ARITY[kind]} durations: {shape}, e.g. {_EXAMPLES[kind]}; got '{text}'")
    values = tuple(parse_duration(p) for p in parts)
    _check_order(kind, values, str(text))
    return Distribution(kind, values, str(text))


def _check_order(kind: str, values: tuple[float, ...], text: str) -> None:
    if any(math.isinf(v) for v in values):
        raise DurationError(f"'{text}': durations must be finite")
    if list(values) != sorted(values):
        order = "min <= max" if kind == "uniform" else "min <= mode <= max"
        raise DurationError(f"'{text}': the values must be in order ({order}), e.g. {_EXAMPLES[kind]}")


def format_hours(hours: float) -> str:
    """Write hours as a compact duration, e.g. ``36.0`` → ``1d12h`` (for reports)."""
    if hours == 0:
        return "0"
    minutes = round(hours * 60)
    out = []
    for unit, size in (("d", 1440), ("h", 60), ("m", 1)):
        n, minutes = divmod(minutes, size)
        if n:
            out.append(f"{n}{unit}")
    return "".join(out) or "0"
