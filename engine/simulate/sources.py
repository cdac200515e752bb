"""The random sources of a World and their stream keys (SPEC §2.3), worked out once per World.

Which draws a source owns is described in ``engine.simulate.streams``; this module names
the sources of rules, decisions and action delays. Procedure steps and phases are named
with each response's participant plans (``engine.simulate.responses``).
"""

from dataclasses import dataclass

from engine.check.world import Act, EmitAct, ReleaseAct, StartAct, World
from engine.simulate.sampling import Sampler, sampler
from engine.simulate.streams import stream_key


@dataclass(frozen=True)
class SourceKeys:
    """Stream keys of a World's rules' chances, decisions and random action delays."""

    chances: dict[str, int]  # rule id → key of its chance
    decisions: dict[str, int]  # decision id → key of its resolutions
    delays: dict[int, tuple[int, Sampler]]  # id() of an action with a random `after:` → its key and sampler


DELAYABLE = (EmitAct, StartAct, ReleaseAct)  # the actions that take `after:`
_KEYS: dict[int, tuple[World, SourceKeys]] = {}


def source_keys(world: World) -> SourceKeys:
    """The keys of ``world``'s sources, built on first use and kept with the world."""
    hit = _KEYS.get(id(world))
    if hit is not None and hit[0] is world:
        return hit[1]
    delays: dict[int, tuple[int, Sampler]] = {}
    for rule in world.rules:
        _delays(rule.then, f"rule:{rule.id}", delays)
    for d in world.decisions.values():
        for option, acts in d.options.items():
            _delays(acts, f"decision:{d.id}:{option}", delays)
    for o in world.objectives:
        _delays(o.actions, f"objective:{o.id}", delays)
    keys = SourceKeys(
        chances={r.id: stream_key("chance", r.id) for r in world.rules if r.chance is not None},
        decisions={d: stream_key("decision", d) for d in world.decisions},
        delays=delays,
    )
    if len(_KEYS) >= 256:  # worlds come and go in tests and tools; keep the cache small
        _KEYS.clear()
    _KEYS[id(world)] = (world, keys)  # the world is kept so its id cannot be reused meanwhile
    return keys


def _delays(acts: tuple[Act, ...], owner: str, out: dict[int, tuple[int, Sampler]]) -> None:
    """Keys of the random delays in an action list: ``after/<owner>/<j>`` for the j-th (from 0)
    action of the list that takes ``after:`` (emit, start, release), whether or not its delay is
    random, so other actions around it never change its key."""
    delayable = [a for a in acts if isinstance(a, DELAYABLE)]
    for j, act in enumerate(delayable):
        draw = None if act.after is None else sampler(act.after)
        if draw is not None:
            out[id(act)] = (stream_key("after", owner, str(j)), draw)
