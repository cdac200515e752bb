"""Time notations of spreadsheet MSELs, read into whole seconds since T+0.

Accepted (see docs/reference.md, "Spreadsheet MSELs"):

    T+2d6h  T-30m          accord durations after (or before) T+0
    T+2  T-1               a bare number after T is hours (OpenAEV: T = hour)
    D+2 H+3 M+45  J+1      days (D, or J for French *jour*), hours (H or T), minutes (M)
    D+1 09:30              a relative day, then a clock time on that day
    + 1 02:03:04           CMU SEI Blueprint's export (days, then h:mm:ss)
    09:05  9h05  0905      a clock time: wall clock on the start date (needs --start), or
                           elapsed since T+0 in profiles whose clock is elapsed (Conducttr)
    2026-03-01T09:05Z      an ISO-8601 instant; without a zone it is read in --tz
    date, time and [h]:mm cells of a workbook

Negative results are times before T+0. Times are exact to the second; durations written
back are minutes, so a time whose seconds are not a multiple of 6 is rounded to the
nearest 6 s (0.1 min) with a warning (``rounded``).
"""

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from engine.read.durations import DurationError, parse_duration
from engine.read.msel.cells import CellValue
from engine.read.suggest import suggestion

_T_FORM = re.compile(r"T\s*([+-])\s*(\S.*)", re.IGNORECASE)
_BARE = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_TOKEN = re.compile(r"([DJHTM])\s*([+-])\s*([0-9]+)", re.IGNORECASE)
_TOKENS = re.compile(r"((?:[DJHTM]\s*[+-]\s*[0-9]+\s*)+)(.*)", re.IGNORECASE)
_SAME_UNIT = {"J": "D", "T": "H"}
_TOKEN_UNIT = {"D": 86400, "J": 86400, "H": 3600, "T": 3600, "M": 60}
_BLUEPRINT = re.compile(r"([+-])\s*(?:([0-9]+)\s+)?([0-9]{1,3}):([0-9]{2})(?::([0-9]{2}))?")
_CLOCK = re.compile(r"([0-9]{1,5}):([0-9]{2})(?::([0-9]{2}))?")
_CLOCK_H = re.compile(r"([0-9]{1,2})\s*h\s*([0-9]{2})", re.IGNORECASE)
_MILITARY = re.compile(r"([0-9]{2})([0-9]{2})")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?")
_UNIT_WORDS = (
    (re.compile(r"(?<=[0-9])\s*(weeks?|wks?)\b", re.IGNORECASE), "w"),
    (re.compile(r"(?<=[0-9])\s*(days?|jours?|j)\b", re.IGNORECASE), "d"),
    (re.compile(r"(?<=[0-9])\s*(hours?|hrs?)\b", re.IGNORECASE), "h"),
    (re.compile(r"(?<=[0-9])\s*(minutes?|mins?|mn)\b", re.IGNORECASE), "m"),
)
# Letters beside each duration unit on QWERTY and AZERTY keyboards: 'T+2x' was meant as 'T+2d'.
_NEIGHBOURS = {"d": "serfcxq", "h": "gyujnb", "m": "njk,l", "w": "qase<z"}
SIX_SECONDS = 6


class TimeError(ValueError):
    """A time that cannot be read; the message names it and, if it can, a correct spelling."""


class Clock(NamedTuple):
    """How clock times read: the start (T+0, UTC) and zone, and whether ``09:05`` is elapsed."""

    start: datetime | None
    zone: tzinfo
    elapsed_clock: bool = False


class SheetTime(NamedTuple):
    """A time read from a cell: seconds since T+0 (negative: before), and whether it was rounded."""

    seconds: int
    rounded: bool = False


