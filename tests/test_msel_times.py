"""Time notations of spreadsheet MSELs: each one read, each mistake explained, DST handled."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from engine.read.msel.time_formats import blueprint_offset, clock_offset, format_offset, parse_offset, token_offset
from engine.read.msel.times import Clock, TimeError, read_time

PARIS = ZoneInfo("Europe/Paris")
START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # 09:00 in Paris (CET, UTC+1)
WALL = Clock(START, PARIS)
ELAPSED = Clock(None, UTC, elapsed_clock=True)


def seconds(value: object, clock: Clock = WALL) -> int:
    found = read_time(value, clock)  # type: ignore[arg-type]
    assert found is not None
    return found.seconds


@pytest.mark.parametrize(("text", "expected"), [
    ("T+0", 0),
    ("T+2d6h", 2 * 86400 + 6 * 3600),
    ("T+1d12h30m", 86400 + 12 * 3600 + 30 * 60),
    ("T-30m", -1800),
    ("t+3h", 3 * 3600),
    ("T+2d 6h", 2 * 86400 + 6 * 3600),
])
def test_accord_durations_after_t(text, expected):
    """`T+` followed by an accord duration is that long after T+0 (`T-`: before)."""
    assert seconds(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("T+2", 7200), ("T-1", -3600), ("T+1,5", 5400), ("T+2.5", 9000)])
def test_a_bare_number_after_t_is_hours(text, expected):
    """`T+2` is two hours, as OpenAEV's T (= hour) reads it; a decimal comma works too."""
    assert seconds(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("D+2 H+3 M+45", 2 * 86400 + 3 * 3600 + 45 * 60),
    ("J+1", 86400),
    ("M-5", -300),
    ("H+3", 3 * 3600),
    ("D+1 H-2", 86400 - 7200),
])
def test_relative_tokens(text, expected):
    """OpenAEV's D (or French J) days, H (or T) hours, M minutes, each signed."""
    assert seconds(text) == expected


def test_a_relative_day_then_a_clock_time():
    """`D+1 09:30` is 09:30 on the day after the start's date (here 00:30 after T+0 + 1 day)."""
    assert seconds("D+1 09:30") == 86400 + 30 * 60


@pytest.mark.parametrize(("text", "expected"), [
    ("+ 02:03:04", 2 * 3600 + 3 * 60 + 6),  # seconds rounded to 6 s
    ("+ 1 02:03:00", 86400 + 2 * 3600 + 180),
    ("- 00:05:00", -300),
])
def test_blueprints_export_notation(text, expected):
    """CMU SEI Blueprint writes `+ 1 02:03:04` (days, then h:mm:ss) in its Time column."""
    assert seconds(text) == expected


@pytest.mark.parametrize("text", ["09:05", "9h05", "0905", "09:05:00"])
def test_clock_times_are_wall_clock_on_the_start_date(text):
    """`09:05` in Paris is 5 minutes after a 09:00 (Paris) start."""
    assert seconds(text) == 300


def test_a_clock_time_before_the_start_is_negative():
    """08:55 with a 09:00 start is five minutes before T+0."""
    assert seconds("08:55") == -300


@pytest.mark.parametrize(("text", "expected"), [("01:30", 5400), ("26:05", 26 * 3600 + 300), ("00:00:30", 30)])
def test_clock_times_are_elapsed_where_the_profile_says_so(text, expected):
    """Conducttr's Time is a 24-hour clock relative to the start: hours may pass 23."""
    assert seconds(text, ELAPSED) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-03-02T09:05:00Z", 3900),  # UTC
    ("2026-03-02T10:05:00+01:00", 3900),
    ("2026-03-02 10:05", 3900),  # no zone: read in --tz (Paris)
    (datetime(2026, 3, 2, 10, 5), 3900),  # a date cell: local time in --tz
    (time(9, 5), 300),  # a time cell: a clock time
    (timedelta(hours=26), 26 * 3600),  # an [h]:mm cell: elapsed
])
def test_instants_and_spreadsheet_cells(value, expected):
    """ISO instants and a workbook's date, time and duration cells."""
    assert seconds(value) == expected


