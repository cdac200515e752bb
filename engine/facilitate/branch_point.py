"""Where a facilitated session stands, as a run to branch from (issue 18).

The journal is replayed, with the session's own seed, files and draws, to its last entry;
the run is then detached from the facilitator (``simulate.branch``). Two cases:

- **nothing waiting**: the state after the last journaled command is the branch point;
- **a decision waiting** for the facilitator's ``decide``: the engine asked it in the middle
  of an event, which cannot be copied half done. So the decision is answered with each
  option in turn (one replay per option), the event that raised it is finished with the
  session's own draws (as the session would, whichever option the facilitator takes), and
  the state after that event is the branch point of that option.

``origin`` is the branch point at T+0: the session's World prepared and nothing played.
"""

import contextlib
from dataclasses import dataclass

from engine.check.world import DecisionDef, World
from engine.facilitate.feed import Feed, Line
from engine.facilitate.journal import Entry
from engine.facilitate.session import Session
from engine.simulate.branch import detach
from engine.simulate.simulation import Simulation


class _Waiting(Exception):  # noqa: N818 - a signal, not an error
    """The journal ends with a decision waiting."""

    def __init__(self, decision: DecisionDef) -> None:
        super().__init__(decision.id)
        self.decision = decision


class _AtBranch(Exception):  # noqa: N818 - a signal, not an error
    """The event that raised the waiting decision is finished: the branch point."""


class _Replay(Session):
    """A session fed the journal alone; what it does when the journal runs out depends on
    whether a decision is waiting (``_read``) and on the option to take (``option``)."""

    def __init__(self, world: World, seed: int, nominal: bool, option: str | None) -> None:
        super().__init__(world, seed=seed, nominal=nominal, strict_replay=True)
        self.option = option
        self.decided_before: int | None = None  # decisions resolved before the waiting one

    def _read(self) -> Line:
        if self._feed.replaying or self._rebuild:  # the journal, and the actions an undo in it gives again
            return super()._read()
        waiting = self.waiting
        if waiting is None:
            raise _Ended
        if self.option is None:
            raise _Waiting(waiting)
        self.decided_before = len(self.sim.decisions)
        return Line(f"decide {waiting.id} {self.option}")

    def _step(self) -> None:
        super()._step()
        if self.decided_before is not None:
            raise _AtBranch


class _Ended(Exception):  # noqa: N818 - a signal, not an error
    """The journal ends with nothing waiting."""


@dataclass
class BranchPoint:
    """A session's state to branch from: one run per option of a waiting decision, else one."""

    clock_h: float  # the session's time (hours after T+0)
    runs: dict[str | None, Simulation]  # option → its run, detached (None: nothing waiting)
    waiting: DecisionDef | None = None
    decided_before: int = 0  # decisions the session resolved before the branch


def replay(world: World, seed: int, nominal: bool, entries: list[Entry]) -> BranchPoint:
    """Replay the journal's ``entries`` and return where the session stands (InputError at a
    journal line that no longer replays)."""
    session = _Replay(world, seed, nominal, None)
    try:
        _run(session, entries)
    except _Waiting as waiting:
        return _options(world, seed, nominal, entries, waiting.decision)
    detach(session.sim)
    return BranchPoint(session.clock, {None: session.sim}, None, len(session.sim.decisions))


def _options(world: World, seed: int, nominal: bool, entries: list[Entry], d: DecisionDef) -> BranchPoint:
    """One replay per option of the waiting decision, each stopped after the event that raised it."""
    runs: dict[str | None, Simulation] = {}
    clock, before = 0.0, 0
    for option in d.options:
        session = _Replay(world, seed, nominal, option)
        with contextlib.suppress(_AtBranch):  # stopped after the event that raised the decision
            _run(session, entries)
        detach(session.sim)
        runs[option] = session.sim
        clock, before = session.clock, session.decided_before or 0
    return BranchPoint(clock, runs, d, before)


def origin(world: World, seed: int, nominal: bool) -> Simulation:
    """The branch point at T+0: the World prepared (injects scheduled, clocks started)."""
    sim = _Replay(world, seed, nominal, None).sim
    detach(sim)
    return sim


def _run(session: _Replay, entries: list[Entry]) -> None:
    with contextlib.suppress(_Ended):
        session.run(Feed(entries, lambda: None))
