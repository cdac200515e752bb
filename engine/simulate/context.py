"""What the parts of a run (actions, responses, objectives) may use of the run itself.

``Simulation`` satisfies ``Run``; the parts are written against this protocol rather than
the class, so the simulation imports its parts and no part imports the simulation.
"""

import random
from collections.abc import Callable
from typing import Any, Protocol

from engine.check.expressions import Context
from engine.check.world import Act, DecisionDef, World
from engine.simulate.record import EventRecord


class ResponseControl(Protocol):
    """What actions ask of a run's responses."""

    def start(self, name: str, participants: tuple[str, ...] | None, cause: int | None, delay: float) -> None:
        """Start a response ``delay`` hours from now (SPEC §2.2)."""

    def stop(self, name: str, cause: int | None) -> None:
        """Stop the active instance of a response."""


class Run(Context, Protocol):
    """A run in progress, as its parts see it (and what its expressions read: ``Context``).
    Times are hours since T+0."""

    world: World
    rng: random.Random | None
    dirty: set[str]
    enabled: dict[str, bool]
    float_vars: set[str]
    pending: dict[int, tuple[float, str, str]]
    pending_after: float

    @property
    def env(self) -> Any:
        """The SimPy environment (its ``_now`` is the clock)."""

    @property
    def responses(self) -> ResponseControl:
        """The run's responses."""

    def at(self, delay: float, fn: Callable[..., None], *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay`` hours."""

    def late(self, delay: float, fn: Callable[..., None], *args: Any) -> None:
        """Like ``at``, after every ordinary event of that instant."""

    def expect(self, t: float, etype: str, source: str) -> int:
        """Register an event due at ``t``; a token to drop it from the pending list."""

    def emit(self, etype: str, payload: dict[str, Any], by: str | None, source: str,
             cause: int | None, delay: float = 0.0) -> None:
        """Schedule an event ``delay`` hours from now."""

    def process(self, etype: str, by: str | None, payload: dict[str, Any], source: str,
                cause: int | None, hook: Callable[[EventRecord], None] | None = None) -> EventRecord:
        """Record and process an event now."""

    def note(self, text: str) -> None:
        """Put a line on the timeline."""

    def decide(self, d: DecisionDef, cause: int | None) -> None:
        """Resolve a decision."""

    def run_actions(self, acts: tuple[Act, ...], source: str, cause: int | None) -> None:
        """Run actions in order."""

    def recheck(self, cause: int | None, first: list[int] | None = None) -> None:
        """Re-check the edge rules until none fires."""
