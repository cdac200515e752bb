"""Percentages shown to people: one decimal everywhere, one formatter.

Reports, pages, charts and the terminal show a rate or a share as ``90.7%``; documents
(JSON, CSV) keep the exact values. Near the ends a rounded figure would claim what did not
happen: a share above 0 but under 0.05% is ``<0.1%`` (some runs did), one at or above
99.95% but under 100% is ``>99.9%`` (some did not); ``0.0%`` and ``100.0%`` mean exactly
that. Interval bounds (``85.1–89.2%``) are estimates, so they are plain one-decimal figures.
A confidence level (``95%``) is a name, not a measurement, and is not formatted here.
"""


def pct(percent: float) -> str:
    """A percentage (0 to 100) as ``90.7%``, ``<0.1%``, ``>99.9%``, ``100.0%``."""
    if 0 < percent < 0.05:
        return "<0.1%"
    if 99.95 <= percent < 100:
        return ">99.9%"
    return f"{percent:.1f}%"


def share_pct(share: float) -> str:
    """A share (0 to 1) as a percentage: ``share_pct(0.9067)`` is ``90.7%``."""
    return pct(100 * share)


def interval_pct(low: float, high: float) -> str:
    """An interval of shares (0 to 1) as ``85.1–89.2%``."""
    return f"{100 * low:.1f}–{100 * high:.1f}%"