def read_time(value: CellValue, clock: Clock) -> SheetTime | None:
    """Seconds since T+0 for a cell's value, or None for an empty cell.

    Raises TimeError with a did-you-mean when the text is not a time accord knows."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _exact(_seconds(value, clock))


def _exact(seconds: float) -> SheetTime:
    """Whole seconds, a multiple of 6; ``rounded`` when that moved the time by more than the
    float noise of hours (durations are kept in hours: 2m is 119.99999… s)."""
    six = SIX_SECONDS * round(seconds / SIX_SECONDS)
    return SheetTime(six, abs(six - seconds) > 1e-3)


def _seconds(value: CellValue, clock: Clock) -> float:
    if isinstance(value, bool):
        raise TimeError(f"expected a time such as 'T+2h' or '09:05', got {value}")
    if isinstance(value, datetime):
        return _since_start(_localise(value, clock.zone), clock, value.isoformat(sep=" "))
    if isinstance(value, date):
        return _since_start(_localise(datetime.combine(value, time()), clock.zone), clock, value.isoformat())
    if isinstance(value, time):
        return _clock_time(value, clock, value.isoformat())
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, (int, float)):
        return _bare_number(_number(value))
    return _text(str(value).strip(), clock)


def _bare_number(text: str) -> float:
    raise TimeError(f"a bare number ({text}) is ambiguous: write 'T+{text}h', 'T+{text}d' or a clock time")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(text: str, clock: Clock) -> float:
    for reader in (_tokens, _t_form, _blueprint, _clock_text, _iso):
        seconds = reader(text, clock)
        if seconds is not None:
            return seconds
    if _BARE.fullmatch(text):
        return _bare_number(text)
    raise TimeError(f"time '{text}' is not a time accord reads{_hint(text)}")


def _tokens(text: str, clock: Clock) -> float | None:
    """``D+2 H+3 M+45``, ``J+1``, ``M-5``, ``T+2``; after a day, a clock time: ``D+1 09:30``."""
    m = _TOKENS.fullmatch(text)
    if m is None:
        return None
    parts = _TOKEN.findall(m.group(1))
    rest = m.group(2).strip()
    if rest and parts[-1][0].upper() not in "DJ":
        return None
    units = [_SAME_UNIT.get(u.upper(), u.upper()) for u, _, _ in parts]
    if len(set(units)) != len(units):
        raise TimeError(f"time '{text}' gives the same unit twice")
    total = sum((-1 if s == "-" else 1) * int(n) * _TOKEN_UNIT[u.upper()] for u, s, n in parts)
    if not rest:
        return float(total)
    m_clock = _CLOCK.fullmatch(rest) or _CLOCK_H.fullmatch(rest)
    if m_clock is None:
        return None
    return total + _clock_time(_wall(m_clock, text), clock, text)


def _t_form(text: str, _clock: Clock) -> float | None:
    """``T+2d6h``, ``T-30m``; ``T+2.5`` is hours."""
    m = _T_FORM.fullmatch(text)
    if m is None:
        return None
    sign = -1 if m.group(1) == "-" else 1
    rest = re.sub(r"\s+", "", m.group(2))
    if _BARE.fullmatch(rest):
        return sign * float(rest.replace(",", ".")) * 3600
    try:
        return sign * duration_seconds(rest)
    except DurationError:
        raise TimeError(f"time '{text}' is not a duration{_hint(text)}") from None


def duration_seconds(text: str) -> float:
    """An accord duration (``2d6h``) in seconds (``read.durations`` reads whole seconds).
    Raises DurationError."""
    return float(parse_duration(text))


def _blueprint(text: str, _clock: Clock) -> float | None:
    """CMU SEI Blueprint's export: ``+ 02:03:04``, ``+ 1 02:03:04``, ``- 00:05:00``."""
    m = _BLUEPRINT.fullmatch(text)
    if m is None:
        return None
    h, mi, s = _parts(m.group(3), m.group(4), m.group(5), text, max_hours=None)
    total = int(m.group(2) or 0) * 86400 + h * 3600 + mi * 60 + s
    return float(-total if m.group(1) == "-" else total)


def _clock_text(text: str, clock: Clock) -> float | None:
    """``09:05``, ``9h05``, ``0905``: wall clock on the start date, or elapsed (Conducttr)."""
    m = _CLOCK.fullmatch(text) or _CLOCK_H.fullmatch(text) or _MILITARY.fullmatch(text)
    if m is None:
        return None
    if clock.elapsed_clock:
        h, mi, s = _parts(*_groups(m), text, max_hours=None)
        return float(h * 3600 + mi * 60 + s)
    return _clock_time(_wall(m, text), clock, text)


