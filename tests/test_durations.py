"""Durations and distributions: parsing, nominal values, sampling bounds."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.read.durations import DurationError, format_hours, parse_distribution, parse_duration


@pytest.mark.parametrize(
    ("text", "hours"),
    [("30m", 0.5), ("6h", 6.0), ("3d", 72.0), ("2w", 336.0), ("1d12h", 36.0), ("0", 0.0), (0, 0.0), ("1.5d", 36.0)],
)
def test_durations_in_hours(text, hours):
    """Each unit converts to hours."""
    assert parse_duration(text) == hours


@pytest.mark.parametrize(("text", "message"), [(5, "bare number"), ("5", "bare number"), ("-2d", "negative"), ("3 days", "invalid duration"), (True, "expected a duration")])
def test_bad_durations(text, message):
    """Bare numbers, negatives and words are refused with a reason."""
    with pytest.raises(DurationError, match=message):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "nominal"),
    [("3d", 72.0), ("uniform(1d, 3d)", 48.0), ("triangular(1d, 2d, 10d)", 48.0), ("pert(2d, 3d, 10d)", 72.0)],
)
def test_nominal_values(text, nominal):
    """fixed → itself, uniform → midpoint, triangular and pert → mode."""
    assert parse_distribution(text).nominal == nominal


@pytest.mark.parametrize("text", ["pert(3d, 1d, 10d)", "uniform(1d)", "pert(1d, 2d)", "uniform(2d, 1d)"])
def test_bad_distributions(text):
    """Wrong arity or order is refused."""
    with pytest.raises(DurationError):
        parse_distribution(text)


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["uniform", "triangular", "pert"]),
    values=st.lists(st.integers(0, 500), min_size=3, max_size=3),
    seed=st.integers(0, 2**32),
)
def test_samples_stay_within_bounds(kind, values, seed):
    """Every draw lies between the distribution's min and max."""
    low, mode, high = sorted(values)
    args = f"{low}h, {high}h" if kind == "uniform" else f"{low}h, {mode}h, {high}h"
    dist = parse_distribution(f"{kind}({args})")
    rng = random.Random(seed)
    for _ in range(20):
        assert low <= dist.sample(rng) <= high


def test_format_hours_round_trips():
    """format_hours writes compact durations."""
    assert [format_hours(h) for h in (0, 36, 0.5, 170)] == ["0", "1d12h", "30m", "7d2h"]


@pytest.mark.parametrize(("text", "mean"), [
    ("uniform(0h, 100h)", 50.0),
    ("triangular(0h, 10h, 100h)", 110 / 3),
    ("pert(0h, 10h, 100h)", (0 + 4 * 10 + 100) / 6),
])
def test_sample_means_follow_the_distribution(text, mean):
    """5,000 seeded draws average to the distribution's mean (the mode is used, not ignored)."""
    dist = parse_distribution(text)
    rng = random.Random(1)
    draws = [dist.sample(rng) for _ in range(5000)]
    assert abs(sum(draws) / len(draws) - mean) < 1.5
