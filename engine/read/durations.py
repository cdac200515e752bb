"""Durations (``30m``, ``1d12h``) and distributions (``pert(1d, 3d, 10d)``), in ticks.

The engine's clock counts whole **ticks** of one second (SPEC §2.1 "Time is exact"): every
duration written in a file is a whole number of ticks, so ``3 × 6m`` is exactly ``18m``.
Hours, the unit of ``results.json`` and of the record, are derived from ticks by
``to_hours`` (``ticks / 3600``) and back by ``to_ticks``; what people read is written by
``format_ticks``, which truncates to the whole minute.
"""

import re
from typing import NamedTuple

TICKS_PER_HOUR = 3600  # one tick is one second
UNIT_TICKS = {"m": 60, "h": 3600, "d": 86_400, "w": 604_800}
_DURATION = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?[mhdw])+")  # ASCII digits only (\d takes ٣ too)
_PART = re.compile(r"([0-9]+)(?:\.([0-9]+))?([mhdw])")
MAX_TICKS = 100 * 8766 * TICKS_PER_HOUR  # a century: longer is a typo, and dates must stay within the calendar
_DIST = re.compile(r"^\s*(uniform|triangular|pert)\s*\((.*)\)\s*$")
_ARITY = {"uniform": 2, "triangular": 3, "pert": 3}
_EXAMPLES = {"uniform": "uniform(1d, 3d)", "triangular": "triangular(1d, 3d, 10d)", "pert": "pert(1d, 3d, 10d)"}
_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*\(")  # name( : meant as a distribution


def to_hours(ticks: int) -> float:
    """Hours of ``ticks``: ``ticks / 3600``, the one way every hour value is made from a tick
    (equal ticks give equal hours, and their order is kept)."""
    return ticks / TICKS_PER_HOUR


def to_ticks(hours: float) -> int:
    """The tick an hour value was made from (``to_hours``'s inverse; exact for any hour value
    written with six decimals, as in results.json)."""
    return round(hours * TICKS_PER_HOUR)


class DurationError(ValueError):
    """A duration or distribution text that cannot be read; the message says what would be right."""


def parse_duration(text: object) -> int:
    """Read a duration such as ``3d`` or ``1d12h`` (or ``0``) and return whole ticks (seconds).

    DurationError for bare numbers, negatives, unknown units, more than a century, or a
    fraction that is not a whole number of seconds (``0.01m``)."""
    if isinstance(text, bool) or not isinstance(text, (str, int, float)):
        raise DurationError(f"expected a duration such as '3d' or '1d12h', got {text!r}")
    if isinstance(text, (int, float)):
        if text == 0:
            return 0
        raise DurationError(
            f"a bare number ({text}) is ambiguous: give a unit, e.g. '{text}d' or '{text}h'"
        )
    s = text.strip()
    if s == "0":
        return 0
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
    ticks = sum(_part_ticks(whole, frac, unit, text) for whole, frac, unit in _PART.findall(s))
    if ticks > MAX_TICKS:
        raise DurationError(f"duration '{text}' is longer than 100 years")
    return ticks


def _part_ticks(whole: str, frac: str, unit: str, text: str) -> int:
    """One ``1.5d`` part in ticks, computed exactly (decimal digits, not binary floats)."""
    scaled = int(whole + frac) * UNIT_TICKS[unit]
    ticks: int
    ticks, rest = divmod(scaled, 10 ** len(frac))
    if rest:
        raise DurationError(f"duration '{text}' is not a whole number of seconds (the clock counts seconds)")
    return ticks


def parse_hours(text: object) -> float:
    """``parse_duration`` in hours (for tools that work in hours)."""
    return to_hours(parse_duration(text))


class Distribution(NamedTuple):
    """A duration that may be random: ``fixed``, ``uniform``, ``triangular`` or ``pert``.
    ``params`` are ticks (min, max / min, mode, max); every value it gives is whole ticks.
    Sampled runs draw it with ``engine.simulate.sampling.ticks``."""

    kind: str
    params: tuple[int, ...]
    text: str

    @property
    def nominal(self) -> int:
        """Fixed → itself, uniform → midpoint (rounded half up to a tick), triangular and pert → mode."""
        if self.kind == "fixed":
            return self.params[0]
        if self.kind == "uniform":
            return (self.params[0] + self.params[1] + 1) // 2
        return self.params[1]

    @property
    def low(self) -> int:
        """The smallest value a draw can take."""
        return self.params[0]

    @property
    def high(self) -> int:
        """The largest value a draw can take."""
        return self.params[-1]


def parse_distribution(text: object) -> Distribution:
    """Read a plain duration or ``uniform(a, b)``, ``triangular(a, m, b)``, ``pert(a, m, b)``."""
    m = _DIST.match(text) if isinstance(text, str) else None
    unknown = _CALL.match(text) if isinstance(text, str) and m is None else None
    if unknown:
        forms = ", ".join(_EXAMPLES.values())
        name = unknown.group(1)
        raise DurationError(f"unknown distribution '{name}' in '{text}': use {forms}, or a duration such as '3d'")
    if m is None:
        ticks = parse_duration(text)
        return Distribution("fixed", (ticks,), str(text))
    kind, inner = m.group(1), m.group(2)
    parts = [p.strip() for p in inner.split(",")]
    if len(parts) != _ARITY[kind]:
        shape = "uniform(min, max)" if kind == "uniform" else f"{kind}(min, mode, max)"
        raise DurationError(f"{kind} takes {_ARITY[kind]} durations: {shape}, e.g. {_EXAMPLES[kind]}; got '{text}'")
    values = tuple(parse_duration(p) for p in parts)
    _check_order(kind, values, str(text))
    return Distribution(kind, values, str(text))


def _check_order(kind: str, values: tuple[int, ...], text: str) -> None:
    if list(values) != sorted(values):
        order = "min <= max" if kind == "uniform" else "min <= mode <= max"
        raise DurationError(f"'{text}': the values must be in order ({order}), e.g. {_EXAMPLES[kind]}")


def format_ticks(ticks: int) -> str:
    """Ticks as a compact duration truncated to the whole minute: ``1d12h``, ``5d9h37m``, ``0``.

    The one rule for every time or duration shown to people (SPEC §2.1): truncate, never
    round, so a ``T+`` text and the calendar minute of the same instant always agree."""
    if ticks < 0:
        return "-" + format_ticks(-ticks)
    minutes = ticks // 60
    out = []
    for unit, size in (("d", 1440), ("h", 60), ("m", 1)):
        n, minutes = divmod(minutes, size)
        if n:
            out.append(f"{n}{unit}")
    return "".join(out) or "0"


def format_hours(hours: float) -> str:
    """``format_ticks`` of an hour value (``36.0`` → ``1d12h``), for reports that hold hours."""
    return format_ticks(to_ticks(hours))