def test_empty_cells_have_no_time():
    """An empty cell is no time at all, not T+0."""
    assert read_time(None, WALL) is None
    assert read_time("  ", WALL) is None


@pytest.mark.parametrize(("text", "hint"), [
    ("T+2x", "T+2d"),
    ("T+2 days", "T+2d"),
    ("T+10 minutes", "T+10m"),
    ("T+2hrs", "T+2h"),
    ("+2d", "T+2d"),
    ("2d", "T+2d"),
    ("T 2d", "T+2d"),
    ("T+1:30", "T+1h30m"),
])
def test_misspelt_times_get_a_did_you_mean(text, hint):
    """The error names the time and the spelling accord would read."""
    with pytest.raises(TimeError, match=rf"'{__import__('re').escape(text)}'.*did you mean '{__import__('re').escape(hint)}'"):
        read_time(text, WALL)


@pytest.mark.parametrize("value", [5, 0.375, "5"])
def test_a_bare_number_is_ambiguous(value):
    """A number alone could be hours, days or a time fraction: refused, with the fix."""
    with pytest.raises(TimeError, match=r"bare number .* ambiguous.*'T\+"):
        read_time(value, WALL)


def test_clock_times_need_a_start():
    """Without --start, 09:05 cannot be placed."""
    with pytest.raises(TimeError, match="--start"):
        read_time("09:05", Clock(None, UTC))


def test_a_time_skipped_by_the_clocks_going_forward_is_refused():
    """02:30 on 29 March 2026 does not exist in Paris (clocks go from 02:00 to 03:00)."""
    clock = Clock(datetime(2026, 3, 28, 23, 0, tzinfo=UTC), PARIS)  # 00:00 Paris, 29 March
    with pytest.raises(TimeError, match="does not exist in Europe/Paris"):
        read_time("02:30", clock)
    assert seconds("03:30", clock) == 2 * 3600 + 30 * 60  # 03:30 CEST is 01:30 UTC


def test_a_time_repeated_by_the_clocks_going_back_is_the_first():
    """02:30 on 25 October 2026 happens twice in Paris: accord takes the first (CEST)."""
    clock = Clock(datetime(2026, 10, 24, 22, 0, tzinfo=UTC), PARIS)  # 00:00 CEST
    assert seconds("02:30", clock) == 2 * 3600 + 30 * 60


@pytest.mark.parametrize("text", ["25:00", "09:65"])
def test_wall_clock_times_must_be_on_the_clock(text):
    """A wall-clock time has hours 0-23 and minutes 0-59."""
    with pytest.raises(TimeError, match="not a clock time"):
        read_time(text, WALL)


def test_seconds_are_rounded_to_six():
    """Accord's durations hold tenths of a minute: 20 s is kept as 18 s, and said so."""
    found = read_time("+ 00:00:20", WALL)
    assert found is not None
    assert (found.seconds, found.rounded) == (18, True)


@pytest.mark.parametrize(("s", "t_plus", "tokens", "clock", "blueprint"), [
    (0, "T+0", "D+0 H+0 M+0", "00:00", "+ 00:00:00"),
    (93900, "T+1d2h5m", "D+1 H+2 M+5", "26:05", "+ 1 02:05:00"),
    (3630, "T+1h0.5m", "T+1h0.5m", "01:00:30", "+ 01:00:30"),
])
def test_export_formats(s, t_plus, tokens, clock, blueprint):
    """Each platform's notation of a time, and each reads back to the same seconds."""
    assert (format_offset(s), token_offset(s), clock_offset(s), blueprint_offset(s)) == (t_plus, tokens, clock, blueprint)
    assert parse_offset(t_plus) == s
    for text in (tokens, blueprint):
        assert seconds(text) == s
    assert seconds(clock, ELAPSED) == s


@pytest.mark.parametrize("minutes", range(1, 200))
def test_whole_minutes_are_never_said_to_be_rounded(minutes):
    """2m is 119.99999… s in hours: exact all the same, no warning."""
    found = read_time(f"T+{minutes}m", WALL)
    assert found is not None
    assert (found.seconds, found.rounded) == (minutes * 60, False)
