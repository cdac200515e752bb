"""What the parts of a run (actions, responses, objectives) may use of the run itself.

``Simulation`` satisfies ``Run``; the parts are written against this protocol rather than
the class, so the simulation imports its parts and no part imports the simulation.
"""

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from engine.check.expressions import Context
from engine.check.world import Act, DecisionDef, EmitAct, ReleaseAct, StartAct, World
from engine.simulate.record import EventRecord
from engine.simulate.streams import Streams


class ResponseControl(Protocol):
    """What actions ask of a run's responses."""

    def start(self, name: str, participants: tuple[str, ...] | None, cause: int | None, delay: int) -> None:
        """Start a response ``delay`` ticks from now (SPEC §2.2)."""

    def stop(self, name: str, cause: int | None) -> None:
        """Stop the active instance of a response."""


class Run(Context, Protocol):
    """A run in progress, as its parts see it (and what its expressions read: ``Context``).
    Times are ticks since T+0; the records it fills hold hours (``to_hours`` of the tick)."""

    world: World
    streams: Streams | None  # None in a nominal run
    dirty: set[str]
    enabled: dict[str, bool]
    float_vars: set[str]
    pending: dict[int, tuple[int, str, str]]
    pending_after: float  # a tick, or -inf in a facilitated session

    @property
    def queue(self) -> list[Any]:
        """SimPy's queue of (tick, priority, id, fn, args), what ``at`` pushes to: a participant's
        step, the busiest path, pushes itself."""

    @property
    def ids(self) -> Iterator[int]:
        """SimPy's id counter (the queue entries' third item)."""

    @property
    def env(self) -> Any:
        """The SimPy environment (its ``_now`` is the clock)."""

    @property
    def responses(self) -> ResponseControl:
        """The run's responses."""

    def at(self, delay: int, fn: Callable[..., None], *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay`` ticks."""

    def late(self, delay: int, fn: Callable[..., None], *args: Any) -> None:
        """Like ``at``, after every ordinary event of that instant (a window's end)."""

    def deadline(self, delay: int, fn: Callable[..., None], *args: Any) -> None:
        """Like ``late``, after the window ends of that instant too (an objective's deadline)."""

    def expect(self, t: int, etype: str, source: str) -> int:
        """Register an event due at tick ``t``; a token to drop it from the pending list."""

    def emit(self, etype: str, payload: dict[str, Any], by: str | None, source: str,
             cause: int | None, delay: int = 0) -> None:
        """Schedule an event ``delay`` ticks from now."""

    def process(self, etype: str, by: str | None, payload: dict[str, Any], source: str,
                cause: int | None, hook: Callable[[EventRecord], None] | None = None) -> EventRecord:
        """Record and process an event now."""

    def delay(self, act: EmitAct | StartAct | ReleaseAct) -> int:
        """An action's ``after:`` in ticks (drawn from its own stream in a sampled run)."""

    def release_inject(self, inject: str, cause: int | None, delay: int = 0) -> bool:
        """Deliver a held inject ``delay`` ticks from now (a second release is a note)."""

    def note(self, text: str) -> None:
        """Put a line on the timeline."""

    def decide(self, d: DecisionDef, cause: int | None) -> None:
        """Resolve a decision."""

    def run_actions(self, acts: tuple[Act, ...], source: str, cause: int | None) -> None:
        """Run actions in order."""

    def recheck(self, cause: int | None, first: list[int] | None = None) -> None:
        """Re-check the edge rules until none fires."""
