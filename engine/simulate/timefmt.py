"""How times are shown to people: ``T+2d6h`` offsets and calendar instants."""

from engine.read.durations import format_hours
from engine.simulate.record import RunResult


def t_plus(hours: float | None) -> str:
    """``T+2d6h`` for 54 hours; an em dash for no time."""
    return "—" if hours is None else f"T+{format_hours(hours)}"


def when(result: RunResult, hours: float | None) -> str:
    """``T+2d6h (2026-03-03 06:00Z)``: offset and instant."""
    if hours is None:
        return "—"
    instant = result.instant(hours).replace("T", " ")[:16] + "Z"
    return f"{t_plus(hours)} ({instant})"
