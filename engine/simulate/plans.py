"""Participant plans of a response, shared by the runs of a World, and the per-run block of
their draws.

A response started with given participants has a ``Shape``: its lifecycle event names and,
per participant, the steps it runs (procedure, then phases), each step's stream key and the
sampler that turns a uniform into its duration. Shapes are worked out once per World.

Every step of every participant draws once per instance (``engine.simulate.streams``). The
draws of the *first* instance of every response with its own participants are made for a
whole run at once, in one numpy pass over the World's step counters, the first time a
sampled run starts a response: a step draw costs ~0.5 µs of Python integer arithmetic, the
pass ~20 ns. The pass gives exactly the numbers the one-at-a-time formula gives (tested);
later instances and responses started with other participants draw one at a time.
"""

from dataclasses import dataclass, field
from typing import Any

from engine.check.expressions import LIFECYCLE
from engine.check.world import ResponseDef, StepDef, World
from engine.simulate.sampling import Sampler, sampler
from engine.simulate.streams import MIX1, MIX2, counter, stream_key


@dataclass(frozen=True)
class Plan:
    """One participant's plan: its steps (procedure then phases), their keys and samplers."""

    actor: str
    steps: tuple[StepDef, ...]
    n_procedure: int
    keys: tuple[int, ...]  # per step: its stream key
    samplers: tuple[Sampler | None, ...]  # per step: duration from a uniform (None: fixed)


@dataclass
class Shape:
    """What every instance of a response with given participants shares."""

    types: dict[str, str]
    source: str
    plans: tuple[Plan, ...]
    block_start: int = -1  # where its first instance's draws start in the world's block (-1: none)
    by_instance: dict[int, tuple[tuple[int, ...], ...]] = field(default_factory=dict)

    def counters(self, number: int) -> tuple[tuple[int, ...], ...]:
        """Per participant and step, ``counter(key, number)`` (streams): the same in every run,
        so worked out once per instance number."""
        out = self.by_instance.get(number)
        if out is None:
            out = self.by_instance[number] = tuple(tuple(counter(k, number) for k in p.keys) for p in self.plans)
        return out


def shape(world: World, d: ResponseDef, participants: tuple[str, ...] | None) -> Shape:
    """The shape of ``d`` started with ``participants`` (None: its own), built on first use."""
    cache = _cache(world)
    made = cache.shapes.get((d.id, participants))
    if made is not None:
        return made
    plans = []
    for actor in d.participants if participants is None else participants:
        steps = world.procedures.get((actor, d.authority), ()) if d.authority else ()
        plan = steps + d.phases
        plans.append(Plan(actor, plan, len(steps), _keys(d.id, actor, len(steps), len(d.phases)),
                          tuple(sampler(s.duration) for s in plan)))
    made = Shape({what: f"{d.id}.{what}" for what in LIFECYCLE}, f"response:{d.id}", tuple(plans))
    cache.shapes[(d.id, participants)] = made
    if participants is None:
        _block(world)  # gives the shape its place in the block
    return made


def _keys(response: str, actor: str, n_steps: int, n_phases: int) -> tuple[int, ...]:
    """Stream keys of a participant's plan: ``step/<response>/<actor>/<k>`` for procedure
    step k, ``phase/<response>/<actor>/<j>`` for phase j, so adding a procedure step never
    moves a phase's draws."""
    steps = [stream_key("step", response, actor, str(k)) for k in range(n_steps)]
    return (*steps, *(stream_key("phase", response, actor, str(j)) for j in range(n_phases)))


@dataclass
class _Block:
    """The counters of the first instance of every response with its own participants."""

    counters: list[int] = field(default_factory=list)
    array: Any = None  # the same as numpy uint64, made on the first sampled run


@dataclass
class _WorldCache:
    """A World's shapes and block, kept together: a shape's ``block_start`` is its place in
    this block, so the two must never be dropped one without the other (a shape rebuilt
    against a block kept from before would not know its place)."""

    world: World  # kept so its id cannot be reused while the entry lives
    shapes: dict[tuple[str, tuple[str, ...] | None], Shape] = field(default_factory=dict)
    block: _Block | None = None


_CACHES: dict[int, _WorldCache] = {}


def _cache(world: World) -> _WorldCache:
    """The cache of ``world``, made on first use (at most 64 worlds: they come and go in tests
    and tools)."""
    hit = _CACHES.get(id(world))
    if hit is not None and hit.world is world:
        return hit
    if len(_CACHES) >= 64:
        _CACHES.clear()
    made = _CACHES[id(world)] = _WorldCache(world)
    return made


def _block(world: World) -> _Block:
    """The world's block (each shape's ``block_start`` set to its place), built once per world."""
    cache = _cache(world)
    if cache.block is not None:
        return cache.block
    block = cache.block = _Block()  # first: the shapes made below find it and stop here
    for d in world.responses.values():
        made = shape(world, d, None)
        made.block_start = len(block.counters)
        for row in made.counters(1):
            block.counters.extend(row)
    return block


def block_draws(world: World, base: int) -> list[float]:
    """Every first-instance step draw of a run whose streams' base is ``base``, as uniforms:
    for the step at block position j, the approval's (low 32 bits) at ``2j`` and the
    duration's (high 32 bits) at ``2j + 1``."""
    import numpy as np  # noqa: PLC0415 - only sampled runs that start a response need it

    block = _block(world)
    if block.array is None:
        block.array = np.array(block.counters, dtype="<u8")
    z: Any = block.array ^ np.uint64(base)
    z ^= z >> np.uint64(30)
    z *= np.uint64(MIX1)  # uint64 arithmetic wraps modulo 2**64, as the Python formula masks
    z ^= z >> np.uint64(27)
    z *= np.uint64(MIX2)
    z ^= z >> np.uint64(31)
    z = z.astype("<u8", copy=False)  # little-endian bytes (a no-op on most machines), so the low half comes first
    halves: list[float] = (z.view("<u4").astype(np.float64) * 2.0**-32).tolist()
    return halves
