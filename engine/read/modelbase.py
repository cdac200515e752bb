"""Shared pieces of the file models: the strict base class and typed scalar fields.

Every model forbids unknown keys (typo protection) and is frozen once loaded.
"""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from engine.read.durations import Distribution, parse_distribution, parse_duration

_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*(0|(\d+(\.\d+)?[mhdw])+)\s*$"},
        {"const": 0},
    ],
    "description": "A duration: 30m, 6h, 3d, 2w, 1d12h or 0.",
}
_DIST_SCHEMA = {
    "anyOf": [
        _DURATION_SCHEMA,
        {"type": "string", "pattern": r"^\s*(uniform|triangular|pert)\s*\(.*\)\s*$"},
    ],
    "description": "A duration, or uniform(a, b), triangular(min, mode, max), pert(min, mode, max).",
}


class InstantError(ValueError):
    """An ISO-8601 instant that reads well but cannot be a time of a run: outside the
    calendar in UTC, or with a fraction of a second."""


def _instant(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO-8601 instant such as 2026-03-01T00:00:00Z, got {value!r}")
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"invalid instant '{value}': use ISO-8601, e.g. 2026-03-01T00:00:00Z"
        ) from None
    if when.microsecond:
        raise InstantError(f"instant '{value}' has a fraction of a second: the clock counts whole seconds")
    try:
        return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        raise InstantError(f"instant '{value}' is outside the calendar (years 1 to 9999 in UTC)") from None


# A duration read as whole ticks (seconds): the engine's clock unit (SPEC §2.1).
Ticks = Annotated[int, PlainValidator(parse_duration), WithJsonSchema(_DURATION_SCHEMA)]
Dist = Annotated[Distribution, PlainValidator(parse_distribution), WithJsonSchema(_DIST_SCHEMA)]
Instant = Annotated[
    datetime,
    PlainValidator(_instant),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
Scalar = bool | int | float | str
SEED_LIMIT = 2**53  # results.json carries the seed; beyond ±2^53 a JSON reader may read another number


def _seed(value: int) -> int:
    if not -SEED_LIMIT <= value <= SEED_LIMIT:
        raise ValueError(f"a seed is a whole number within ±2^53 ({SEED_LIMIT:,}), so that results.json keeps it "
                         "exact")
    return value


Seed = Annotated[int, AfterValidator(_seed)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Source = Annotated[
    str | None,
    Field(description="Provenance: the text, law or estimate this item rests on."),
]
Meta = Annotated[dict[str, Any] | None, Field(description="Free-form data, kept as is.")]


class Model(BaseModel):
    """Base of every file model: unknown keys are errors (except under ``meta``), values are frozen."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=True,
        strict=True,
        # Validators are built on first use: `accord validate` of a pack never builds the
        # scenario models, and start-up stays short.
        defer_build=True,
    )

    meta: Meta = None


def _new_list() -> list[Any]:
    return []


def _new_dict() -> dict[str, Any]:
    return {}


# Pydantic inspects a default factory's signature when it builds a validator; for the
# builtins `list` and `dict` that means tokenizing their text signatures (~4 ms the first
# time, compiling tokenize's patterns). Plain functions have a signature ready.
_FACTORIES: dict[Any, Callable[[], Any]] = {list: _new_list, dict: _new_dict}


def describe(text: str, **kwargs: Any) -> Any:
    """A pydantic Field with a description (shown by `accord schema` in editors)."""
    if "default_factory" in kwargs:
        kwargs["default_factory"] = _FACTORIES.get(kwargs["default_factory"], kwargs["default_factory"])
    return Field(description=text, **kwargs)