def _groups(m: re.Match[str]) -> tuple[str, str, str | None]:
    g = m.groups()
    return g[0], g[1], g[2] if len(g) > 2 else None


def _parts(h: str, mi: str, s: str | None, text: str, max_hours: int | None) -> tuple[int, int, int]:
    hours, minutes, seconds = int(h), int(mi), int(s or 0)
    if minutes >= 60 or seconds >= 60 or (max_hours is not None and hours > max_hours):
        limit = "hours 0-23, " if max_hours is not None else ""
        raise TimeError(f"'{text}' is not a clock time ({limit}minutes and seconds 0-59)")
    return hours, minutes, seconds


def _wall(m: re.Match[str], text: str) -> time:
    return time(*_parts(*_groups(m), text, max_hours=23))


def _clock_time(t: time, clock: Clock, text: str) -> float:
    if clock.elapsed_clock:
        return float(t.hour * 3600 + t.minute * 60 + t.second)
    start = _need_start(clock, text)
    day = start.astimezone(clock.zone).date()
    return _since_start(_localise(datetime.combine(day, t), clock.zone), clock, text)


def _iso(text: str, clock: Clock) -> float | None:
    if _ISO.fullmatch(text) is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise TimeError(f"'{text}' is not an ISO-8601 instant (e.g. 2026-03-01T09:05:00Z)") from None
    if when.tzinfo is None:
        when = _localise(when, clock.zone)
    return _since_start(when, clock, text)


def _localise(naive: datetime, zone: tzinfo) -> datetime:
    """``naive`` as a wall-clock time in ``zone``; a time skipped by a clock change is an error.

    A time that happens twice (clocks go back) is the first of the two (fold=0)."""
    if naive.tzinfo is not None:
        return naive
    aware = naive.replace(tzinfo=zone)
    back = aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if back != naive:
        raise TimeError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks go forward then"
        )
    return aware


def _since_start(when: datetime, clock: Clock, text: str) -> float:
    start = _need_start(clock, text)
    return (when - start).total_seconds()


def _need_start(clock: Clock, text: str) -> datetime:
    if clock.start is None:
        raise TimeError(f"time '{text}' is a date or clock time: give --start (T+0) and --tz to place it")
    return clock.start


def _hint(text: str) -> str:
    """`` (did you mean 'T+2d'?)`` when a small repair of ``text`` reads as a time."""
    readable = [c for c in _repairs(text) if _reads(c)]
    return suggestion(readable[0]) if readable else ""


def _reads(text: str) -> bool:
    try:
        _text(text, Clock(None, UTC, elapsed_clock=True))
    except TimeError:
        return False
    return True


def _repairs(text: str) -> list[str]:
    """Likely intended spellings, most likely first."""
    squeezed = re.sub(r"\s+", "", text)
    out = [squeezed]
    words = squeezed
    for pattern, unit in _UNIT_WORDS:
        words = pattern.sub(unit, words)
    out.append(words)
    out += [words.replace(",", ".")]
    body = re.sub(r"^[Tt]\s*", "", words)
    out += [f"T+{body}", f"T{body}"] if not body.startswith(("+", "-")) else [f"T{body}"]
    signed = f"T{body}" if body.startswith(("+", "-")) else f"T+{body}"
    out += [re.sub(r"([0-9]+):([0-9]{2})$", r"\1h\2m", signed)]
    out += _unit_typos(signed)
    return [c for c in dict.fromkeys(out) if c != text]


def _unit_typos(text: str) -> list[str]:
    """``T+2x`` → ``T+2d``: a letter after a number replaced by a unit beside it on the keyboard."""
    out = []
    for m in re.finditer(r"(?<=[0-9])([a-zA-Z,<])", text):
        letter = m.group(1).lower()
        for unit, near in _NEIGHBOURS.items():
            if letter in near:
                out.append(text[: m.start()] + unit + text[m.end():])
    return out
