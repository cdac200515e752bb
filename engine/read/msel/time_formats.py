"""Times written back into spreadsheets, in each platform's notation, and read back from
``T+`` texts: ``T+1d2h5m``, OpenAEV's ``D+1 H+2 M+5``, Conducttr's ``26:05``, Blueprint's
``+ 1 02:05:00``. Seconds are kept in multiples of 6 (0.1 min), as accord's durations hold them.
"""

from engine.read.msel.times import SIX_SECONDS, duration_seconds


def format_offset(seconds: int) -> str:
    """``T+1d2h5m`` (``T+0``; ``T+1h0.5m`` for 1 h 30 s) for whole seconds, rounded to 6 s."""
    days, hours, minutes, secs = _split(seconds)
    parts = [f"{days}d" if days else "", f"{hours}h" if hours else ""]
    if minutes or secs:
        parts.append(f"{minutes}.{secs // SIX_SECONDS}m" if secs else f"{minutes}m")
    return "T+" + ("".join(parts) or "0")


def token_offset(seconds: int) -> str:
    """``D+1 H+2 M+5`` (OpenAEV's relative notation); ``T+…`` when there are seconds."""
    days, hours, minutes, secs = _split(seconds)
    return format_offset(seconds) if secs else f"D+{days} H+{hours} M+{minutes}"


def clock_offset(seconds: int) -> str:
    """``26:05`` (elapsed, hours beyond 23 as they come; Conducttr); ``26:05:30`` with seconds."""
    days, hours, minutes, secs = _split(seconds)
    text = f"{days * 24 + hours:02d}:{minutes:02d}"
    return f"{text}:{secs:02d}" if secs else text


def blueprint_offset(seconds: int) -> str:
    """``+ 1 02:05:00`` or ``+ 02:05:00``, as CMU SEI Blueprint's export writes its Time column."""
    days, hours, minutes, secs = _split(seconds)
    return "+ " + (f"{days} " if days else "") + f"{hours:02d}:{minutes:02d}:{secs:02d}"


def _split(seconds: int) -> tuple[int, int, int, int]:
    """Days, hours, minutes and seconds of a time at or after T+0, seconds rounded to 6."""
    if seconds < 0:
        raise ValueError(f"a time before T+0 ({seconds} s)")
    seconds = SIX_SECONDS * round(seconds / SIX_SECONDS)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return days, hours, minutes, secs


def parse_offset(text: str) -> int:
    """Whole seconds of a ``T+…`` text written by ``format_offset``."""
    return round(duration_seconds(text.strip()[2:]))
