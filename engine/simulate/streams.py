"""Common random numbers (SPEC §2.3): every random source of a run draws from its own stream.

A source is named by what it is — ``step/<response>/<actor>/<k>`` (the duration of procedure
step k of an actor in a response), ``approval/…`` of the same step, ``phase/<response>/<actor>/<j>``,
``chance/<rule>``, ``decision/<decision>``, ``after/<owner>/<j>`` (the delay of the j-th
action of a rule, ``decision:<id>:<option>`` or ``objective:<id>``). Its name hashes to a
stable 64-bit **key** (BLAKE2b, 8 bytes, big-endian; never Python's ``hash()``, which changes
from process to process), worked out once per World.

The n-th draw of a source in instance i (of a response; 0 for other sources) of a run with
seed S is one 64-bit number, all arithmetic modulo 2**64::

    base = mix(S + GOLDEN)                                   # once per run
    z    = mix(base XOR (key + i * INSTANCE + (n + 1) * GOLDEN))

A source with one value (a chance, a decision, a delay) takes the uniform ``(z >> 11) / 2**53``
in [0, 1). A procedure step or phase draws once per instance (n = 0) and takes two: its
duration from the high 32 bits, ``(z >> 32) / 2**32``, and its approval from the low 32 bits,
``(z mod 2**32) / 2**32`` (a resolution of 2.3e-10, far below a second of any duration).

``mix`` is SplitMix64's finaliser (Stafford's "Mix13"), a bijection of 64-bit numbers, so
distinct counters (the part in parentheses) give distinct draws in a run, and ``base``, itself
mixed from the seed, makes them a different sequence in every run. The counter does not
depend on the run, so the engine works it out once per step of a response plan and instance
number, leaving one XOR and one ``mix`` per draw. Nothing depends on how many draws other
sources made: a variant that changes one source leaves every other source's draws as they
were, and replication i of every variant of a sweep plays with the same seed.

Each value is then read from its one uniform by the inverse of its distribution
(``engine.simulate.sampling``). A ``random.Random`` per source was measured at ~5 µs to
seed, too slow for hundreds of sources per replication; one draw here costs ~0.4 µs of
Python integer arithmetic, so the steps of every response's first instance are drawn for a
whole run in one numpy pass (``engine.simulate.plans``), with the same numbers.
"""

import hashlib

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15  # SplitMix64's increment (2**64 / golden ratio, odd)
INSTANCE = 0xD1B54A32D192ED03  # an odd constant that spreads instance numbers far apart
TO_UNIT = 2.0**-53
MIX1, MIX2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB  # the finaliser's multipliers
HALF = (1 << 32) - 1  # the low 32 bits
TO_HALF = 2.0**-32


def stream_key(*parts: str) -> int:
    """The stable 64-bit key of a source named by ``parts`` (joined with ``/``)."""
    digest = hashlib.blake2b("/".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def mix(z: int) -> int:
    """SplitMix64's finaliser: a 64-bit integer to a well-mixed 64-bit integer."""
    z = (z ^ (z >> 30)) * MIX1 & MASK
    z = (z ^ (z >> 27)) * MIX2 & MASK
    return z ^ (z >> 31)


def counter(key: int, instance: int = 0, n: int = 0) -> int:
    """``key + i * INSTANCE + (n + 1) * GOLDEN``: what draw n of a source in instance i mixes with the run's base."""
    return (key + instance * INSTANCE + (n + 1) * GOLDEN) & MASK


class Streams:
    """The random streams of one run, derived from its seed alone."""

    __slots__ = ("base", "counts")

    def __init__(self, seed: int) -> None:
        self.base = mix((seed + GOLDEN) & MASK)
        self.counts: dict[int, int] = {}  # draws made so far by the sources counted per run

    def uniform(self, key: int, instance: int = 0, n: int = 0) -> float:
        """The ``n``-th draw (from 0) of source ``key`` in ``instance``: a float in [0, 1)."""
        z = self.base ^ ((key + instance * INSTANCE + (n + 1) * GOLDEN) & MASK)
        z = (z ^ (z >> 30)) * MIX1 & MASK  # mix, inlined: this is the hot path
        z = (z ^ (z >> 27)) * MIX2 & MASK
        return ((z ^ (z >> 31)) >> 11) * TO_UNIT

    def next(self, key: int) -> float:
        """The next draw of a source counted per run (a rule's chance, a decision, a delay)."""
        n = self.counts.get(key, 0)
        self.counts[key] = n + 1
        return self.uniform(key, 0, n)
