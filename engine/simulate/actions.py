"""What each action does to a running simulation (SPEC §1.2): one function per verb,
dispatched by the compiled action's type. Module functions, not bound methods, so a run
holds no reference cycle through its action table."""

from collections.abc import Callable
from typing import Any

from engine.check.expr_types import MAX_EXACT
from engine.check.world import DecideAct, EmitAct, NoteAct, ReleaseAct, SetAct, StartAct, StopAct, SwitchAct
from engine.simulate.context import Run


def _set(sim: Run, a: SetAct, source: str, cause: int | None) -> None:
    value = a.value.fn(sim)
    state = sim.state
    if value is not None and a.add:
        value = state[a.var] + value
    if not _storable(value):  # a missing payload field, a division by zero, since() of a
        return  # never-seen event, or a number past ±2^53: leave the state alone
    if a.var in sim.float_vars:
        value = float(value)
    if state[a.var] != value or type(state[a.var]) is not type(value):
        state[a.var] = value
        sim.dirty.add(a.var)


def _emit(sim: Run, a: EmitAct, source: str, cause: int | None) -> None:
    # _storable, inlined: every emitted field passes here (NaN fails both comparisons); an
    # empty payload skips the comprehension, itself a call
    payload = {name: v for name, c in a.payload
               if (v := c.fn(sim)) is not None and (type(v) is str or -MAX_EXACT <= v <= MAX_EXACT)
               } if a.payload else {}
    after = a.after  # sim.delay's cases without a draw, inlined: every emit passes here
    if after is None:
        delay = 0
    elif after.kind == "fixed":
        delay = after.params[0]
    elif sim.streams is None:
        delay = after.nominal
    else:
        delay = sim.delay(a)
    sim.emit(a.type, payload, a.by, source, cause, delay)


def _storable(value: Any) -> bool:
    """Whether a computed value can be kept in the state or a payload (and so in
    results.json): not None, and a number only if finite and within ±2^53 (MAX_EXACT)."""
    return value is not None and (type(value) is str or -MAX_EXACT <= value <= MAX_EXACT)


def _start(sim: Run, a: StartAct, source: str, cause: int | None) -> None:
    sim.responses.start(a.response, a.participants, cause, sim.delay(a))


def _stop(sim: Run, a: StopAct, source: str, cause: int | None) -> None:
    sim.responses.stop(a.response, cause)


def _switch(sim: Run, a: SwitchAct, source: str, cause: int | None) -> None:
    sim.enabled[a.rule] = a.enabled


def _note(sim: Run, a: NoteAct, source: str, cause: int | None) -> None:
    sim.note(a.text)


def _decide(sim: Run, a: DecideAct, source: str, cause: int | None) -> None:
    sim.decide(sim.world.decisions[a.decision], cause)


def _release(sim: Run, a: ReleaseAct, source: str, cause: int | None) -> None:
    sim.release_inject(a.inject, cause, sim.delay(a))


ACTIONS: dict[type, Callable[[Run, Any, str, int | None], None]] = {
    SetAct: _set, EmitAct: _emit, StartAct: _start, StopAct: _stop,
    SwitchAct: _switch, NoteAct: _note, DecideAct: _decide, ReleaseAct: _release,
}
