"""Durations and distributions: parsing into ticks (seconds), nominal values, sampling bounds,
and the one rule for showing times (truncated to the minute)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.read.durations import (
    DurationError,
    format_hours,
    format_ticks,
    parse_distribution,
    parse_duration,
    parse_hours,
    to_hours,
    to_ticks,
)

H = 3600


@pytest.mark.parametrize(
    ("text", "ticks"),
    [("30m", 1800), ("6h", 6 * H), ("3d", 72 * H), ("2w", 336 * H), ("1d12h", 36 * H), ("0", 0), (0, 0),
     ("1.5d", 36 * H), ("0.5m", 30), ("1.25h", 4500)],
)
def test_durations_in_ticks(text, ticks):
    """Each unit converts to whole ticks of one second, decimals exactly."""
    assert parse_duration(text) == ticks
    assert isinstance(parse_duration(text), int)


def test_a_fraction_of_a_second_is_refused():
    """A duration must be a whole number of seconds: the clock counts them (SPEC §2.1)."""
    with pytest.raises(DurationError, match="whole number of seconds"):
        parse_duration("0.01m")


def test_hours_helper():
    """parse_hours gives hours for tools that work in them."""
    assert parse_hours("1d12h") == 36.0


@given(st.integers(0, 100 * 8766 * H))
def test_hours_name_their_tick(ticks):
    """to_ticks undoes to_hours, also after the six-decimal rounding of results.json."""
    assert to_ticks(to_hours(ticks)) == ticks
    assert to_ticks(round(to_hours(ticks), 6)) == ticks


def test_minutes_add_up_exactly():
    """Three 6-minute steps are exactly 18 minutes; 13m + 1427m is exactly 1d."""
    assert 3 * parse_duration("6m") == parse_duration("18m")
    assert parse_duration("13m") + parse_duration("1427m") == parse_duration("1d")


@pytest.mark.parametrize(("text", "message"), [(5, "bare number"), ("5", "bare number"), ("-2d", "negative"), ("3 days", "invalid duration"), (True, "expected a duration")])
def test_bad_durations(text, message):
    """Bare numbers, negatives and words are refused with a reason."""
    with pytest.raises(DurationError, match=message):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "nominal"),
    [("3d", 72 * H), ("uniform(1d, 3d)", 48 * H), ("triangular(1d, 2d, 10d)", 48 * H), ("pert(2d, 3d, 10d)", 72 * H),
     ("uniform(0, 1m)", 30), ("uniform(0, 0.5m)", 15)],
)
def test_nominal_values(text, nominal):
    """fixed → itself, uniform → midpoint, triangular and pert → mode."""
    assert parse_distribution(text).nominal == nominal


@pytest.mark.parametrize("text", ["pert(3d, 1d, 10d)", "uniform(1d)", "pert(1d, 2d)", "uniform(2d, 1d)"])
def test_bad_distributions(text):
    """Wrong arity or order is refused."""
    with pytest.raises(DurationError):
        parse_distribution(text)


def test_format_hours_round_trips():
    """format_hours writes compact durations."""
    assert [format_hours(h) for h in (0, 36, 0.5, 170)] == ["0", "1d12h", "30m", "7d2h"]


def test_times_shown_are_truncated_to_the_minute():
    """A time shown to people is truncated to its minute, never rounded up: 9h37m59s is 9h37m."""
    assert format_ticks(9 * H + 37 * 60 + 59) == "9h37m"
    assert format_ticks(59) == "0"
    assert format_hours(to_hours(5 * 24 * H + 9 * H + 37 * 60 + 30)) == "5d9h37m"
    assert format_ticks(-90) == "-1m"
