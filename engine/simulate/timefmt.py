"""How times are shown to people: ``T+2d6h`` offsets and calendar instants.

One rule everywhere (SPEC §2.1): both are made from the engine's tick (``to_ticks`` of the
record's hours) and **truncated to the whole minute**, never rounded, so an instant
26:30 into a minute is ``T+…m`` of that minute and ``hh:mm`` of that minute. When the
scenario's start is on a whole minute the two always name the same minute.
"""

from datetime import datetime, timedelta

from engine.read.durations import format_ticks, to_ticks
from engine.simulate.record import RunResult, day


def instant_of(start: datetime, hours: float) -> datetime:
    """The calendar instant ``hours`` after ``start``, to the second (made from the tick)."""
    return start + timedelta(seconds=to_ticks(hours))


def t_plus(hours: float | None) -> str:
    """``T+2d6h`` for 54 hours (truncated to the minute); an em dash for no time."""
    return "—" if hours is None else f"T+{format_ticks(to_ticks(hours))}"


def calendar(start: datetime, hours: float | None) -> str:
    """``2026-03-03 06:00Z``: the instant ``hours`` after ``start``, truncated to the minute."""
    if hours is None:
        return "—"
    when = instant_of(start, hours)
    return f"{day(when)} {when.hour:02d}:{when.minute:02d}Z"


def scenario_time(start: datetime, hours: float | None) -> str:
    """``T+2d6h (2026-03-03 06:00Z)``: offset and instant, both truncated to the minute."""
    return "—" if hours is None else f"{t_plus(hours)} ({calendar(start, hours)})"


def when(result: RunResult, hours: float | None) -> str:
    """``scenario_time`` in a run's calendar."""
    return scenario_time(result.start, hours)
